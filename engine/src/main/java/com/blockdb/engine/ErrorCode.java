package com.blockdb.engine;

/**
 * Why an engine operation failed. Ids are stable: the JDBC and HTTP layers map them to SQLStates and
 * status codes in one place each, and the CLI to exit codes. Retired ids are never reused.
 */
public enum ErrorCode {
  /** A key (or primary key) was already written; BlockDB never overwrites. */
  DUPLICATE_KEY(1),
  /** A key that was asked for is not stored. */
  NOT_FOUND(2),
  /** A checksum, hash or structural check failed on stored bytes. */
  CORRUPTION(3),
  /** The operating system reported an I/O error. */
  IO_ERROR(4),
  /** A failed fsync made the engine refuse further writes until it is reopened. */
  READ_ONLY(5),
  /** Another process (or another open in this process) holds the data directory. */
  DIRECTORY_IN_USE(6),
  /** The database was closed. */
  CLOSED(7),
  /** An argument broke a documented limit (empty key, oversized value, bad option). */
  INVALID_ARGUMENT(8),
  /** The files were written by a newer or unknown format version. */
  UNSUPPORTED_FORMAT(9),
  /** A transaction was aborted to break a deadlock or after a lock wait timed out; retry it. */
  TRANSACTION_ABORTED(10),
  /**
   * A key is reserved by a prepared transaction whose commit or abort decision is not known yet;
   * retry once it is decided.
   */
  KEY_IN_DOUBT(11),
  /**
   * A cluster node could not reach a quorum (or no leader was elected) within the write timeout;
   * nothing was proposed, so nothing was written. Retry later.
   */
  NO_QUORUM(12),
  /**
   * A write was proposed to the cluster but no answer came back (the leader failed or lost its
   * quorum meanwhile): it may or may not have been committed. Read before retrying.
   */
  OUTCOME_UNKNOWN(13);

  private final int id;

  ErrorCode(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }
}
