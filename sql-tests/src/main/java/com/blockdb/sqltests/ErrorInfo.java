package com.blockdb.sqltests;

import java.sql.SQLException;

/**
 * What an action threw: the exception class, SQLState, vendor code and message. A driver that throws
 * something other than an {@link SQLException} is recorded with {@code sqlException} false.
 */
public record ErrorInfo(
    String exceptionClass, boolean sqlException, String sqlState, int vendorCode, String message) {

  static ErrorInfo of(Throwable t) {
    if (t instanceof SQLException e) {
      return new ErrorInfo(
          e.getClass().getSimpleName(), true, e.getSQLState(), e.getErrorCode(), e.getMessage());
    }
    return new ErrorInfo(t.getClass().getName(), false, null, 0, t.getMessage());
  }

  /** Whether the exception is a {@link java.sql.BatchUpdateException} (or a subclass of one). */
  public boolean batchUpdate() {
    return exceptionClass.contains("BatchUpdateException");
  }

  @Override
  public String toString() {
    return (sqlException ? "" : "non-SQLException ") + exceptionClass + " SQLState " + sqlState
        + " vendor code " + vendorCode + ": " + message;
  }
}
