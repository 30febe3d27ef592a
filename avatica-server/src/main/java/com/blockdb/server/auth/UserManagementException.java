package com.blockdb.server.auth;

/**
 * A user-management request that cannot be done as asked: a bad name, password or role (400), an
 * unknown user (404), a user that exists already or a change that would leave no enabled admin
 * (409). Nothing was written.
 */
public class UserManagementException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public UserManagementException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status that reports it: 400, 404 or 409. */
  public int status() {
    return status;
  }
}
