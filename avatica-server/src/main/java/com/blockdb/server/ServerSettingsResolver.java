package com.blockdb.server;

import com.blockdb.cli.CliException;
import com.blockdb.cli.ConfigFile;
import com.blockdb.cli.Settings;
import com.blockdb.cli.SettingsResolver;
import com.blockdb.server.cluster.ClusterFlags;
import com.blockdb.server.cluster.ClusterSettings;
import com.blockdb.server.cluster.ClusterSettingsResolver;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Weighs the server's configuration sources: command-line flags over environment variables over
 * the config file over the built-in defaults. {@code [database]} and the data directory are read
 * by the CLI's own code ({@link SettingsResolver}), so that every tool reads one file the same way;
 * {@code [server]} and {@code [logging]} are read here. Every problem is a
 * {@link ServerConfigException} naming the key and where it came from.
 */
public final class ServerSettingsResolver {
  /** Environment variable for the port, over {@code [server] port}. */
  public static final String ENV_PORT = "BLOCKDB_SERVER_PORT";
  /** Environment variable for the log level, over {@code [logging] level}. */
  public static final String ENV_LOG_LEVEL = "BLOCKDB_LOG_LEVEL";
  /** Environment variable for the first administrator's password, over {@code [server] admin_password}. */
  public static final String ENV_ADMIN_PASSWORD = "BLOCKDB_ADMIN_PASSWORD";
  /** Environment variable for the TLS keystore's password, over {@code [server] tls_keystore_password}. */
  public static final String ENV_TLS_PASSWORD = "BLOCKDB_TLS_KEYSTORE_PASSWORD";
  /** Environment variable for the memory guard's limit, over {@code [server] memory_guard}. */
  public static final String ENV_MEMORY_GUARD = "BLOCKDB_MEMORY_GUARD";

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;
  public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
  public static final long DEFAULT_CONNECTION_EXPIRY_SECONDS = 600;
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
  public static final long DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 30;
  public static final String DEFAULT_ADMIN_USER = "admin";
  public static final double DEFAULT_TRANSACTION_TIMEOUT_SECONDS = 30;
  /** The heap fraction in use after a collection above which the largest query is stopped (53200). */
  public static final double DEFAULT_MEMORY_GUARD = 0.8;

  static final Set<String> SERVER_KEYS = Set.of("host", "port", "max_connections", "request_timeout",
      "enable_cors", "enable_compression", "connection_expiry", "tls_keystore", "tls_keystore_password",
      "allow_anonymous", "admin_user", "admin_password", "max_body_bytes", "shutdown_timeout",
      "memory_guard");
  static final Set<String> LOGGING_KEYS = Set.of("level", "file");
  static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

  private ServerSettingsResolver() {}

  /**
   * Resolves one run's settings.
   *
   * @param hostFlag {@code --host}, or null
   * @param portFlag {@code --port}, or null
   * @param dataDirFlag {@code --data-dir}, or null
   * @param configFlag {@code --config}, or null
   * @param env the process environment
   */
  public static ServerSettings resolve(String hostFlag, Integer portFlag, String dataDirFlag, Path configFlag,
      Map<String, String> env) {
    return resolve(hostFlag, portFlag, dataDirFlag, configFlag, null, env, ClusterFlags.NONE);
  }

  /**
   * As {@link #resolve(String, Integer, String, Path, Map)}, with {@code --memory-guard} (null: not
   * given).
   */
  public static ServerSettings resolve(String hostFlag, Integer portFlag, String dataDirFlag, Path configFlag,
      Double memoryGuardFlag, Map<String, String> env) {
    return resolve(hostFlag, portFlag, dataDirFlag, configFlag, memoryGuardFlag, env, ClusterFlags.NONE);
  }

  /**
   * As {@link #resolve(String, Integer, String, Path, Map)}, with the cluster flags: a node id from
   * them, the environment or {@code [cluster]} makes the server a cluster node
   * ({@link ClusterSettingsResolver}).
   */
  public static ServerSettings resolve(String hostFlag, Integer portFlag, String dataDirFlag, Path configFlag,
      Map<String, String> env, ClusterFlags clusterFlags) {
    return resolve(hostFlag, portFlag, dataDirFlag, configFlag, null, env, clusterFlags);
  }

