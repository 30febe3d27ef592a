package com.blockdb.server;

import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.AvaticaSeverity;

/**
 * An error as the server sends it to a JDBC client: SQLState, vendor code and message, and no
 * stack trace. Avatica sends an exception's printed trace to the client; this one prints as its
 * message alone, which BlockDB's remote driver reads back as the exact message the embedded
 * driver would have given.
 */
final class RemoteError extends AvaticaRuntimeException {
  private static final long serialVersionUID = 1L;

  RemoteError(String message, int vendorCode, String sqlState) {
    super(message, vendorCode, sqlState, AvaticaSeverity.ERROR);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // nothing of the server's insides goes to clients, and it costs nothing
  }

  @Override
  public String toString() {
    return getErrorMessage();
  }
}
