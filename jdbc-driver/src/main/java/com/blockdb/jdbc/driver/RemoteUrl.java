package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.error.VendorCodes;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A parsed {@code jdbc:blockdb:remote:http://host:port[;key=value...]} URL, turned into the
 * properties of Avatica's remote client: protobuf serialization unless the URL says otherwise, and
 * HTTP BASIC authentication from {@code user}/{@code password}. Settings in the URL win over
 * connection Properties. Only known settings are accepted, in the URL and in Properties alike, so
 * a URL cannot make the client load a class it names.
 *
 * @param serverUrl the server's {@code http(s)://host:port} address
 * @param avatica the properties handed to Avatica's client (and, filtered by the server, to the
 *     server-side connection)
 */
record RemoteUrl(String serverUrl, Properties avatica) {
  /** BlockDB's own settings, passed to the server (which takes only what it allows). */
  private static final Set<String> SERVER_KEYS = Set.of("fastpath", "query_timeout");
  /** Avatica client settings a URL may carry; class-naming ones (factory, httpclient_*) are not. */
  private static final Set<String> CLIENT_KEYS = Set.of("serialization", "authentication", "avatica_user",
      "avatica_password", "truststore", "truststore_password", "keystore", "keystore_password", "key_password",
      "keystore_type", "hostname_verification", "http_connection_timeout", "http_response_timeout", "fetch_size",
      "timezone");
  private static final Set<String> LOGIN_KEYS = Set.of("user", "password");

  static RemoteUrl parse(String url, Properties info) throws SQLException {
    String rest = url.substring(ConnectionUrl.REMOTE_PREFIX.length());
    String[] parts = rest.split(";");
    String server = parts[0].trim();
    checkServer(url, server);
    Map<String, String> settings = new LinkedHashMap<>();
    if (info != null) {
      for (String k : info.stringPropertyNames()) {
        String key = k.toLowerCase(Locale.ROOT);
        if (known(key)) {
          settings.put(key, info.getProperty(k));
        }
        // Other Properties are ignored, as the embedded driver ignores them: tools add their own.
      }
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      if (eq < 0 || !known(key)) {
        throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT, "unknown setting '" + p + "' in URL "
            + redact(url) + ": known settings are user, password, " + String.join(", ", SERVER_KEYS) + ", "
            + String.join(", ", CLIENT_KEYS), null);
      }
      settings.put(key, p.substring(eq + 1).trim());
    }
    Properties avatica = new Properties();
    avatica.setProperty("url", server);
    avatica.setProperty("serialization", "protobuf");
    // The driver's own transport and protocol service; never a class a URL or Properties name.
    avatica.setProperty("factory", RemoteServiceFactory.class.getName());
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key = e.getKey().equals("timezone") ? "timeZone" : e.getKey();
      if (!LOGIN_KEYS.contains(key) && e.getValue() != null) {
        avatica.setProperty(key, e.getValue());
      }
    }
    String user = settings.get("user");
    if (user != null && !user.isEmpty() && !avatica.containsKey("avatica_user")) {
      avatica.setProperty("avatica_user", user);
      avatica.setProperty("avatica_password", settings.getOrDefault("password", ""));
    }
    if (avatica.containsKey("avatica_user") && !avatica.containsKey("authentication")) {
      avatica.setProperty("authentication", "BASIC");
    }
    return new RemoteUrl(server, avatica);
  }

  private static boolean known(String key) {
    return SERVER_KEYS.contains(key) || CLIENT_KEYS.contains(key) || LOGIN_KEYS.contains(key);
  }

  private static void checkServer(String url, String server) throws SQLException {
    String problem = null;
    if (server.isEmpty()) {
      problem = "names no server";
    } else {
      try {
        URI uri = new URI(server);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          problem = "needs an http:// or https:// server address, not '" + server + "'";
        } else if (uri.getHost() == null) {
          problem = "names no host in '" + server + "'";
        }
      } catch (URISyntaxException e) {
        problem = "has a malformed server address: " + e.getMessage();
      }
    }
    if (problem != null) {
      throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT, "URL " + redact(url) + " " + problem
          + ": use jdbc:blockdb:remote:http://host:port", null);
    }
  }

  /** The URL with any password in it hidden, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;]*", "$1***");
  }
}
