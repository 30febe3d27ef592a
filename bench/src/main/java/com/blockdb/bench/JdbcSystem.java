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
 * A database reached through JDBC, with its durability settings: BlockDB's embedded driver, SQLite,
 * H2 or PostgreSQL. Knows how to connect to a data directory and where the benchmark's tables go;
 * the engine workloads ({@link SqlSubject}) and the SQL suite ({@link SqlSuite}) both connect here.
 */
final class JdbcSystem {

  enum Kind { BLOCKDB, SQLITE, H2, POSTGRESQL }

  /** PostgreSQL keeps the benchmark's tables in this schema, dropped at the end of the run. */
  static final String PG_SCHEMA = "blockdb_bench";

  private final Kind kind;
  private final String pgUrl;
  private final String pgUser;
  private final String pgPassword;
  private String unavailable;
  private String version = "";

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

  /** Column name in the tables. */
  String name() {
    return switch (kind) {
      case BLOCKDB -> "BlockDB";
      case SQLITE -> "SQLite";
      case H2 -> "H2";
      case POSTGRESQL -> "PostgreSQL";
    };
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
      if (kind != Kind.BLOCKDB) {
        st.execute("DROP TABLE IF EXISTS " + table(table));
      }
      st.execute("CREATE TABLE " + table(table) + " (" + columns + ")");
    }
  }

  /** Drops the benchmark's schema from the PostgreSQL server (the file databases go with their directory). */
  void cleanUp() {
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
      if (first != null) {
        throw new IllegalStateException("closing " + name() + " failed: " + first.getMessage(), first);
      }
    }
  }
}
