package com.blockdb.server.backup;

import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Principal;
import com.blockdb.server.auth.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/** A fixed table of BASIC users for the endpoint tests: admin and reader, password "pw". */
final class TestAuthenticator implements Authenticator {
  private static final Map<String, Set<Role>> USERS = Map.of("admin", Set.of(Role.ADMIN), "reader",
      Set.of(Role.READER), "auditor", Set.of(Role.AUDITOR));

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Principal authenticate(String header) {
    if (header == null) {
      throw new AuthenticationException(401, "credentials required");
    }
    for (Map.Entry<String, Set<Role>> u : USERS.entrySet()) {
      if (header.equals(basic(u.getKey(), "pw"))) {
        return new Principal(u.getKey(), u.getValue());
      }
    }
    throw new AuthenticationException(401, "wrong user or password");
  }
}
