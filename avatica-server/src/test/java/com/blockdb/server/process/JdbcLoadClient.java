package com.blockdb.server.process;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One remote JDBC client of the load test, on its own connection (reopened every few dozen
 * operations, so connections come and go all the time). A writer inserts rows of its own id range
 * into LOAD_ROWS (autocommit, and transactions of 2 to 5 rows, a quarter of them rolled back),
 * KV entries, and now and then a duplicate on purpose; it reads its own rows back, by key and by
 * range, which must match exactly what it was acknowledged. A reader (or auditor) reads what the
 * others were acknowledged: their latest row by key, their ranges' counts, KV entries written over
 * REST; an auditor also verifies the chain. Anything else than the expected outcome goes to the
 * {@link LoadBook} as an error. Runs on one thread.
 */
final class JdbcLoadClient implements Runnable {
  /** Ids of client {@code i} are {@code i * ID_SPAN + n}. */
  static final long ID_SPAN = 1_000_000_000L;
  static final String TABLE_DDL =
      "CREATE TABLE LOAD_ROWS (ID BIGINT PRIMARY KEY, CLIENT INTEGER NOT NULL, VAL VARCHAR(80) NOT NULL)";
  /** The largest transaction a writer runs: how far a concurrent count may run ahead of the book. */
  private static final int MAX_TXN_ROWS = 5;

  /** What the client does. */
  enum Kind { WRITER, READER, AUDITOR }

  private final int index;
  private final Kind kind;
  private final String url;
  private final String user;
  private final String password;
  private final LoadBook book;
  private final AtomicBoolean stop;
  private final Random rnd;
  private final int restClients;

  private Connection c;
  private PreparedStatement insert;
  private PreparedStatement point;
  private PreparedStatement range;
  private PreparedStatement count;
  private PreparedStatement kvInsert;
  private PreparedStatement kvPoint;
  private long next;
  private int kvNext;
  /** This writer's acknowledged rows, by id (only it writes its range). */
  private final TreeMap<Long, String> mine = new TreeMap<>();
  private final List<Long> mineList = new ArrayList<>();

  JdbcLoadClient(int index, Kind kind, String url, String user, String password, LoadBook book,
      AtomicBoolean stop, long seed, int restClients) {
    this.index = index;
    this.kind = kind;
    this.url = url;
    this.user = user;
    this.password = password;
    this.book = book;
    this.stop = stop;
    this.rnd = new Random(seed);
    this.restClients = restClients;
    this.next = index * ID_SPAN;
  }

  @Override
  public void run() {
    int opsLeft = 0;
    try {
      while (!stop.get()) {
        try {
          if (c == null || opsLeft-- <= 0) {
            reconnect();
            opsLeft = 20 + rnd.nextInt(60);
          }
          if (kind == Kind.WRITER) {
            writerOp();
          } else {
            readerOp();
          }
        } catch (SQLException | RuntimeException e) {
          book.error("jdbc client " + index + " (" + user + "): " + e);
          closeQuietly(); // start again on a fresh connection
        }
      }
    } finally {
      closeQuietly();
    }
  }

  private void reconnect() throws SQLException {
    closeQuietly();
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    c = DriverManager.getConnection(url, p);
    book.count("jdbc.connect");
    point = c.prepareStatement("SELECT VAL FROM LOAD_ROWS WHERE ID = ?");
    range = c.prepareStatement("SELECT ID, VAL FROM LOAD_ROWS WHERE ID >= ? AND ID < ? ORDER BY ID");
    count = c.prepareStatement("SELECT COUNT(*) FROM LOAD_ROWS WHERE ID >= ? AND ID < ?");
    kvPoint = c.prepareStatement("SELECT VAL, LEDGER_PRINCIPAL FROM KV WHERE KEY = ?");
    if (kind == Kind.WRITER) {
      insert = c.prepareStatement("INSERT INTO LOAD_ROWS VALUES (?, ?, ?)");
      kvInsert = c.prepareStatement("INSERT INTO KV (KEY, VAL) VALUES (?, ?)");
    }
  }

  private void closeQuietly() {
    if (c != null) {
      try {
        c.close(); // closes its statements, here and on the server
      } catch (SQLException e) {
        book.error("jdbc client " + index + ": close: " + e);
      }
      c = null;
    }
  }

  // ---- writer ----

  private void writerOp() throws SQLException {
    int dice = rnd.nextInt(100);
    if (dice < 35) {
      long id = next++;
      String val = value();
      insertRow(id, val);
      acked(id, val);
      book.count("jdbc.insert");
    } else if (dice < 55) {
      transaction();
    } else if (dice < 63) {
      String key = "sql/" + index + "/" + kvNext++;
      String val = value();
      kvInsert.setString(1, key);
      kvInsert.setString(2, val);
      expectOne(kvInsert.executeUpdate(), "KV insert " + key);
      book.kv.put(key, new LoadBook.KvWrite(val, user));
      book.count("jdbc.kvInsert");
    } else if (dice < 66 && !mineList.isEmpty()) {
      duplicate();
    } else if (dice < 84 && !mineList.isEmpty()) {
      long id = mineList.get(rnd.nextInt(mineList.size()));
      point.setLong(1, id);
      try (ResultSet rs = point.executeQuery()) {
        if (!rs.next() || !mine.get(id).equals(rs.getString(1)) || rs.next()) {
          book.error("jdbc client " + index + ": point SELECT of its own acknowledged row " + id
              + " did not return exactly its value");
        }
      }
      book.count("jdbc.pointSelect");
    } else {
      ownRange();
    }
  }