  /** All flags: {@code --memory-guard} (null: not given) and the cluster flags. */
  public static ServerSettings resolve(String hostFlag, Integer portFlag, String dataDirFlag, Path configFlag,
      Double memoryGuardFlag, Map<String, String> env, ClusterFlags clusterFlags) {
    ConfigFile config;
    Settings database;
    try {
      config = configFlag == null ? null : ConfigFile.read(configFlag);
      database = SettingsResolver.resolve(dataDirFlag, config, env);
    } catch (CliException e) {
      throw new ServerConfigException(e.getMessage());
    }
    Path file = config == null ? null : config.path();
    ConfigSection server = new ConfigSection("server", config == null ? null : config.section("server"), file,
        SERVER_KEYS);
    ConfigSection logging = new ConfigSection("logging", config == null ? null : config.section("logging"), file,
        LOGGING_KEYS);

    String host = hostFlag != null ? nonBlank(hostFlag, "--host") : server.text("host").orElse(DEFAULT_HOST);

    int port;
    if (portFlag != null) {
      port = port(portFlag, "--port");
    } else if (present(env, ENV_PORT)) {
      port = port(parseLong(env.get(ENV_PORT), "environment variable " + ENV_PORT), "environment variable " + ENV_PORT);
    } else {
      OptionalLong p = server.number("port");
      port = p.isPresent() ? port(p.getAsLong(), server.where("port")) : DEFAULT_PORT;
    }

    int maxConnections = (int) range(server, "max_connections", DEFAULT_MAX_CONNECTIONS, 1, 100_000);
    int requestTimeout = (int) range(server, "request_timeout", DEFAULT_REQUEST_TIMEOUT_SECONDS, 0, 86_400);
    long expiry = range(server, "connection_expiry", DEFAULT_CONNECTION_EXPIRY_SECONDS, 1, 7 * 86_400);
    long maxBody = range(server, "max_body_bytes", DEFAULT_MAX_BODY_BYTES, 1024, 1L << 30);
    long shutdown = range(server, "shutdown_timeout", DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, 0, 3600);
    boolean cors = server.bool("enable_cors").orElse(false);
    boolean compression = server.bool("enable_compression").orElse(true);
    boolean anonymous = server.bool("allow_anonymous").orElse(false);

    Path keystore = server.text("tls_keystore").map(k -> path(k, server.where("tls_keystore"))).orElse(null);
    String keystorePassword = present(env, ENV_TLS_PASSWORD) ? env.get(ENV_TLS_PASSWORD)
        : server.text("tls_keystore_password").orElse(null);
    if (keystore != null && keystorePassword == null) {
      throw new ServerConfigException("tls_keystore in [server] of config file " + file
          + " needs a password: set tls_keystore_password or " + ENV_TLS_PASSWORD);
    }

    String adminUser = server.text("admin_user").orElse(DEFAULT_ADMIN_USER);
    String adminPassword = present(env, ENV_ADMIN_PASSWORD) ? env.get(ENV_ADMIN_PASSWORD)
        : server.text("admin_password").orElse(null);

    String level;
    if (present(env, ENV_LOG_LEVEL)) {
      level = level(env.get(ENV_LOG_LEVEL), "environment variable " + ENV_LOG_LEVEL);
    } else {
      Optional<String> l = logging.text("level");
      level = l.isPresent() ? level(l.get(), logging.where("level")) : "info";
    }
    Path logFile = logging.text("file").map(f -> path(f, logging.where("file"))).orElse(null);

    double txnTimeout = transactionTimeout(config);
    ClusterSettings cluster = ClusterSettingsResolver.resolve(clusterFlags, host, port, config, env);

    double memoryGuard;
    if (memoryGuardFlag != null) {
      memoryGuard = memoryGuard(memoryGuardFlag, "--memory-guard");
    } else if (present(env, ENV_MEMORY_GUARD)) {
      memoryGuard = memoryGuard(parseDouble(env.get(ENV_MEMORY_GUARD), "environment variable " + ENV_MEMORY_GUARD),
          "environment variable " + ENV_MEMORY_GUARD);
    } else {
      var f = server.fraction("memory_guard");
      memoryGuard = f.isPresent() ? memoryGuard(f.getAsDouble(), server.where("memory_guard")) : DEFAULT_MEMORY_GUARD;
    }

    return new ServerSettings(database.dataDir(), database.options(), txnTimeout, host, port, maxConnections,
        requestTimeout, cors, compression, Duration.ofSeconds(expiry), keystore, keystorePassword, anonymous,
        adminUser, adminPassword, maxBody, Duration.ofSeconds(shutdown), level, logFile, file, memoryGuard, cluster);
  }

  /** {@code [cluster] transaction_timeout}, the one key of that section a single server uses. */
  private static double transactionTimeout(ConfigFile config) {
    var cluster = config == null ? null : config.section("cluster");
    var v = cluster == null ? null : cluster.get("transaction_timeout");
    if (v == null) {
      return DEFAULT_TRANSACTION_TIMEOUT_SECONDS;
    }
    if (!v.isNumber() || !(v.doubleValue() > 0 && v.doubleValue() <= 86_400)) {
      throw new ServerConfigException("invalid value for transaction_timeout in [cluster] of config file "
          + config.path() + ": expected seconds between 0 and 86400, got " + v);
    }
    return v.doubleValue();
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isEmpty();
  }

  private static String nonBlank(String v, String source) {
    if (v.isBlank()) {
      throw new ServerConfigException("empty value given by " + source);
    }
    return v;
  }

  private static long parseLong(String v, String source) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ServerConfigException("invalid value '" + v + "' given by " + source + ": expected a whole number");
    }
  }

  private static double parseDouble(String v, String source) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new ServerConfigException("invalid value '" + v + "' given by " + source + ": expected a number");
    }
  }

  private static double memoryGuard(double f, String source) {
    if (!(f >= 0 && f < 1)) {
      throw new ServerConfigException("invalid memory_guard " + f + " given by " + source
          + ": expected a fraction of the heap from 0 (off) to below 1, such as 0.8");
    }
    return f;
  }

  private static int port(long p, String source) {
    if (p < 0 || p > 65_535) {
      throw new ServerConfigException("invalid port " + p + " given by " + source
          + ": expected 1 to 65535 (or 0 for any free port)");
    }
    return (int) p;
  }

  private static long range(ConfigSection s, String key, long dflt, long min, long max) {
    OptionalLong v = s.number(key);
    if (v.isEmpty()) {
      return dflt;
    }
    long x = v.getAsLong();
    if (x < min || x > max) {
      throw new ServerConfigException("invalid value for " + s.where(key) + ": " + x + " is outside " + min
          + ".." + max);
    }
    return x;
  }

  private static String level(String v, String source) {
    String l = v.trim().toLowerCase(Locale.ROOT);
    if (l.equals("warning")) {
      l = "warn";
    }
    if (!LOG_LEVELS.contains(l)) {
      throw new ServerConfigException("invalid log level '" + v + "' given by " + source
          + ": expected trace, debug, info, warn, error or off");
    }
    return l;
  }

  private static Path path(String v, String source) {
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new ServerConfigException("invalid path '" + v + "' given by " + source + ": " + e.getReason());
    }
  }
}
