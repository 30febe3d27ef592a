package com.blockdb.server;

/** The server could not start: the port is taken, the keystore unusable, the data directory in use or damaged. */
public final class ServerStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServerStartException(String message) {
    super(message);
  }
}
