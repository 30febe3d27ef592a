package com.blockdb.server.auth;

/** A request the auth endpoints refuse with {@code status} and a message naming the problem. */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
