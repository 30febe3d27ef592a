package com.blockdb.server;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The connection properties a remote client may set on its server-side connection: a whitelist,
 * because Avatica forwards whatever the client sends to the server's driver, and properties such
 * as {@code model}, {@code schemaFactory}, {@code parserFactory} or {@code fun} would make the
 * server load classes the client names (DESIGN.md, pitfalls). {@code user} and {@code password}
 * are dropped as well: the connection's user is the authenticated principal, never a property.
 */
final class ClientProperties {
  /** What a client may set: the fast paths switch and its own (lower) query timeout. */
  static final Set<String> ALLOWED = Set.of("fastpath", "query_timeout");

  private ClientProperties() {}

  /**
   * The properties of a new server-side connection: the allowed ones of {@code client}, and the
   * query timeout, which is {@code requestTimeoutSeconds} unless the client asks for less.
   *
   * @param dropped receives the names (never the values) of what was dropped, for the log
   */
  static Properties filter(Map<String, String> client, int requestTimeoutSeconds, Set<String> dropped) {
    Properties p = new Properties();
    int timeout = requestTimeoutSeconds;
    if (client != null) {
      for (Map.Entry<String, String> e : client.entrySet()) {
        String key = e.getKey() == null ? "" : e.getKey().toLowerCase(Locale.ROOT);
        String value = e.getValue();
        if (!ALLOWED.contains(key) || value == null) {
          dropped.add(e.getKey());
        } else if (key.equals("query_timeout")) {
          timeout = lowerTimeout(requestTimeoutSeconds, value);
        } else if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
          p.setProperty(key, value);
        } else {
          dropped.add(e.getKey());
        }
      }
    }
    p.setProperty("query_timeout", Integer.toString(timeout));
    return p;
  }

  /** A client's query timeout counts only when it is stricter than the server's. */
  private static int lowerTimeout(int server, String value) {
    int asked;
    try {
      asked = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return server;
    }
    if (asked <= 0) {
      return server;
    }
    return server == 0 ? asked : Math.min(asked, server);
  }

  /** For messages: the allowed names. */
  static String allowedNames() {
    return String.join(", ", new TreeSet<>(ALLOWED));
  }
}