  private void insertRow(long id, String val) throws SQLException {
    insert.setLong(1, id);
    insert.setInt(2, index);
    insert.setString(3, val);
    expectOne(insert.executeUpdate(), "INSERT of row " + id);
  }

  private void acked(long id, String val) {
    mine.put(id, val);
    mineList.add(id);
    book.rows.put(id, new LoadBook.Row(val, user));
    book.rowCount.incrementAndGet(index);
    book.lastRow.set(index, id);
  }

  private void transaction() throws SQLException {
    int n = 2 + rnd.nextInt(MAX_TXN_ROWS - 1);
    boolean rollback = rnd.nextInt(4) == 0;
    Map<Long, String> batch = new TreeMap<>();
    // On an error the test fails; run() then drops the connection, which rolls the transaction back.
    c.setAutoCommit(false);
    for (int i = 0; i < n; i++) {
      long id = next++;
      String val = value();
      insertRow(id, val);
      batch.put(id, val);
    }
    if (rollback) {
      c.rollback();
      book.rolledBack.addAll(batch.keySet());
      book.count("jdbc.txnRollback");
    } else {
      c.commit();
      batch.forEach(this::acked);
      book.count("jdbc.txnCommit");
    }
    c.setAutoCommit(true);
  }

  /** An INSERT of a key this client was acknowledged: must be refused with 23505, nothing else. */
  private void duplicate() throws SQLException {
    long id = mineList.get(rnd.nextInt(mineList.size()));
    try {
      insertRow(id, "duplicate on purpose");
      book.error("jdbc client " + index + ": a duplicate INSERT of row " + id + " was accepted");
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      book.count("jdbc.duplicateRefused");
    }
  }

  /** A window of this client's own range: exactly its acknowledged rows, in order. */
  private void ownRange() throws SQLException {
    long from = index * ID_SPAN + (next == index * ID_SPAN ? 0 : rnd.nextLong(next - index * ID_SPAN));
    long to = from + 1 + rnd.nextInt(30);
    range.setLong(1, from);
    range.setLong(2, to);
    Map<Long, String> got = new TreeMap<>();
    try (ResultSet rs = range.executeQuery()) {
      while (rs.next()) {
        got.put(rs.getLong(1), rs.getString(2));
      }
    }
    Map<Long, String> expected = mine.subMap(from, to);
    if (!got.equals(expected)) {
      book.error("jdbc client " + index + ": range [" + from + ", " + to + ") gave " + got + ", acknowledged "
          + expected);
    }
    book.count("jdbc.rangeSelect");
  }

  // ---- reader, auditor ----

  private void readerOp() throws SQLException {
    int dice = rnd.nextInt(100);
    int other = rnd.nextInt(book.lastRow.length());
    if (kind == Kind.AUDITOR && dice < 2) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERIFY_CHAIN()")) {
        if (!rs.next() || !rs.getBoolean(1)) {
          book.error("jdbc client " + index + ": VERIFY_CHAIN() under load was not TRUE; LEDGER_VERIFY() then says "
              + ledgerVerify(s));
        }
      }
      book.count("jdbc.verifyChain");
    } else if (dice < 50) {
      long id = book.lastRow.get(other);
      if (id < 0) {
        return;
      }
      point.setLong(1, id);
      try (ResultSet rs = point.executeQuery()) {
        if (!rs.next() || !book.rows.get(id).val().equals(rs.getString(1))) {
          book.error("jdbc client " + index + ": row " + id + " was acknowledged to its writer but not read back");
        }
      }
      book.count("jdbc.pointSelect");
    } else if (dice < 75) {
      // Rows acknowledged before the query must be counted; at most one transaction more may be.
      int before = book.rowCount.get(other);
      count.setLong(1, other * ID_SPAN);
      count.setLong(2, (other + 1) * ID_SPAN);
      long n;
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        n = rs.getLong(1);
      }
      int after = book.rowCount.get(other);
      if (n < before || n > after + MAX_TXN_ROWS) {
        book.error("jdbc client " + index + ": client " + other + "'s range counted " + n + " rows, acknowledged "
            + before + " before and " + after + " after the query");
      }
      book.count("jdbc.rangeCount");
    } else {
      String key = book.lastKey.get(rnd.nextInt(restClients));
      if (key == null) {
        return;
      }
      LoadBook.KvWrite w = book.kv.get(key);
      kvPoint.setString(1, key);
      try (ResultSet rs = kvPoint.executeQuery()) {
        if (!rs.next() || !w.value().equals(rs.getString(1)) || !w.user().equals(rs.getString(2))) {
          book.error("jdbc client " + index + ": KV key " + key + " written over REST by " + w.user()
              + " not read back with its value and principal");
        }
      }
      book.count("jdbc.kvSelect");
    }
  }

  // ---- helpers ----

  private static String ledgerVerify(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT OK, FIRST_BAD_BLOCK, FIRST_BAD_KEY, MESSAGE FROM TABLE(LEDGER_VERIFY())")) {
      rs.next();
      return rs.getBoolean(1) + ", block " + rs.getLong(2) + ", key " + rs.getString(3) + ": " + rs.getString(4);
    }
  }

  private String value() {
    // Mostly ASCII, sometimes beyond: the values must come back as they went.
    return (rnd.nextInt(5) == 0 ? "vål\u00fc\u20ac\ud83d\ude00-" : "v-") + Long.toHexString(rnd.nextLong());
  }

  private void expectOne(int updated, String what) {
    if (updated != 1) {
      book.error("jdbc client " + index + ": " + what + " reported " + updated + " rows, expected 1");
    }
  }
}
