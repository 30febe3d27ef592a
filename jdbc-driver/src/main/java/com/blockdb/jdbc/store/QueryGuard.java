package com.blockdb.jdbc.store;

/**
 * Stops a statement that was canceled or ran past its query timeout: table scans and the ledger's
 * long functions call {@link #check} as they produce rows, so a runaway query ends at its next row.
 */
@FunctionalInterface
public interface QueryGuard {
  /** A guard that never stops anything. */
  QueryGuard NONE = () -> { };

  /**
   * Returns when the statement may go on.
   *
   * @throws com.blockdb.jdbc.error.SqlStateException SQLState 57014 when it must stop
   */
  void check();
}
