package com.blockdb.jdbc.error;

/**
 * BlockDB's vendor error codes ({@link java.sql.SQLException#getErrorCode()}), stable across
 * releases and documented in README's SQL section. 1-99 mirror the engine's
 * {@link com.blockdb.engine.ErrorCode} ids; SQL-layer codes start at 100.
 */
public final class VendorCodes {
  public static final int DUPLICATE_KEY = 1;
  public static final int CORRUPTION = 3;
  public static final int IO_ERROR = 4;
  public static final int READ_ONLY = 5;
  public static final int DIRECTORY_IN_USE = 6;
  public static final int CLOSED = 7;
  public static final int INVALID_ARGUMENT = 8;
  public static final int UNSUPPORTED_FORMAT = 9;
  /** A transaction rolled back to break a deadlock, after a lock wait timeout or a failed commit. */
  public static final int TRANSACTION_ABORTED = 10;
  /** A key reserved by a prepared (XA) transaction that awaits its decision. */
  public static final int KEY_IN_DOUBT = 11;
  /** A cluster node without a quorum refused the statement; nothing was written (SQLState 58Q01). */
  public static final int NO_QUORUM = 12;
  /** A cluster commit whose outcome is unknown after a failover (SQLState 08007): read before retrying. */
  public static final int OUTCOME_UNKNOWN = 13;

  /** A statement BlockDB does not run (UPDATE, DELETE, DROP, ...): tables are append-only. */
  public static final int APPEND_ONLY = 100;
  /** A statement form or feature BlockDB does not support (views, functions, ...). */
  public static final int NOT_SUPPORTED = 101;
  /** SQL that does not parse. */
  public static final int SYNTAX_ERROR = 102;
  /** An unknown table, column, function or schema. */
  public static final int UNKNOWN_OBJECT = 103;
  /** A table that already exists. */
  public static final int TABLE_EXISTS = 104;
  /** A value of the wrong type for its column or parameter. */
  public static final int WRONG_TYPE = 105;
  /** NULL into a NOT NULL column. */
  public static final int NOT_NULL = 106;
  /** A string or binary value longer than its column allows. */
  public static final int TOO_LONG = 107;
  /** A number outside its column's range or precision. */
  public static final int OUT_OF_RANGE = 108;
  /** A table definition BlockDB refuses (no primary key, bad type, ...). */
  public static final int INVALID_DEFINITION = 109;
  /** Any other validation error reported by the SQL planner. */
  public static final int INVALID_STATEMENT = 110;
  /** A statement in a transaction that was already rolled back (call rollback() to go on). */
  public static final int TRANSACTION_FAILED = 111;
  /** A statement canceled by {@code Statement.cancel()} or stopped by its query timeout (57014). */
  public static final int CANCELED = 112;
  /** The server refused a connection: too many open, authentication or role (remote URLs). */
  public static final int CONNECTION_REFUSED = 113;
  /** A query stopped by the memory guard: the heap was over {@code memory_guard} and it held the most (53200). */
  public static final int OUT_OF_MEMORY = 114;
  /** An internal error: a bug, reported with its message rather than a stack trace. */
  public static final int INTERNAL = 199;

  private VendorCodes() {}
}
