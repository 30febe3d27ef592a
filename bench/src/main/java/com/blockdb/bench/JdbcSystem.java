package com.blockdb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A database reached through JDBC, with its durability settings: BlockDB's embedded driver,
 * BlockDB's server (a blockdb-server process on loopback, through the remote driver), SQLite, H2 or
 * PostgreSQL. Knows how to connect to a data directory and where the benchmark's tables go; the
 * engine workloads ({@link SqlSubject}) and the SQL suite ({@link SqlSuite}) both connect here.
 */
final class JdbcSystem {

  enum Kind { BLOCKDB, BLOCKDB_REMOTE, BLOCKDB_CLUSTER, SQLITE, H2, POSTGRESQL }

  /** Nodes of the BLOCKDB_CLUSTER system. */
  static final int CLUSTER_SIZE = 3;

  /** System property naming the server's class path (the launcher sets it). */
  static final String SERVER_CLASSPATH = "blockdb.bench.serverClasspath";

  /** PostgreSQL keeps the benchmark's tables in this schema, dropped at the end of the run. */
  static final String PG_SCHEMA = "blockdb_bench";

  private final Kind kind;
  private final String pgUrl;
  private final String pgUser;
  private final String pgPassword;
  private String unavailable;
  private String version = "";
  /** BLOCKDB_REMOTE: the server's class path, and the server running over {@link #serverDir}. */
  private String serverClasspath;
  private BenchServer server;
  private Path serverDir;
  /** BLOCKDB_CLUSTER: the cluster running over {@link #serverDir}, its leader and election timeout. */
  private BenchCluster cluster;
  private String leader;
  private int electionTimeoutMillis;

  private JdbcSystem(Kind kind, String pgUrl, String pgUser, String pgPassword) {
    this.kind = kind;
    this.pgUrl = pgUrl;
    this.pgUser = pgUser;
    this.pgPassword = pgPassword;
  }

