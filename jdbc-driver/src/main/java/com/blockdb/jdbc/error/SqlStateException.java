package com.blockdb.jdbc.error;

/**
 * An error with its SQLState and BlockDB vendor code, thrown below the JDBC layer (codecs, tables,
 * DDL) and turned into the right {@link java.sql.SQLException} subclass by the driver's
 * {@code SqlErrors}.
 */
public class SqlStateException extends RuntimeException {
  private final String sqlState;
  private final int vendorCode;

  public SqlStateException(String sqlState, int vendorCode, String message) {
    super(message);
    this.sqlState = sqlState;
    this.vendorCode = vendorCode;
  }

  public SqlStateException(String sqlState, int vendorCode, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
    this.vendorCode = vendorCode;
  }

  public String sqlState() {
    return sqlState;
  }

  public int vendorCode() {
    return vendorCode;
  }
}
