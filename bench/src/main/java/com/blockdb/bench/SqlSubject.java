package com.blockdb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A SQL database through JDBC, with the same workloads as BlockDB over a table
 * {@code kv(k VARCHAR(64) PRIMARY KEY, v <binary>)}: autocommit single-row INSERTs (one connection
 * per thread), 1000-row batched INSERTs in one transaction, prepared point SELECTs by primary key.
 */
final class SqlSubject implements Subject {

  enum Dialect { SQLITE, H2, POSTGRESQL }

  private final Dialect dialect;
  private final String pgUrl;
  private final String pgUser;
  private final String pgPassword;
  private String unavailable;
  private String version = "";

  private SqlSubject(Dialect dialect, String pgUrl, String pgUser, String pgPassword) {
    this.dialect = dialect;
    this.pgUrl = pgUrl;
    this.pgUser = pgUser;
    this.pgPassword = pgPassword;
  }

  static SqlSubject sqlite() {
    return embedded(Dialect.SQLITE, "jdbc:sqlite::memory:");
  }

  static SqlSubject h2() {
    return embedded(Dialect.H2, "jdbc:h2:mem:");
  }

  /** An embedded database; its version is read from a throwaway in-memory database. */
  private static SqlSubject embedded(Dialect d, String memUrl) {
    SqlSubject s = new SqlSubject(d, null, null, null);
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
   * table) when no server answers.
   */
  static SqlSubject postgresql() {
    String url = env("BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    SqlSubject s = new SqlSubject(Dialect.POSTGRESQL, url, env("BENCH_PG_USER", "postgres"),
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

  @Override
  public String name() {
    return switch (dialect) {
      case SQLITE -> "SQLite";
      case H2 -> "H2";
      case POSTGRESQL -> "PostgreSQL";
    };
  }

  @Override
  public String unavailableReason() {
    return unavailable;
  }

  @Override
  public String describe() {
    return switch (dialect) {
      case SQLITE -> "SQLite " + version + " (sqlite-jdbc), journal_mode=WAL, synchronous=FULL (fsync per commit),"
          + " busy_timeout=60000, one connection per thread";
      case H2 -> "H2 " + version + ", embedded file database, default settings: commits are NOT fsynced"
          + " (the MVStore writes in the background), so H2's write figures are not durable ones";
      case POSTGRESQL -> unavailable != null ? "PostgreSQL: n/a (" + unavailable + ")"
          : version + ", one connection per thread, batches with reWriteBatchedInserts=true";
    };
  }

  private String table() {
    return dialect == Dialect.POSTGRESQL ? "blockdb_bench.kv" : "kv";
  }

  private Connection connect(Path dir) throws SQLException {
    switch (dialect) {
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

  @Override
  public Store open(Path dir, boolean fresh) throws Exception {
    Files.createDirectories(dir);
    SqlStore s = new SqlStore(dir);
    Connection c = s.connection();
    if (fresh) {
      String bin = switch (dialect) {
        case SQLITE -> "BLOB";
        case H2 -> "VARBINARY(1000)";
        case POSTGRESQL -> "BYTEA";
      };
      try (Statement st = c.createStatement()) {
        if (dialect == Dialect.POSTGRESQL) {
          st.execute("CREATE SCHEMA IF NOT EXISTS blockdb_bench");
        }
        st.execute("DROP TABLE IF EXISTS " + table());
        st.execute("CREATE TABLE " + table() + " (k VARCHAR(64) PRIMARY KEY, v " + bin + ")");
      }
    }
    return s;
  }

  /** Drops the benchmark's schema from the PostgreSQL server (the file databases go with their directory). */
  void cleanUp() {
    if (dialect != Dialect.POSTGRESQL || unavailable != null) {
      return;
    }
    try (Connection c = connect(null); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS blockdb_bench CASCADE");
    } catch (SQLException e) {
      System.err.println("warning: could not drop schema blockdb_bench: " + e.getMessage());
    }
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException e) {
      // the connection's close reports what matters
    }
  }

  private final class SqlStore implements Store {
    private final Path dir;
    private final List<Connection> connections = new ArrayList<>();

    SqlStore(Path dir) {
      this.dir = dir;
    }

    /** A new connection, closed with the store. */
    synchronized Connection connection() throws SQLException {
      Connection c = connect(dir);
      connections.add(c);
      return c;
    }

    @Override
    public Writer writer(boolean batched) throws SQLException {
      Connection c = connection();
      c.setAutoCommit(!batched);
      PreparedStatement ps = c.prepareStatement("INSERT INTO " + table() + " (k, v) VALUES (?, ?)");
      return new Writer() {
        @Override
        public void put(byte[] key, byte[] value) throws SQLException {
          ps.setString(1, Keys.text(key));
          ps.setBytes(2, value);
          ps.executeUpdate();
        }

        @Override
        public void putBatch(byte[][] keys, byte[][] values, int n) throws SQLException {
          for (int i = 0; i < n; i++) {
            ps.setString(1, Keys.text(keys[i]));
            ps.setBytes(2, values[i]);
            ps.addBatch();
          }
          ps.executeBatch();
          c.commit();
        }

        @Override
        public void close() {
          closeQuietly(ps);
        }
      };
    }

    @Override
    public Reader reader() throws SQLException {
      Connection c = connection();
      PreparedStatement ps = c.prepareStatement("SELECT v FROM " + table() + " WHERE k = ?");
      return new Reader() {
        @Override
        public byte[] get(byte[] key) throws SQLException {
          ps.setString(1, Keys.text(key));
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
          }
        }

        @Override
        public void close() {
          closeQuietly(ps);
        }
      };
    }

    @Override
    public Store cold(Path d) throws Exception {
      close();
      return open(d, false);
    }

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
