package com.blockdb.engine.lock;

import com.blockdb.engine.util.Bytes;
import java.util.Arrays;
import java.util.Objects;

/**
 * A lockable resource: a table id and a key, compared by content.
 *
 * <p>The key is copied in and out, so a caller reusing its buffer cannot move a lock under the
 * lock table's feet.
 */
public record LockKey(int table, byte[] key) {

  /** Keys longer than this are cut in messages; the lock itself always uses the whole key. */
  private static final int PRINT_LIMIT = 64;

  public LockKey {
    Objects.requireNonNull(key, "key");
    key = key.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LockKey other && table == other.table && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return 31 * table + Arrays.hashCode(key);
  }

  /** {@code table 16 key 'abc'}, or the key in hex when it is not printable text. */
  @Override
  public String toString() {
    String printed = key.length <= PRINT_LIMIT
        ? Bytes.printable(key)
        : Bytes.printable(Arrays.copyOf(key, PRINT_LIMIT)) + "... (" + key.length + " bytes)";
    return "table " + table + " key '" + printed + "'";
  }
}