  /** BlockDB through its embedded driver ({@code jdbc:blockdb:<dir>}); n/a when the driver is not on the class path. */
  static JdbcSystem blockdb() {
    JdbcSystem s = new JdbcSystem(Kind.BLOCKDB, null, null, null);
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:mem:bench-version")) {
      s.version = c.getMetaData().getDatabaseProductVersion() + " (driver "
          + c.getMetaData().getDriverVersion() + ")";
    } catch (SQLException | RuntimeException e) {
      s.unavailable = "cannot open jdbc:blockdb:mem: " + e.getMessage();
    }
    return s;
  }

  /**
   * BlockDB's server: a blockdb-server process on 127.0.0.1, started for each data directory,
   * reached with {@code jdbc:blockdb:remote:http://127.0.0.1:<port>}. Its class path comes from
   * {@value #SERVER_CLASSPATH}, else from the repository's {@code avatica-server/target}; n/a
   * when neither has the server jar.
   */
  static JdbcSystem blockdbRemote() {
    return server(Kind.BLOCKDB_REMOTE);
  }

  /**
   * A BlockDB cluster: {@value #CLUSTER_SIZE} blockdb-server processes on 127.0.0.1 forming one
   * cluster (Raft on Apache Ratis), started for each data directory with the product's default
   * {@code election_timeout} (500 ms); clients connect to the leader with the remote driver. The
   * server's class path as for {@link #blockdbRemote()}.
   */
  static JdbcSystem blockdbCluster() {
    JdbcSystem s = server(Kind.BLOCKDB_CLUSTER);
    s.electionTimeoutMillis = SqlSuite.DEFAULT_ELECTION_TIMEOUT_MILLIS;
    return s;
  }

  private static JdbcSystem server(Kind kind) {
    JdbcSystem s = new JdbcSystem(kind, null, null, null);
    String cp = serverClasspath();
    String jar = cp.split(java.io.File.pathSeparator)[0];
    if (!Files.isRegularFile(Path.of(jar))) {
      s.unavailable = "no server jar at " + jar + " (bin/blockdb-bench builds it: mvn -pl avatica-server -am package)";
      return s;
    }
    s.serverClasspath = cp;
    s.version = "blockdb-server " + jdbcDriverVersion();
    return s;
  }

  /**
   * The server's class path: {@value #SERVER_CLASSPATH}, else the repository's
   * {@code avatica-server/target}.
   */
  static String serverClasspath() {
    String cp = System.getProperty(SERVER_CLASSPATH);
    if (cp == null || cp.isEmpty()) {
      Path target = Path.of(System.getProperty("blockdb.bench.workParent", "target")).toAbsolutePath();
      Path jar = target.resolveSibling("avatica-server").resolve("target").resolve("blockdb-server.jar");
      cp = jar + java.io.File.pathSeparator + jar.resolveSibling("lib").resolve("*");
    }
    return cp;
  }

  private static String jdbcDriverVersion() {
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:mem:bench-version")) {
      return c.getMetaData().getDatabaseProductVersion();
    } catch (SQLException | RuntimeException e) {
      return "";
    }
  }

  static JdbcSystem sqlite() {
    return embedded(Kind.SQLITE, "jdbc:sqlite::memory:");
  }

  static JdbcSystem h2() {
    return embedded(Kind.H2, "jdbc:h2:mem:");
  }

  /** An embedded database; its version is read from a throwaway in-memory database. */
  private static JdbcSystem embedded(Kind k, String memUrl) {
    JdbcSystem s = new JdbcSystem(k, null, null, null);
    try (Connection c = DriverManager.getConnection(memUrl)) {
      s.version = c.getMetaData().getDatabaseProductVersion();
    } catch (SQLException e) {
      s.unavailable = "cannot start " + s.name() + ": " + e.getMessage();
    }
    return s;
  }

  /**
   * PostgreSQL at {@code BENCH_PG_URL} (default jdbc:postgresql://127.0.0.1:5432/postgres) as
   * {@code BENCH_PG_USER} (default postgres) with {@code BENCH_PG_PASSWORD}; unavailable (n/a in the
   * tables) when no server answers.
   */
  static JdbcSystem postgresql() {
    String url = env("BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    JdbcSystem s = new JdbcSystem(Kind.POSTGRESQL, url, env("BENCH_PG_USER", "postgres"),
        env("BENCH_PG_PASSWORD", ""));
    try {
      DriverManager.setLoginTimeout(3);
      try (Connection c = s.connect(null)) {
        s.version = "PostgreSQL " + c.getMetaData().getDatabaseProductVersion() + " (server), "
            + settings(c, "synchronous_commit", "fsync", "wal_sync_method", "commit_delay", "data_directory");
      }
    } catch (SQLException e) {
      s.unavailable = "no PostgreSQL server at " + url + ": " + e.getMessage();
    }
    return s;
  }

  private static String settings(Connection c, String... names) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      for (String n : names) {
        try (ResultSet rs = st.executeQuery("SHOW " + n)) {
          rs.next();
          out.add(n + "=" + rs.getString(1));
        } catch (SQLException e) {
          out.add(n + "=?");
        }
      }
    }
    return String.join(", ", out);
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? dflt : v;
  }

  Kind kind() {
    return kind;
  }

  /** BlockDB, embedded or through its server. */
  boolean isBlockDb() {
    return kind == Kind.BLOCKDB || kind == Kind.BLOCKDB_REMOTE || kind == Kind.BLOCKDB_CLUSTER;
  }

  /** Column name in the tables. */
  String name() {
    return switch (kind) {
      case BLOCKDB -> "BlockDB";
      case BLOCKDB_REMOTE -> "BlockDB remote";
      case BLOCKDB_CLUSTER -> "BlockDB cluster";
      case SQLITE -> "SQLite";
      case H2 -> "H2";
      case POSTGRESQL -> "PostgreSQL";
    };
  }

  /**
   * The warm-up of a write workload: {@link Config#sqlWarmupMillis()}; for BLOCKDB_REMOTE 4 times
   * that (12 s in the full run); for BLOCKDB_CLUSTER at
   * least 20 times that (60 s in the full run). Three fresh server JVMs compile the same code paths
   * at once on a two-core machine: a new cluster's single-connection INSERTs went from 6 to 159 rows/s
   * over their first 20 s, and 30 s in its C2 compiler threads still took a fifth of a core on each
   * node, while a single server is steady within the usual warm-up.
   */
  long warmupMillis(Config c) {
    if (kind == Kind.BLOCKDB_REMOTE) {
      // A fresh server JVM's C2 compiler takes 0.5-0.9 cores for its first ~11 s under load (JFR
      // compile events), which the usual warm-up would leave inside the measured rounds.
      return 4 * c.sqlWarmupMillis();
    }
    return kind == Kind.BLOCKDB_CLUSTER ? 20 * c.sqlWarmupMillis() : c.sqlWarmupMillis();
  }

  /** Why this system cannot be measured in this run, or null. */
  String unavailableReason() {
    return unavailable;
  }

  /** Whether a commit is fsynced before it is acknowledged (H2's default settings do not). */
  boolean durable() {
    return kind != Kind.H2;
  }

  /** One line on the version and the durability settings in force, for the report. */
  String describe() {
    return switch (kind) {
      case BLOCKDB -> unavailable != null ? "BlockDB JDBC: n/a (" + unavailable + ")"
          : "BlockDB " + version + ", embedded jdbc:blockdb:<dir>, default settings (fsync before acknowledging,"
              + " group commit)";
      case BLOCKDB_REMOTE -> unavailable != null ? "BlockDB remote: n/a (" + unavailable + ")"
          : "BlockDB remote: " + version + " in its own JVM (" + BenchServer.HEAP + ") on 127.0.0.1, started by the"
              + " benchmark on a fresh data directory, default settings (fsync before acknowledging, group commit);"
              + " clients use jdbc:blockdb:remote:http://127.0.0.1:<port> (Avatica over HTTP, protobuf) as user "
              + BenchServer.USER + ", one connection per thread";
      case BLOCKDB_CLUSTER -> unavailable != null ? "BlockDB cluster: n/a (" + unavailable + ")"
          : "BlockDB cluster: " + CLUSTER_SIZE + " × " + version + " on 127.0.0.1, each in its own JVM ("
              + BenchServer.HEAP + ") over its own data directory on the same disk, one Raft group (Apache Ratis,"
              + " gRPC on loopback), election_timeout " + electionTimeoutMillis + " ms, default settings (an entry"
              + " is acknowledged once a majority has it fsynced in its Raft log and the leader applied it);"
              + " clients connect to the leader with jdbc:blockdb:remote:http://127.0.0.1:<port> as user "
              + BenchServer.USER + ", one connection per thread";
      case SQLITE -> "SQLite " + version + " (sqlite-jdbc), journal_mode=WAL, synchronous=FULL (fsync per commit),"
          + " busy_timeout=60000, one connection per thread";
      case H2 -> "H2 " + version + ", embedded file database, default settings: commits are NOT fsynced"
          + " (the MVStore writes in the background), so H2's write figures are not durable ones";
      case POSTGRESQL -> unavailable != null ? "PostgreSQL: n/a (" + unavailable + ")"
          : version + ", one connection per thread, batches with reWriteBatchedInserts=true";
    };
  }

  /** A table's name as the statements write it: PostgreSQL's go into {@link #PG_SCHEMA}. */
  String table(String name) {
    return kind == Kind.POSTGRESQL ? PG_SCHEMA + "." + name : name;
  }

  /** A new connection to the database in {@code dir} (ignored by PostgreSQL), with the settings above. */
  Connection connect(Path dir) throws SQLException {
    switch (kind) {
      case BLOCKDB -> {
        return DriverManager.getConnection("jdbc:blockdb:" + dir.resolve("blockdb").toAbsolutePath());
      }
      case BLOCKDB_REMOTE -> {
        BenchServer srv = serverFor(dir);
        return DriverManager.getConnection(srv.jdbcUrl(), srv.credentials());
      }
      case BLOCKDB_CLUSTER -> {
        BenchCluster c = clusterFor(dir);
        return DriverManager.getConnection(c.jdbcUrl(leader), c.credentials());
      }
      case SQLITE -> {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sqlite.db"));
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA journal_mode=WAL");
          st.execute("PRAGMA synchronous=FULL");
          st.execute("PRAGMA busy_timeout=60000");
        }
        return c;
      }
      case H2 -> {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("h2").toAbsolutePath(), "sa", "");
      }
      default -> {
        Properties p = new Properties();
        p.setProperty("user", pgUser);
        p.setProperty("password", pgPassword);
        p.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(pgUrl, p);
      }
    }
  }

  /**
   * Creates {@code table} from {@code columns} on a fresh database. Every system but BlockDB drops a
   * table of that name first (PostgreSQL's survives from an earlier run); BlockDB's directory is new
   * and its tables cannot be dropped.
   */
  void createTable(Connection c, String table, String columns) throws SQLException {
    try (Statement st = c.createStatement()) {
      if (kind == Kind.POSTGRESQL) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + PG_SCHEMA);
      }
      if (!isBlockDb()) {
        st.execute("DROP TABLE IF EXISTS " + table(table));
      }
      st.execute("CREATE TABLE " + table(table) + " (" + columns + ")");
    }
  }

  /** The server over {@code dir}, started on first use (one directory, one server, at a time). */
  private synchronized BenchServer serverFor(Path dir) throws SQLException {
    Path data = dir.resolve("blockdb-server").toAbsolutePath();
    if (server != null && data.equals(serverDir)) {
      return server;
    }
    stopServer();
    try {
      server = BenchServer.start(serverClasspath, data, dir.resolve("blockdb-server.log").toAbsolutePath());
      serverDir = data;
      return server;
    } catch (java.io.IOException e) {
      throw new SQLException("cannot start blockdb-server: " + e.getMessage(), "08001", e);
    }
  }

  /** The server's class path (BLOCKDB_REMOTE, BLOCKDB_CLUSTER), or null. */
  String serverClasspathInUse() {
    return serverClasspath;
  }

  /** The cluster over {@code dir}, started on first use (one directory, one cluster, at a time). */
  private synchronized BenchCluster clusterFor(Path dir) throws SQLException {
    Path data = dir.resolve("blockdb-cluster").toAbsolutePath();
    if (cluster != null && data.equals(serverDir)) {
      return cluster;
    }
    stopServer();
    try {
      cluster = BenchCluster.start(serverClasspath, data, CLUSTER_SIZE, electionTimeoutMillis);
      serverDir = data;
      leader = cluster.awaitLeader();
      return cluster;
    } catch (java.io.IOException e) {
      stopServer();
      throw new SQLException("cannot start a blockdb-server cluster: " + e.getMessage(), "08001", e);
    }
  }

  /** The process ids of the running server (BLOCKDB_REMOTE) or cluster nodes (BLOCKDB_CLUSTER); empty otherwise. */
  synchronized List<Long> serverPids() {
    if (server != null) {
      return List.of(server.pid());
    }
    return cluster == null ? List.of() : cluster.pids();
  }

  /** Stops the server or the cluster, if one runs (BLOCKDB_REMOTE, BLOCKDB_CLUSTER). */
  synchronized void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (cluster != null) {
      cluster.close();
      cluster = null;
      leader = null;
    }
    serverDir = null;
  }

  /**
   * Drops the benchmark's schema from the PostgreSQL server (the file databases go with their
   * directory) and stops BlockDB's server or cluster.
   */
  void cleanUp() {
    stopServer();
    if (kind != Kind.POSTGRESQL || unavailable != null) {
      return;
    }
    try (Connection c = connect(null); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
    } catch (SQLException e) {
      System.err.println("warning: could not drop schema " + PG_SCHEMA + ": " + e.getMessage());
    }
  }

  /** Connections opened for one data directory, closed together. */
  final class Db implements AutoCloseable {
    private final Path dir;
    private final List<Connection> connections = new ArrayList<>();

    Db(Path dir) throws java.io.IOException {
      this.dir = dir;
      Files.createDirectories(dir);
    }

    JdbcSystem system() {
      return JdbcSystem.this;
    }

    /** A new connection, closed with this Db. */
    synchronized Connection connection() throws SQLException {
      Connection c = connect(dir);
      connections.add(c);
      return c;
    }

    /** Closes every connection; the first failure surfaces as an unchecked exception. */
    @Override
    public synchronized void close() {
      SQLException first = null;
      for (Connection c : connections) {
        try {
          c.close();
        } catch (SQLException e) {
          first = first == null ? e : first;
        }
      }
      connections.clear();
      stopServer(); // the server's directory goes next
      if (first != null) {
        throw new IllegalStateException("closing " + name() + " failed: " + first.getMessage(), first);
      }
    }
  }
}
