package com.blockdb.engine;

/**
 * One committed ledger entry: what was written, where, when and by whom. Immutable.
 *
 * @param table the table (namespace) id, see {@link Tables}
 * @param key the key, unique within the table
 * @param value the value bytes
 * @param sequence the entry's position in the ledger, dense from 1
 * @param commitTimestamp the commit time in epoch milliseconds, taken from the commit log record
 * @param principal who wrote it (a user name, or {@code "local"} for the embedded default)
 */
public record Entry(int table, byte[] key, byte[] value, long sequence, long commitTimestamp,
    String principal) {

  public Entry {
    if (key == null || value == null || principal == null) {
      throw new NullPointerException("key, value and principal are required");
    }
  }
}
