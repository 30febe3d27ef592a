package com.blockdb.server.rest;

import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Principal;
import com.blockdb.server.auth.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Test-only authenticator: one fixed Basic user per role ({@code admin}, {@code writer},
 * {@code reader}, {@code auditor}, each with password {@code <name>-pw}), so the REST tests do not
 * depend on the ledger-backed one.
 */
public final class FixedAuthenticator implements Authenticator {
  private static final Map<String, Role> USERS = Map.of("admin", Role.ADMIN, "writer", Role.WRITER,
      "reader", Role.READER, "auditor", Role.AUDITOR);

  /** The Authorization header value of a fixed user. */
  public static String basic(String user) {
    return basic(user, user + "-pw");
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Principal authenticate(String header) {
    if (header == null) {
      throw new AuthenticationException(401, "credentials required");
    }
    if (!header.startsWith("Basic ")) {
      throw new AuthenticationException(401, "unsupported authorization scheme");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException(401, "malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    Role role = USERS.get(user);
    if (role == null || colon < 0 || !decoded.substring(colon + 1).equals(user + "-pw")) {
      throw new AuthenticationException(401, "wrong user name or password");
    }
    return new Principal(user, Set.of(role));
  }
}
