package com.blockdb.server.auth;

import java.util.Set;

/**
 * An authenticated user (or the anonymous principal, when the configuration explicitly allows
 * unauthenticated access) and the roles it holds at the moment of the request.
 */
public record Principal(String user, Set<Role> roles) {
  public Principal {
    roles = Set.copyOf(roles);
  }

  /** Whether one of the roles grants {@code p}. */
  public boolean can(Permission p) {
    for (Role r : roles) {
      if (r.grants(p)) {
        return true;
      }
    }
    return false;
  }
}
