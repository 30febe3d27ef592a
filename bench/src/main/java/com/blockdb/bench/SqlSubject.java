package com.blockdb.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A SQL database through JDBC, with the same workloads as BlockDB over a table
 * {@code kv(k VARCHAR(64) PRIMARY KEY, v <binary>)}: autocommit single-row INSERTs (one connection
 * per thread), 1000-row batched INSERTs in one transaction, prepared point SELECTs by primary key.
 */
final class SqlSubject implements Subject {

  private final JdbcSystem system;

  private SqlSubject(JdbcSystem system) {
    this.system = system;
  }

  /** The engine workloads over a system the SQL suite may also use (one connection check, one version line). */
  static SqlSubject of(JdbcSystem system) {
    return new SqlSubject(system);
  }

  static SqlSubject sqlite() {
    return new SqlSubject(JdbcSystem.sqlite());
  }

  static SqlSubject h2() {
    return new SqlSubject(JdbcSystem.h2());
  }

  /** PostgreSQL as {@link JdbcSystem#postgresql()} finds it; n/a in the table when no server answers. */
  static SqlSubject postgresql() {
    return new SqlSubject(JdbcSystem.postgresql());
  }

  @Override
  public String name() {
    return system.name();
  }

  @Override
  public String unavailableReason() {
    return system.unavailableReason();
  }

  @Override
  public String describe() {
    return system.describe();
  }

  private String table() {
    return system.table("kv");
  }

  @Override
  public Store open(Path dir, boolean fresh) throws Exception {
    SqlStore s = new SqlStore(system.new Db(dir));
    Connection c = s.db.connection();
    if (fresh) {
      String bin = switch (system.kind()) {
        case SQLITE -> "BLOB";
        case POSTGRESQL -> "BYTEA";
        default -> "VARBINARY(1000)";
      };
      system.createTable(c, "kv", "k VARCHAR(64) PRIMARY KEY, v " + bin);
    }
    return s;
  }

  /** Drops the benchmark's schema from the PostgreSQL server (the file databases go with their directory). */
  void cleanUp() {
    system.cleanUp();
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException e) {
      // the connection's close reports what matters
    }
  }

  private final class SqlStore implements Store {
    private final JdbcSystem.Db db;

    SqlStore(JdbcSystem.Db db) {
      this.db = db;
    }

    @Override
    public Writer writer(boolean batched) throws SQLException {
      Connection c = db.connection();
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
      Connection c = db.connection();
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
    public void close() {
      db.close();
    }
  }
}
