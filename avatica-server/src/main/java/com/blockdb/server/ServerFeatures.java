package com.blockdb.server;

import com.blockdb.server.auth.Authenticator;
import java.util.List;
import org.eclipse.jetty.server.Handler;

/**
 * The server's HTTP features besides JDBC: the authenticator every endpoint (the JDBC one included)
 * asks, and the Jetty handlers that take their own paths, in the order they see a request (auth
 * endpoints, REST, metrics, backup); the JDBC endpoint comes after them. Each handler leaves
 * requests for other paths unhandled.
 */
public record ServerFeatures(Authenticator authenticator, List<Handler> handlers) {
  public ServerFeatures {
    if (authenticator == null) {
      throw new IllegalArgumentException("a server needs an authenticator");
    }
    handlers = List.copyOf(handlers);
  }

  /** Builds the features of one server run, once its database is open. */
  @FunctionalInterface
  public interface Factory {
    ServerFeatures create(ServerContext context);
  }
}
