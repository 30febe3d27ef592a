package com.blockdb.bench;

import com.blockdb.bench.Measure.Latency;
import com.blockdb.bench.Measure.LongList;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The SQL suite's measurements: the same statements through JDBC on every system, over one table
 * {@value #TABLE}. Each returns plain figures; {@link SqlSuite} turns them into table cells. Every
 * read checks what it read, so a system that returns nothing cannot look fast.
 */
final class SqlWorkloads {

  static final String TABLE = "BENCH_T";
  static final String COLUMNS = "ID BIGINT NOT NULL, NAME VARCHAR(100), AMOUNT DECIMAL(12,2), PRIMARY KEY (ID)";
  /** Consecutive keys per range scan. */
  static final int SCAN_ROWS = 1000;
  /** First ID of the single-row INSERTs (the batches fill 0, 1, 2, ...); each thread gets its own stride. */
  static final long SINGLE_ID_BASE = 1_000_000_000L;
  static final long THREAD_STRIDE = 100_000_000L;

  private SqlWorkloads() {}

  static String name(long id) {
    return "name-" + id;
  }

  /** A value that fits DECIMAL(12,2) and varies with the row. */
  static BigDecimal amount(long id) {
    return BigDecimal.valueOf(id * 7919 % 100_000_000_000L, 2);
  }

  private static String insertSql(JdbcSystem s) {
    return "INSERT INTO " + s.table(TABLE) + " (ID, NAME, AMOUNT) VALUES (?, ?, ?)";
  }

  private static void bind(PreparedStatement ps, long id) throws SQLException {
    ps.setLong(1, id);
    ps.setString(2, name(id));
    ps.setBigDecimal(3, amount(id));
  }

  // ---------------------------------------------------------------- batched INSERT

  /**
   * Batched INSERTs, one thread: rows per second (median of rounds), rows written in all (IDs 0 to
   * rows - 1), latency of each executeBatch.
   */
  record Batches(double rowsPerSecond, long rows, Latency perBatch) {}

  /**
   * {@code executeBatch} of {@link Config#batchSize()} rows, durable: BlockDB (embedded or remote) in autocommit (one
   * executeBatch is one atomic, fsynced commit), the others with autocommit off and a commit after
   * each executeBatch, so one batch is one transaction everywhere.
   */
  static Batches batches(JdbcSystem.Db db, Config c) throws Exception {
    Connection conn = db.connection();
    boolean explicit = !db.system().isBlockDb();
    conn.setAutoCommit(!explicit);
    try (PreparedStatement ps = conn.prepareStatement(insertSql(db.system()))) {
      long[] next = {0};
      // Warmed up like the other write workloads (JdbcSystem.warmupMillis): a JVM system's batch
      // path is still being compiled during its first few hundred thousand rows.
      long warmEnd = System.nanoTime() + db.system().warmupMillis(c) * 1_000_000L;
      for (int b = 0; b < c.warmupBatches() || System.nanoTime() < warmEnd; b++) {
        oneBatch(conn, ps, c.batchSize(), next, explicit);
      }
      List<Double> rates = new ArrayList<>();
      LongList lat = new LongList(c.rounds() * c.batchesPerRound());
      for (int r = 0; r < c.rounds(); r++) {
        long start = System.nanoTime();
        long cap = start + c.batchRoundCapMillis() * 1_000_000L;
        long n = 0;
        long now;
        int b = 0;
        do {
          long t0 = System.nanoTime();
          oneBatch(conn, ps, c.batchSize(), next, explicit);
          now = System.nanoTime();
          lat.add(now - t0);
          n += c.batchSize();
          b++;
        } while (b < c.batchesPerRound() && now < cap);
        rates.add(n / ((now - start) / 1e9));
      }
      return new Batches(Measure.median(rates), next[0], Latency.of(lat));
    } finally {
      conn.setAutoCommit(true);
    }
  }

  private static void oneBatch(Connection conn, PreparedStatement ps, int size, long[] next, boolean explicit)
      throws SQLException {
    for (int i = 0; i < size; i++) {
      bind(ps, next[0]++);
      ps.addBatch();
    }
    int[] counts = ps.executeBatch();
    if (explicit) {
      conn.commit();
    }
    if (counts.length != size) {
      throw new BatchUpdateException("executeBatch of " + size + " rows returned " + counts.length + " counts",
          counts);
    }
  }

  // ---------------------------------------------------------------- single-row INSERT

  /**
   * Autocommit single-row INSERTs from some threads.
   *
   * @param rowsPerSecond median of the rounds
   * @param latency of every measured INSERT
   * @param rows measured INSERTs
   * @param deviceFlushesPerRow flush requests the disk completed per measured row, or NaN
   */
  record Inserts(double rowsPerSecond, Latency latency, long rows, double deviceFlushesPerRow) {}

  static Inserts inserts(JdbcSystem.Db db, int threads, long idBase, Config c, DiskStats disk) throws Exception {
    return inserts(db, threads, idBase, c, disk, 1);
  }

  /**
   * INSERTs from some threads, each on its own connection, in transactions of {@code txnRows} rows
   * (autocommit when 1, else autocommit off and a commit after every {@code txnRows} INSERTs). The
   * latencies are those of whole transactions; {@code deviceFlushesPerRow} is then per transaction.
   */
  static Inserts inserts(JdbcSystem.Db db, int threads, long idBase, Config c, DiskStats disk, int txnRows)
      throws Exception {
    PreparedStatement[] ps = new PreparedStatement[threads];
    for (int t = 0; t < threads; t++) {
      Connection conn = db.connection();
      conn.setAutoCommit(txnRows == 1);
      ps[t] = conn.prepareStatement(insertSql(db.system()));
    }
    long[] next = new long[threads];
    for (int t = 0; t < threads; t++) {
      next[t] = idBase + t * THREAD_STRIDE;
    }
    LongList[] lat = new LongList[threads];
    for (int t = 0; t < threads; t++) {
      lat[t] = new LongList(10_000);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "bench-sql-writer");
      th.setDaemon(true);
      return th;
    });
    try {
      insertPhase(pool, ps, next, lat, db.system().warmupMillis(c), txnRows);
      LongList all = new LongList(100_000);
      List<Double> rates = new ArrayList<>();
      long rows = 0;
      long d0 = disk.flushes();
      for (int r = 0; r < c.rounds(); r++) {
        for (LongList l : lat) {
          l.clear();
        }
        long[] phase = insertPhase(pool, ps, next, lat, c.roundMillis(), txnRows);
        rates.add(phase[0] / (phase[1] / 1e9));
        rows += phase[0];
        for (LongList l : lat) {
          all.addAll(l);
        }
      }
      long d1 = disk.flushes();
      double fpr = d0 < 0 || d1 < 0 ? Double.NaN : (double) (d1 - d0) / (rows / txnRows);
      return new Inserts(Measure.median(rates), Latency.of(all), rows, fpr);
    } finally {
      pool.shutdownNow();
      for (PreparedStatement p : ps) {
        p.close();
      }
    }
  }

  /** Runs every thread's INSERTs for {@code millis}; returns {rows, elapsed nanos}. */
  private static long[] insertPhase(ExecutorService pool, PreparedStatement[] ps, long[] next, LongList[] lat,
      long millis, int txnRows) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    long[] startBox = new long[1];
    List<Future<Long>> fs = new ArrayList<>();
    for (int i = 0; i < ps.length; i++) {
      final int t = i;
      fs.add(pool.submit(() -> {
        go.await();
        long end = startBox[0] + millis * 1_000_000L;
        long n = 0;
        long t1;
        do {
          long t0 = System.nanoTime();
          for (int k = 0; k < txnRows; k++) {
            long id = next[t]++;
            bind(ps[t], id);
            int count = ps[t].executeUpdate();
            if (count != 1) {
              throw new IllegalStateException("INSERT of ID " + id + " reported " + count + " rows");
            }
          }
          if (txnRows > 1) {
            ps[t].getConnection().commit();
          }
          t1 = System.nanoTime();
          lat[t].add(t1 - t0);
          n += txnRows;
        } while (t1 < end);
        return n;
      }));
    }
    startBox[0] = System.nanoTime();
    go.countDown();
    long n = 0;
    for (Future<Long> f : fs) {
      n += f.get();
    }
    return new long[] {n, System.nanoTime() - startBox[0]};
  }

  // ---------------------------------------------------------------- point SELECT

  /** One way of asking for a row by primary key; the time counted is that of the whole call. */
  private interface PointQuery {
    /** Reads the row of {@code id} (all three columns) and returns the ID it read, or -1 for none. */
    long read(long id, String literalSql) throws SQLException;
  }

  /**
   * Point SELECTs by primary key of random loaded rows, one thread: a warm-up of
   * {@link Config#getWarmup()} calls or {@link Config#sqlWarmupMillis()}, whichever ends first, then
   * rounds of {@link Config#getSamples()} calls or {@link Config#roundMillis()}.
   *
   * @param prepared a PreparedStatement with {@code ID = ?}, executed again and again; otherwise a new
   *     plain Statement per call with the ID as a literal in the SQL text (new text each time, as
   *     tools send it; building the string is not timed, creating and closing the Statement is)
   */
  static Latency pointSelects(JdbcSystem.Db db, long rows, Config c, boolean prepared) throws Exception {
    Connection conn = db.connection();
    String select = "SELECT ID, NAME, AMOUNT FROM " + db.system().table(TABLE) + " WHERE ID = ";
    try (PreparedStatement ps = conn.prepareStatement(select + "?")) {
      PointQuery q = prepared ? (id, sql) -> {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return readRow(rs);
        }
      } : (id, sql) -> {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
          return readRow(rs);
        }
      };
      DistinctIds ids = new DistinctIds(rows, 42);
      long warmEnd = System.nanoTime() + c.sqlWarmupMillis() * 1_000_000L;
      for (int i = 0; i < c.getWarmup() && System.nanoTime() < warmEnd; i++) {
        long id = ids.next();
        check(id, q.read(id, prepared ? null : select + id));
      }
      LongList lat = new LongList(c.getSamples() * c.rounds());
      for (int r = 0; r < c.rounds(); r++) {
        long end = System.nanoTime() + c.roundMillis() * 1_000_000L;
        for (int i = 0; i < c.getSamples(); i++) {
          long id = ids.next();
          String sql = prepared ? null : select + id;
          long t0 = System.nanoTime();
          long got = q.read(id, sql);
          long t1 = System.nanoTime();
          lat.add(t1 - t0);
          check(id, got);
          if (t1 > end) {
            break;
          }
        }
      }
      return Latency.of(lat);
    }
  }

  /**
   * Random IDs below {@code rows}, none twice until half of them have been used (then it starts
   * afresh): a cache keyed by the SQL text must not turn literal SELECTs into repeats.
   */
  private static final class DistinctIds {
    private final long rows;
    private final SplittableRandom rnd;
    private final BitSet used;
    private long count;

    DistinctIds(long rows, long seed) {
      this.rows = rows;
      this.rnd = new SplittableRandom(seed);
      this.used = new BitSet((int) Math.min(Integer.MAX_VALUE, rows));
    }

    long next() {
      if (count >= rows / 2) {
        used.clear();
        count = 0;
      }
      long id;
      do {
        id = rnd.nextLong(rows);
      } while (used.get((int) id));
      used.set((int) id);
      count++;
      return id;
    }
  }

  private static long readRow(ResultSet rs) throws SQLException {
    if (!rs.next()) {
      return -1;
    }
    long id = rs.getLong(1);
    String name = rs.getString(2);
    BigDecimal amount = rs.getBigDecimal(3);
    if (name == null || amount == null) {
      throw new IllegalStateException("row " + id + " read back NAME " + name + ", AMOUNT " + amount);
    }
    return id;
  }

  private static void check(long asked, long got) {
    if (asked != got) {
      throw new IllegalStateException("point SELECT of loaded ID " + asked + " returned "
          + (got < 0 ? "no row" : "ID " + got));
    }
  }

  // ---------------------------------------------------------------- range scan

  /** Range scans of {@link #SCAN_ROWS} consecutive keys: rows per second (median of rounds), time per scan. */
  record Scans(double rowsPerSecond, Latency perScan) {}

  static Scans rangeScans(JdbcSystem.Db db, long rows, Config c) throws Exception {
    int size = (int) Math.min(SCAN_ROWS, rows); // smaller only in the smoke test's tiny table
    Connection conn = db.connection();
    String sql = "SELECT ID, NAME, AMOUNT FROM " + db.system().table(TABLE) + " WHERE ID >= ? AND ID < ?";
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      SplittableRandom rnd = new SplittableRandom(7);
      int perRound = Math.max(1, c.getSamples() / 100);
      long warmEnd = System.nanoTime() + c.sqlWarmupMillis() * 1_000_000L;
      for (int i = 0; i < perRound && System.nanoTime() < warmEnd; i++) {
        scan(ps, rnd.nextLong(rows - size + 1), size);
      }
      List<Double> rates = new ArrayList<>();
      LongList lat = new LongList(perRound * c.rounds());
      for (int r = 0; r < c.rounds(); r++) {
        long start = System.nanoTime();
        long end = start + c.roundMillis() * 1_000_000L;
        long n = 0;
        long t1;
        int i = 0;
        do {
          long from = rnd.nextLong(rows - size + 1);
          long t0 = System.nanoTime();
          scan(ps, from, size);
          t1 = System.nanoTime();
          lat.add(t1 - t0);
          n += size;
          i++;
        } while (i < perRound && t1 < end);
        rates.add(n / ((t1 - start) / 1e9));
      }
      return new Scans(Measure.median(rates), Latency.of(lat));
    }
  }

  private static void scan(PreparedStatement ps, long from, int size) throws SQLException {
    ps.setLong(1, from);
    ps.setLong(2, from + size);
    int n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rs.getLong(1);
        rs.getString(2);
        rs.getBigDecimal(3);
        n++;
      }
    }
    if (n != size) {
      throw new IllegalStateException("range scan of IDs " + from + " to " + (from + size - 1) + " returned "
          + n + " rows, not " + size);
    }
  }

  // ---------------------------------------------------------------- COUNT(*) and VERIFY_CHAIN()

  /** A whole-table statement: median time of the rounds and the rows it covered. */
  record Whole(double millis, long rows) {
    double rowsPerSecond() {
      return rows / (millis / 1000.0);
    }
  }

  /** {@code SELECT COUNT(*)} over the table: one unmeasured run, then {@link Config#rounds()}; checks the count. */
  static Whole count(JdbcSystem.Db db, long rows, Config c) throws Exception {
    Connection conn = db.connection();
    String sql = "SELECT COUNT(*) FROM " + db.system().table(TABLE);
    try (Statement st = conn.createStatement()) {
      List<Double> ms = new ArrayList<>();
      for (int r = 0; r <= c.rounds(); r++) {
        long t0 = System.nanoTime();
        long n;
        try (ResultSet rs = st.executeQuery(sql)) {
          rs.next();
          n = rs.getLong(1);
        }
        long t1 = System.nanoTime();
        if (n != rows) {
          throw new IllegalStateException("COUNT(*) of " + TABLE + " returned " + n + ", loaded " + rows);
        }
        if (r > 0) {
          ms.add((t1 - t0) / 1e6);
        }
      }
      return new Whole(Measure.median(ms), rows);
    }
  }

  /** {@code VALUES VERIFY_CHAIN()} (BlockDB only), {@link Config#rounds()} times; must answer true. */
  static Whole verifyChain(JdbcSystem.Db db, long rows, Config c) throws Exception {
    Connection conn = db.connection();
    try (Statement st = conn.createStatement()) {
      List<Double> ms = new ArrayList<>();
      for (int r = 0; r < c.rounds(); r++) {
        long t0 = System.nanoTime();
        boolean ok;
        try (ResultSet rs = st.executeQuery("VALUES VERIFY_CHAIN()")) {
          rs.next();
          ok = rs.getBoolean(1);
        }
        long t1 = System.nanoTime();
        if (!ok) {
          throw new IllegalStateException("VERIFY_CHAIN() returned false on a freshly written ledger");
        }
        ms.add((t1 - t0) / 1e6);
      }
      return new Whole(Measure.median(ms), rows);
    }
  }
}
