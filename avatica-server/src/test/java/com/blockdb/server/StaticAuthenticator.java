package com.blockdb.server;

import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Principal;
import com.blockdb.server.auth.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A test authenticator: HTTP BASIC against a fixed table of users, passwords and roles (the real
 * one, with users kept in the ledger, is the auth module's LedgerAuthenticator).
 */
final class StaticAuthenticator implements Authenticator {
  private record User(String password, Set<Role> roles) {}

  private final Map<String, User> users = new HashMap<>();

  StaticAuthenticator add(String user, String password, Role... roles) {
    users.put(user, new User(password, Set.of(roles)));
    return this;
  }

  @Override
  public Principal authenticate(String header) {
    if (header == null) {
      throw new AuthenticationException(401, "credentials required");
    }
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new AuthenticationException(401, "only Basic credentials are accepted");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException(401, "malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    String name = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    User u = users.get(name);
    if (u == null || !u.password().equals(password)) {
      throw new AuthenticationException(401, "wrong user or password");
    }
    return new Principal(name, u.roles());
  }
}
