package com.blockdb.server;

import com.blockdb.engine.Options;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything one server run is configured with, after flags, environment, config file and
 * defaults were weighed (see {@link ServerSettingsResolver}; README.md "Server" lists every key).
 *
 * @param dataDir the data directory
 * @param engine the engine settings ({@code [database]})
 * @param transactionTimeoutSeconds how long an INSERT waits for another transaction's lock
 *     ({@code [cluster] transaction_timeout})
 * @param host the interface to listen on
 * @param port the HTTP port (0: any free port)
 * @param maxConnections JDBC connections open at once, over all clients
 * @param requestTimeoutSeconds the query timeout of every remote statement, per request (0: none)
 * @param enableCors whether browsers of any origin may call the HTTP API
 * @param enableCompression whether responses over 1 KiB are gzip-compressed for clients that accept it
 * @param connectionExpiry how long an idle JDBC connection (and statement) lives on the server
 * @param tlsKeystore the keystore of the server's TLS certificate (null: plain HTTP)
 * @param tlsKeystorePassword its password
 * @param allowAnonymous whether requests without credentials are served
 * @param adminUser the first administrator's name, created at initialisation
 * @param adminPassword the first administrator's password (null: none configured)
 * @param maxBodyBytes the largest request body accepted (larger: HTTP 413)
 * @param shutdownTimeout how long a shutdown waits for requests in flight
 * @param logLevel the level of the server's log (trace, debug, info, warn, error, off)
 * @param logFile the log file (null: the console)
 * @param configFile the config file read (null: none)
 * @param memoryGuard the fraction of the maximum heap in use after a garbage collection above which
 *     the running query that holds the most is stopped with 53200 (0: never)
 * @param cluster how the server runs as a cluster node (null: a single server; docs/CLUSTER.md)
 */
public record ServerSettings(Path dataDir, Options engine, double transactionTimeoutSeconds, String host, int port,
    int maxConnections, int requestTimeoutSeconds, boolean enableCors, boolean enableCompression,
    Duration connectionExpiry, Path tlsKeystore, String tlsKeystorePassword, boolean allowAnonymous,
    String adminUser, String adminPassword, long maxBodyBytes, Duration shutdownTimeout, String logLevel,
    Path logFile, Path configFile, double memoryGuard, com.blockdb.server.cluster.ClusterSettings cluster) {

  /** Whether the server speaks HTTPS. */
  public boolean tls() {
    return tlsKeystore != null;
  }

  /** The settings without their passwords, for logs. */
  @Override
  public String toString() {
    return "ServerSettings[dataDir=" + dataDir + ", host=" + host + ", port=" + port + ", maxConnections="
        + maxConnections + ", requestTimeout=" + requestTimeoutSeconds + "s, cors=" + enableCors
        + ", compression=" + enableCompression + ", connectionExpiry=" + connectionExpiry.toSeconds() + "s, tls="
        + tls() + ", allowAnonymous=" + allowAnonymous + ", adminUser=" + adminUser + ", adminPassword="
        + (adminPassword == null ? "unset" : "***") + ", maxBodyBytes=" + maxBodyBytes + ", shutdownTimeout="
        + shutdownTimeout.toSeconds() + "s, logLevel=" + logLevel + ", logFile=" + logFile + ", config="
        + configFile + ", memoryGuard=" + memoryGuard + (cluster == null ? "" : ", cluster=" + cluster) + "]";
  }
}
