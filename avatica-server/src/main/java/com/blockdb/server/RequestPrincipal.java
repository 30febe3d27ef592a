package com.blockdb.server;

import com.blockdb.server.auth.Principal;
import java.util.function.Supplier;

/**
 * The authenticated principal of the JDBC request the current thread serves. The Avatica endpoint
 * sets it around each request after authenticating it; {@link BlockDbMeta} reads it to open
 * connections as that user and to check that a request touches only that user's connections.
 */
final class RequestPrincipal {
  private static final ThreadLocal<Principal> CURRENT = new ThreadLocal<>();

  private RequestPrincipal() {}

  /** Runs {@code action} as {@code who}. */
  static <T> T callAs(Principal who, Supplier<T> action) {
    Principal before = CURRENT.get();
    CURRENT.set(who);
    try {
      return action.get();
    } finally {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    }
  }

  /** The principal of this request, or null outside one. */
  static Principal current() {
    return CURRENT.get();
  }
}
