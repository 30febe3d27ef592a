package com.blockdb.server.auth;

/**
 * Turns a request's {@code Authorization} header into a principal: {@code Basic} user and
 * password, or {@code Bearer} token from the login endpoint. The REST handlers and the Avatica
 * JDBC endpoint both ask it on every request.
 */
public interface Authenticator {

  /**
   * The principal of {@code authorizationHeader} (null when the request sent none).
   *
   * @throws AuthenticationException 401 when credentials are missing (and anonymous access is not
   *     configured), malformed, or wrong
   */
  Principal authenticate(String authorizationHeader);

  /** Throws 403 unless {@code who} holds {@code p}. */
  default void require(Principal who, Permission p) {
    if (!who.can(p)) {
      throw new AuthenticationException(403, "user '" + who.user() + "' lacks the " + p
          + " permission (roles " + who.roles() + ")");
    }
  }
}
