package com.blockdb.sqltests.server;

import com.blockdb.server.ServerFeatures;
import com.blockdb.server.ServerMain;
import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Principal;
import com.blockdb.server.auth.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * blockdb-server (its real main: flags, config, signals, exit codes) with a fixed table of test
 * users checked by HTTP BASIC: {@code local} (admin: rows read as the embedded driver's) and
 * {@code rita} (reader), password {@code pw}. Stands in for the server's own user store (the auth
 * module's LedgerAuthenticator) in the integration tests that start a server process.
 */
public final class TestServerMain {
  static final String PASSWORD = "pw";
  private static final Map<String, Set<Role>> USERS = Map.of("local", Set.of(Role.ADMIN), "rita", Set.of(Role.READER));

  private TestServerMain() {}

  public static void main(String[] args) {
    Authenticator users = TestServerMain::authenticate;
    System.exit(ServerMain.run(args, ctx -> new ServerFeatures(users, List.of())));
  }

  private static Principal authenticate(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      throw new AuthenticationException(401, "credentials required");
    }
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException(401, "malformed Basic credentials");
    }
    int colon = pair.indexOf(':');
    String user = colon < 0 ? pair : pair.substring(0, colon);
    Set<Role> roles = USERS.get(user);
    if (roles == null || colon < 0 || !pair.substring(colon + 1).equals(PASSWORD)) {
      throw new AuthenticationException(401, "wrong user or password");
    }
    return new Principal(user, roles);
  }
}
