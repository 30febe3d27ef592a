package com.blockdb.server.auth;

import java.time.Instant;

/**
 * A bearer token from a login: send it as {@code Authorization: Bearer <token>} until
 * {@code expiresAt}, or until the user's roles are revoked, its password changes or it is disabled.
 */
public record LoginToken(String user, String token, Instant expiresAt) {
  /** Never shows the token. */
  @Override
  public String toString() {
    return "LoginToken[user=" + user + ", expiresAt=" + expiresAt + "]";
  }
}
