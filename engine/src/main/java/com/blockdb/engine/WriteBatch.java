package com.blockdb.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes committed atomically: all of them become visible together, in one ledger transaction, or
 * none does. Not thread-safe; build it on one thread, then hand it to {@link BlockDb#write}.
 */
public final class WriteBatch {

  /** One put of a batch. */
  public record Put(int table, byte[] key, byte[] value) {}

  private final List<Put> puts = new ArrayList<>();
  private long bytes;

  public WriteBatch put(byte[] key, byte[] value) {
    return put(Tables.KV, key, value);
  }

  public WriteBatch put(int table, byte[] key, byte[] value) {
    Limits.checkKey(key);
    Limits.checkValue(value);
    puts.add(new Put(table, key.clone(), value.clone()));
    bytes += key.length + value.length;
    return this;
  }

  /**
   * As {@link #put(int, byte[], byte[])}, but the batch takes the arrays as they are instead of
   * copying them: the caller must not change them afterwards (for callers that build fresh arrays
   * per put, such as the SQL layer's row encoder).
   */
  public WriteBatch putOwned(int table, byte[] key, byte[] value) {
    Limits.checkKey(key);
    Limits.checkValue(value);
    puts.add(new Put(table, key, value));
    bytes += key.length + value.length;
    return this;
  }

  public List<Put> puts() {
    return Collections.unmodifiableList(puts);
  }

  public int size() {
    return puts.size();
  }

  public boolean isEmpty() {
    return puts.isEmpty();
  }

  /** Approximate bytes of keys and values, for flow control. */
  public long approximateBytes() {
    return bytes;
  }
}
