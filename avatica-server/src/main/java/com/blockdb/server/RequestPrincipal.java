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
  private static final ThreadLocal<String> AUTHORIZATION = new ThreadLocal<>();

  private RequestPrincipal() {}

  /** Runs {@code action} as {@code who}, authenticated by nothing (a test, an internal call). */
  static <T> T callAs(Principal who, Supplier<T> action) {
    return callAs(who, null, action);
  }

  /** Runs {@code action} as {@code who}, authenticated by the request header {@code authorization}. */
  static <T> T callAs(Principal who, String authorization, Supplier<T> action) {
    Principal before = CURRENT.get();
    String beforeAuthorization = AUTHORIZATION.get();
    CURRENT.set(who);
    AUTHORIZATION.set(authorization);
    try {
      return action.get();
    } finally {
      if (before == null) {
        CURRENT.remove();
        AUTHORIZATION.remove();
      } else {
        CURRENT.set(before);
        AUTHORIZATION.set(beforeAuthorization);
      }
    }
  }

  /** The principal of this request, or null outside one. */
  static Principal current() {
    return CURRENT.get();
  }

  /** The {@code Authorization} header this request was authenticated by, or null. */
  static String authorization() {
    return AUTHORIZATION.get();
  }
}
