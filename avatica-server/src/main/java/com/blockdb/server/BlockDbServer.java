package com.blockdb.server;

import com.blockdb.engine.BlockDbException;
import com.blockdb.jdbc.store.Database;
import com.blockdb.jdbc.store.DatabaseRegistry;
import com.blockdb.server.cluster.ClusterEndpoint;
import com.blockdb.server.cluster.ClusterRuntime;
import com.blockdb.server.http.AcceptedGzipHandler;
import java.nio.file.Path;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.BindException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.HandlerList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BlockDB server: Avatica's HTTP server (Jetty) on one port, serving JDBC on {@code POST /}
 * and the HTTP features ({@link ServerFeatures}) on their paths, over one database opened once.
 *
 * <p>Start: listen (so {@code /health} answers 503 STARTING at once), open the database (recovery
 * may take a while), build the features, then serve. Stop ({@link #stop}, on SIGTERM): refuse new
 * requests and stop accepting connections, wait up to {@code shutdown_timeout} for requests in
 * flight (commits among them) to finish, stop Jetty, close every JDBC connection (rolling back
 * transactions never committed), seal the pending block and close the engine.
 *
 * <p>Thread-safety: {@link #start} once, from one thread; {@link #stop} from any thread, any
 * number of times (the first does the work, the others wait for it).
 */
public final class BlockDbServer {
  private static final Logger LOG = LoggerFactory.getLogger(BlockDbServer.class);
  /** Responses smaller than this go uncompressed: gzip costs more than it saves on them. */
  static final int MIN_GZIP_BYTES = 1024;

  private final ServerSettings settings;
  private final ServerFeatures.Factory features;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CountDownLatch done = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private BlockDbMeta meta;
  private ServerGate gate;
  private HttpServer http;
  private Server jetty;
  private HandlerList application;
  private Database database;
  private volatile ClusterRuntime cluster; // a cluster node's; null for a single server
  private java.util.concurrent.ScheduledExecutorService janitor;
  private boolean stopping; // guarded by lifecycle

  public BlockDbServer(ServerSettings settings, ServerFeatures.Factory features) {
    this.settings = settings;
    this.features = features;
  }

  /**
   * Starts serving; returns once the server is up.
   *
   * @throws ServerStartException when the port cannot be bound or the database cannot be opened
   *     (nothing is left running then)
   */
  public void start() {
    String dir = settings.dataDir().toAbsolutePath().normalize().toString();
    if (dir.contains(";")) {
      throw new ServerStartException("the data directory " + dir + " contains ';', which JDBC URLs cannot carry");
    }
    com.blockdb.jdbc.driver.MemoryGuard.setLimit(settings.memoryGuard());
    try {
      meta = new BlockDbMeta(dir, settings.maxConnections(), settings.requestTimeoutSeconds(),
          settings.connectionExpiry().toSeconds());
    } catch (SQLException e) {
      throw new ServerStartException("cannot set up the JDBC service: " + e.getMessage());
    }
    meta.bindTo(registry);
    AvaticaEndpoint jdbc = new AvaticaEndpoint(meta, settings.maxBodyBytes());
    gate = new ServerGate(jdbc);
    HttpServer.Builder<Server> builder = new HttpServer.Builder<Server>()
        .withHandler(jdbc)
        .withPort(settings.port())
        .withServerCustomizers(List.<ServerCustomizer<Server>>of(this::customize), Server.class);
    if (settings.tls()) {
      // The keystore serves as the (unused: clients are not asked for certificates) trust store too.
      builder.withTLS(settings.tlsKeystore().toFile(), settings.tlsKeystorePassword(),
          settings.tlsKeystore().toFile(), settings.tlsKeystorePassword());
    }
    http = builder.build();
    try {
      http.start();
    } catch (RuntimeException e) {
      http = null;
      throw new ServerStartException(listenFailure(e));
    }
    LOG.info("listening on {}; opening the database in {}", address(), dir);
    long lockTimeout = (long) (settings.transactionTimeoutSeconds() * 1e9);
    try {
      if (settings.cluster() != null) {
        // A cluster node: its database is the node's (writes through Raft); docs/CLUSTER.md.
        cluster = ClusterRuntime.start(settings.cluster(), Path.of(dir), dir, settings.engine(), lockTimeout);
        database = cluster.database();
        bindClusterMeters(cluster.node());
        cluster.awaitReady(this::stopping);
      } else {
        ClusterRuntime.refuseSingleServerOver(Path.of(dir));
        database = DatabaseRegistry.acquire(dir, settings.engine(), lockTimeout);
      }
    } catch (ServerStartException e) {
      stop();
      throw e;
    } catch (RuntimeException e) {
      String why = e instanceof BlockDbException ? e.getMessage() : e.toString();
      stop();
      throw new ServerStartException("cannot open the data directory " + dir + ": " + why);
    }
    for (String note : database.engine().recoveryNotes()) {
      LOG.warn("recovery: {}", note);
    }
    String warning = database.engine().stats().durabilityWarning();
    if (warning != null) {
      LOG.warn(warning);
    }
    try {
      ServerFeatures f = features.create(new ServerContext(database, settings, registry));
      jdbc.authenticator(f.authenticator());
      List<Handler> handlers = new ArrayList<>(f.handlers());
      if (cluster != null) {
        handlers.add(0, new ClusterEndpoint(cluster, f.authenticator()));
      }
      handlers.add(jdbc);
      application = new HandlerList(handlers.toArray(new Handler[0]));
      application.setServer(jetty);
      application.start();
    } catch (ServerConfigException e) {
      stop();
      throw e;
    } catch (Exception e) {
      LOG.error("building the HTTP features failed", e);
      stop();
      throw new ServerStartException("cannot start the HTTP features: " + e);
    }
    startJanitor();
    gate.open(application);
    LOG.info("BlockDB server up: JDBC at jdbc:blockdb:remote:{}, {}", address(), settings);
  }

  /** The server's base URL, {@code http(s)://host:port}. */
  public String address() {
    return (settings.tls() ? "https" : "http") + "://" + settings.host() + ":" + port();
  }

  /** The port the server listens on (the one chosen when the settings said 0). */
  public int port() {
    return http == null ? -1 : http.getPort();
  }

  public ServerState state() {
    return gate == null ? ServerState.STARTING : gate.state();
  }

  /** JDBC connections open on the server now. */
  public int openConnections() {
    return meta == null ? 0 : meta.openConnections();
  }

  /** A cluster node's group-commit counters, at /metrics (docs/API.md). */
  private void bindClusterMeters(com.blockdb.cluster.ClusterNode node) {
    io.micrometer.core.instrument.FunctionCounter.builder("blockdb.cluster.entries", node,
            com.blockdb.cluster.ClusterNode::proposedEntries)
        .description("Raft entries this node proposed as the leader").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("blockdb.cluster.records", node,
            com.blockdb.cluster.ClusterNode::proposedRecords)
        .description("commit records those entries carried (records / entries: the mean group size)")
        .register(registry);
  }

  /** Whether a stop began (a start waiting for its cluster gives up). */
  private boolean stopping() {
    synchronized (lifecycle) {
      return stopping;
    }
  }

  /** The cluster node this server runs as, or null for a single server. */
  public ClusterRuntime cluster() {
    return cluster;
  }

  /** Blocks until the server has stopped. */
  public void awaitStopped() throws InterruptedException {
    done.await();
  }

  /**
   * Stops gracefully (see the class comment); returns when the database is closed. Later calls
   * wait for the first one.
   */
  public void stop() {
    synchronized (lifecycle) {
      if (stopping) {
        awaitQuietly();
        return;
      }
      stopping = true;
    }
    try {
      LOG.info("shutting down: refusing new requests, waiting up to {} s for {} in flight",
          settings.shutdownTimeout().toSeconds(), gate == null ? 0 : gate.inFlight());
      if (gate != null) {
        gate.closing();
      }
      stopAccepting();
      if (gate != null && !gate.awaitIdle(settings.shutdownTimeout().toNanos())) {
        LOG.warn("{} request(s) still running after shutdown_timeout = {} s: stopping anyway", gate.inFlight(),
            settings.shutdownTimeout().toSeconds());
      }
      if (http != null) {
        http.stop();
      }
      if (application != null) {
        application.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP server: {}", e.toString());
    } finally {
      closeDatabase();
      if (gate != null) {
        gate.stopped();
      }
      done.countDown();
    }
  }

  /**
   * Expires idle connections on time. Avatica's caches expire entries only when they are used, so
   * without this an idle server would keep an expired connection, and the locks of its open
   * transaction, until the next request.
   */
  private void startJanitor() {
    long every = Math.max(1, Math.min(60, settings.connectionExpiry().toSeconds() / 2));
    janitor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "blockdb-connection-expiry");
      t.setDaemon(true);
      return t;
    });
    janitor.scheduleWithFixedDelay(() -> {
      try {
        meta.expireIdle();
      } catch (RuntimeException e) {
        LOG.warn("expiring idle connections: {}", e.toString());
      }
    }, every, every, TimeUnit.SECONDS);
  }

  private void closeDatabase() {
    if (janitor != null) {
      janitor.shutdownNow();
    }
    if (meta != null) {
      int open = meta.openConnections();
      meta.closeAll(); // rolls back every transaction left open
      if (open > 0) {
        LOG.info("closed {} JDBC connection(s); their uncommitted transactions were rolled back", open);
      }
    }
    if (cluster != null) {
      // No seal: it would need a quorum; the leader seals pending entries by time.
      cluster.close();
      cluster = null;
      database = null;
      LOG.info("database closed");
    } else if (database != null) {
      try {
        database.engine().seal(); // the last block, so a digest taken now covers every commit
      } catch (RuntimeException e) {
        LOG.warn("sealing the pending block at shutdown: {} (the next start recovers it)", e.getMessage());
      }
      DatabaseRegistry.release(database);
      database = null;
      LOG.info("database closed");
    }
  }

  private void stopAccepting() {
    if (jetty == null) {
      return;
    }
    for (Connector c : jetty.getConnectors()) {
      if (c instanceof NetworkConnector n) {
        try {
          n.close(); // the listening socket: connections already open finish their requests
        } catch (RuntimeException e) {
          LOG.debug("closing {}: {}", n, e.toString());
        }
      }
    }
  }

  private void awaitQuietly() {
    try {
      done.await(settings.shutdownTimeout().toSeconds() + 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Called by Avatica's HttpServer before Jetty starts: the host, and BlockDB's handler chain. */
  private void customize(Server server) {
    this.jetty = server;
    if (server.getThreadPool() instanceof org.eclipse.jetty.util.thread.QueuedThreadPool pool) {
      // No reserved threads: Jetty's reserved threads wait for work by spinning on a
      // SynchronousQueue (yielding), which costs every request CPU that its own threads need on
      // few cores; without them the selector hands each request to an idle pool thread instead.
      pool.setReservedThreads(0);
    }
    for (Connector c : server.getConnectors()) {
      if (c instanceof ServerConnector sc) {
        sc.setHost(settings.host());
      }
    }
    Handler chain = gate;
    if (settings.enableCors()) {
      com.blockdb.server.http.CorsHandler cors = new com.blockdb.server.http.CorsHandler();
      cors.setHandler(chain);
      chain = cors;
    }
    if (settings.enableCompression()) {
      AcceptedGzipHandler gzip = new AcceptedGzipHandler();
      gzip.setMinGzipSize(MIN_GZIP_BYTES);
      gzip.addIncludedMethods("POST");
      gzip.setHandler(chain);
      chain = gzip;
    }
    server.setHandler(chain);
    server.setErrorHandler(new com.blockdb.server.http.JsonErrorHandler());
  }

  private String listenFailure(RuntimeException e) {
    String where = settings.host() + ":" + settings.port();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return "cannot listen on " + where + ": " + t.getMessage()
            + " (another process uses the port? choose one with --port or BLOCKDB_SERVER_PORT)";
      }
      if (t instanceof java.io.IOException || t instanceof java.security.GeneralSecurityException) {
        return "cannot listen on " + where + ": " + t.getMessage()
            + (settings.tls() ? " (check tls_keystore and its password)" : "");
      }
    }
    return "cannot listen on " + where + ": " + e;
  }
}
