package com.blockdb.engine;

/** Reserved table (namespace) ids. Every entry belongs to one table; ids are part of the ledger. */
public final class Tables {
  /** The key/value store the CLI and REST API write: {@code BLOCKDB.KV} in SQL. */
  public static final int KV = 0;
  /** The catalog: SQL table definitions, themselves ledger entries. */
  public static final int CATALOG = 1;
  /** Server users: every create, grant, revoke, password change is one entry (FORMAT.md "Users"). */
  public static final int USERS = 2;
  /** Ids below this are reserved for the system; SQL tables get ids from here on. */
  public static final int FIRST_USER_TABLE = 16;

  private Tables() {}
}
