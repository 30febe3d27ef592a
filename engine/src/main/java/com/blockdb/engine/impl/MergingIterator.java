package com.blockdb.engine.impl;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.sstable.TableIterator;
import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Ascending merge of memtable ranges and SSTable iterators of one pinned {@link Version}, filtered
 * to entries visible at a snapshot. Streams: holds one entry per source and one block per SSTable.
 * Keys are unique across sources (a key is written once), so no version resolution is needed.
 */
final class MergingIterator implements EntryIterator {

  /** One sorted source positioned on its current entry. */
  private abstract static class Source {
    byte[] key;
    byte[] value;

    /** Advances; false when exhausted. */
    abstract boolean advance() throws IOException;
  }

  private final PriorityQueue<Source> heap = new PriorityQueue<>((a, b) -> Bytes.compare(a.key, b.key));
  private final byte[] upper;
  private final long atSequence;
  private final Version version;
  private final java.util.concurrent.atomic.LongAdder visited;
  private Entry next;
  private boolean closed;

  MergingIterator(Version version, byte[] lower, byte[] upper, long atSequence) {
    this(version, lower, upper, atSequence, new java.util.concurrent.atomic.LongAdder());
  }

  /** As above, adding one to {@code visited} for every stored entry the merge passes over. */
  MergingIterator(Version version, byte[] lower, byte[] upper, long atSequence,
      java.util.concurrent.atomic.LongAdder visited) {
    this.visited = visited;
    this.version = version;
    this.upper = upper;
    this.atSequence = atSequence;
    try {
      List<Memtable> mems = new ArrayList<>();
      mems.add(version.active);
      mems.addAll(version.frozen);
      for (Memtable m : mems) {
        Iterator<? extends Map.Entry<byte[], byte[]>> it = m.range(lower, upper);
        push(new Source() {
          @Override
          boolean advance() {
            if (!it.hasNext()) {
              return false;
            }
            Map.Entry<byte[], byte[]> e = it.next();
            key = e.getKey();
            value = e.getValue();
            return true;
          }
        });
      }
      for (TableHandle t : version.tables) {
        TableIterator it = t.reader.iterator();
        if (lower != null) {
          it.seek(lower);
        }
        push(new Source() {
          @Override
          boolean advance() throws IOException {
            if (!it.next()) {
              return false;
            }
            key = it.key();
            value = it.value();
            return true;
          }
        });
      }
    } catch (IOException e) {
      close();
      throw new BlockDbException(ErrorCode.IO_ERROR, "scan failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void push(Source s) throws IOException {
    if (s.advance() && (upper == null || Bytes.compare(s.key, upper) < 0)) {
      heap.add(s);
    }
  }

  @Override
  public boolean hasNext() {
    while (next == null && !closed) {
      Source s = heap.poll();
      if (s == null) {
        close();
        return false;
      }
      byte[] k = s.key;
      byte[] v = s.value;
      visited.increment();
      try {
        push(s);
      } catch (IOException e) {
        close();
        throw new UncheckedIOException(e);
      }
      if (StoredValue.sequence(v) <= atSequence) {
        next = StoredValue.toEntry(k, v);
      }
    }
    return next != null;
  }

  @Override
  public Entry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Entry e = next;
    next = null;
    return e;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      heap.clear();
      version.release();
    }
  }
}
