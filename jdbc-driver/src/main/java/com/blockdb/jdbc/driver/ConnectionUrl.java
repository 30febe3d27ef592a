package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.error.VendorCodes;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A parsed embedded {@code jdbc:blockdb:} URL: {@code jdbc:blockdb:<dir>} or
 * {@code jdbc:blockdb:mem:<name>}, each optionally followed by {@code ;key=value} settings, merged
 * with the connection Properties (URL settings win). Remote URLs ({@link #REMOTE_PREFIX}) are
 * {@link RemoteUrl}s.
 *
 * @param database the directory path, or {@code mem:<name>}
 * @param fastPaths whether the JDBC fast paths are on ({@code fastpath=false} turns them off)
 * @param pushDown whether key filters narrow table scans ({@code pushdown=false}, a diagnostic
 *     switch, makes every scan read the whole table; results must not change)
 * @param transactionTimeoutSeconds how long an INSERT waits for another transaction's lock on
 *     its key before its transaction is rolled back with 40001 ({@code transaction_timeout},
 *     seconds, default 30 as in blockdb.toml {@code [cluster]}); the first connection that opens a
 *     database sets it for all
 * @param queryTimeoutSeconds the query timeout every statement of the connection starts with
 *     ({@code query_timeout}, whole seconds, default 0 = none; {@code Statement.setQueryTimeout}
 *     changes it per statement)
 * @param memoryGuard the memory guard's limit for the whole JVM ({@code memory_guard}, the fraction
 *     of the maximum heap in use after a collection above which the query holding the most is
 *     stopped with 53200; 0 turns the guard off; NaN when the URL does not set it, which leaves the
 *     limit as it is, 0.8 by default)
 */
public record ConnectionUrl(String database, boolean fastPaths, boolean pushDown, double transactionTimeoutSeconds,
    int queryTimeoutSeconds, double memoryGuard) {
  public static final String PREFIX = "jdbc:blockdb:";
  /** The remote form, {@code jdbc:blockdb:remote:http://host:port}, served by a blockdb-server. */
  public static final String REMOTE_PREFIX = PREFIX + "remote:";
  /** Settings a URL may carry; Properties may carry anything (tools add their own). */
  private static final Set<String> URL_KEYS = Set.of("fastpath", "pushdown", "transaction_timeout", "query_timeout",
      "memory_guard", "user", "password");

  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  public static ConnectionUrl parse(String url, Properties info) throws SQLException {
    String rest = url.substring(PREFIX.length());
    if (url.startsWith(REMOTE_PREFIX)) {
      // Remote URLs are opened by RemoteConnections before they get here; this names no directory.
      throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT,
          url + " is a remote URL, not an embedded database: open it through the driver", null);
    }
    String[] parts = rest.split(";");
    String database = parts[0].trim();
    if (database.isEmpty()) {
      throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT,
          "URL " + url + " names no database: use jdbc:blockdb:<dir> or jdbc:blockdb:mem:<name>", null);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (info != null) {
      for (String k : info.stringPropertyNames()) {
        settings.put(k.toLowerCase(Locale.ROOT), info.getProperty(k));
      }
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      if (eq < 0 || !URL_KEYS.contains(key)) {
        throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT, "unknown setting '" + p + "' in URL " + url
            + ": known settings are " + URL_KEYS, null);
      }
      settings.put(key, p.substring(eq + 1).trim());
    }
    String fast = settings.getOrDefault("fastpath", "true");
    if (!fast.equalsIgnoreCase("true") && !fast.equalsIgnoreCase("false")) {
      throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT, "fastpath must be true or false, not '" + fast + "'", null);
    }
    String push = settings.getOrDefault("pushdown", "true");
    if (!push.equalsIgnoreCase("true") && !push.equalsIgnoreCase("false")) {
      throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT, "pushdown must be true or false, not '" + push + "'", null);
    }
    String timeout = settings.getOrDefault("transaction_timeout", "30");
    double seconds;
    try {
      seconds = Double.parseDouble(timeout);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (!(seconds > 0 && seconds <= 86_400)) {
      throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT,
          "transaction_timeout must be a number of seconds between 0 and 86400, not '" + timeout + "'", null);
    }
    String query = settings.getOrDefault("query_timeout", "0");
    int querySeconds;
    try {
      querySeconds = Integer.parseInt(query.trim());
    } catch (NumberFormatException e) {
      querySeconds = -1;
    }
    if (querySeconds < 0) {
      throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT,
          "query_timeout must be a whole number of seconds (0 = none), not '" + query + "'", null);
    }
    String guard = settings.get("memory_guard");
    double memoryGuard = Double.NaN;
    if (guard != null) {
      try {
        memoryGuard = Double.parseDouble(guard.trim());
      } catch (NumberFormatException e) {
        memoryGuard = -1;
      }
      if (!(memoryGuard >= 0 && memoryGuard < 1)) {
        throw SqlErrors.create("08001", VendorCodes.INVALID_ARGUMENT,
            "memory_guard must be a fraction of the heap from 0 (off) to below 1, such as 0.8, not '" + guard + "'",
            null);
      }
    }
    return new ConnectionUrl(database, Boolean.parseBoolean(fast), Boolean.parseBoolean(push), seconds, querySeconds,
        memoryGuard);
  }

  /** {@link #transactionTimeoutSeconds} in nanoseconds. */
  public long transactionTimeoutNanos() {
    return (long) (transactionTimeoutSeconds * 1e9);
  }
}
