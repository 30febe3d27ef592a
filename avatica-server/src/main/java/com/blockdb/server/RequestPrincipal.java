package com.blockdb.server;

import com.blockdb.server.auth.Principal;
import java.util.function.Supplier;

/**
 * The authenticated principal of the JDBC request the current thread serves. The Avatica endpoint
 * sets it around each request after authenticating it; {@link BlockDbMeta} reads it to open
 * connections as that user and to check that a request touches only that user's connections.
 */
final class RequestPrincipal {
  /** Who a request runs as, and the header that authenticated it: one thread-local for both. */
  private record Current(Principal who, String authorization) {}

  private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

  private RequestPrincipal() {}

  /** Runs {@code action} as {@code who}, authenticated by nothing (a test, an internal call). */
  static <T> T callAs(Principal who, Supplier<T> action) {
    return callAs(who, null, action);
  }

  /** Runs {@code action} as {@code who}, authenticated by the request header {@code authorization}. */
  static <T> T callAs(Principal who, String authorization, Supplier<T> action) {
    Current before = CURRENT.get();
    CURRENT.set(new Current(who, authorization));
    try {
      return action.get();
    } finally {
      // Set rather than removed: a pool thread serves request after request, and removing the
      // entry each time costs more than keeping a null in it.
      CURRENT.set(before);
    }
  }

  /** The principal of this request, or null outside one. */
  static Principal current() {
    Current c = CURRENT.get();
    return c == null ? null : c.who();
  }

  /** The {@code Authorization} header this request was authenticated by, or null. */
  static String authorization() {
    Current c = CURRENT.get();
    return c == null ? null : c.authorization();
  }
}
