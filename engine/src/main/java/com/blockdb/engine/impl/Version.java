package com.blockdb.engine.impl;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable view of where entries live: the active memtable, memtables waiting to be flushed
 * (newest first) and the live SSTables. Swapped whole on every change; readers pin one with
 * {@link #tryRetain()} so the files it lists outlive their reads.
 */
final class Version {

  final Memtable active;
  final List<Memtable> frozen;
  final List<TableHandle> tables;
  private final AtomicInteger refs = new AtomicInteger(1);

  Version(Memtable active, List<Memtable> frozen, List<TableHandle> tables) {
    this.active = active;
    this.frozen = List.copyOf(frozen);
    this.tables = List.copyOf(tables);
    for (TableHandle t : this.tables) {
      t.retain();
    }
  }

  /** Pins this version; false if it was already released (the caller then reads the newer one). */
  boolean tryRetain() {
    while (true) {
      int r = refs.get();
      if (r == 0) {
        return false;
      }
      if (refs.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      for (TableHandle t : tables) {
        t.release();
      }
    }
  }
}
