package com.blockdb.engine;

import com.blockdb.engine.util.Bytes;

/** A write named a key that is already stored (or earlier in the same batch); nothing was written. */
public class DuplicateKeyException extends BlockDbException {
  private static final long serialVersionUID = 1L;

  private final int table;
  private final byte[] key;

  public DuplicateKeyException(int table, byte[] key) {
    super(ErrorCode.DUPLICATE_KEY, "duplicate key '" + Bytes.printable(key) + "'"
        + (table == Tables.KV ? "" : " in table " + table)
        + ": BlockDB is append-only and never overwrites a key");
    this.table = table;
    this.key = key.clone();
  }

  public int table() {
    return table;
  }

  public byte[] key() {
    return key.clone();
  }
}
