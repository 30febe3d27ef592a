package com.blockdb.server.auth;

/** Credentials missing, malformed or wrong (HTTP 401), or a permission missing (403). */
public class AuthenticationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public AuthenticationException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** 401 (who are you?) or 403 (you may not). */
  public int status() {
    return status;
  }
}
