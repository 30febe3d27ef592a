package com.blockdb.server;

/** A bad flag, environment variable, config file or config value: one line naming the key and its source. */
public final class ServerConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServerConfigException(String message) {
    super(message);
  }
}
