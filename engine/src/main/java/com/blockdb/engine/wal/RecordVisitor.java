package com.blockdb.engine.wal;

/** Receives WAL records in index order while a log is re-read from disk. */
@FunctionalInterface
public interface RecordVisitor {

  /** Called once per record; {@code payload} is a fresh array the visitor may keep. */
  void accept(long index, byte[] payload);
}
