package com.blockdb.bench;

import com.blockdb.bench.Measure.Latency;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL suite: BlockDB through its JDBC driver beside SQLite, H2 and PostgreSQL, the same
 * statements on each, workload by workload. Each system gets one fresh database for the whole suite:
 * the batched INSERTs load it (IDs 0, 1, 2, ...), the reads run over what they loaded, and the
 * single-row INSERTs come last, with IDs of their own. A system that fails a workload shows the
 * error in that cell and goes on with the next.
 */
final class SqlSuite {

  /** The workloads {@code --workloads} can name; {@code sql} names them all. */
  static final List<String> WORKLOADS = List.of("sql-batch", "sql-select", "sql-literal", "sql-range", "sql-count",
      "sql-verify", "sql-insert1", "sql-insert8", "sql-txn8", "cluster-failover");

  /** The servers' default election_timeout (ClusterConfig.DEFAULT_ELECTION_TIMEOUT; the bench does not link the cluster module). */
  static final int DEFAULT_ELECTION_TIMEOUT_MILLIS = 500;
  /** Election timeouts of the failover measurement: the default, and the original README's 300 ms. */
  static final List<Integer> FAILOVER_ELECTION_TIMEOUTS = List.of(DEFAULT_ELECTION_TIMEOUT_MILLIS, 300);
  /** Issue 6: the median failover time at most this. */
  static final double FAILOVER_TARGET_MILLIS = 2000;

  /** Rows per transaction of the sql-txn8 workload. */
  static final int TXN_ROWS = 10;

  /** Workloads that read the rows the batches loaded. */
  private static final List<String> READS = List.of("sql-select", "sql-literal", "sql-range", "sql-count",
      "sql-verify");

  static final double PREPARED_P50_TARGET_MICROS = 15;
  static final double LITERAL_P50_TARGET_MICROS = 200;
  static final double BATCH_VS_SQLITE_TARGET = 1.0;
  /** Issue 5: BlockDB remote's prepared point SELECT p50 at most this × PostgreSQL's. */
  static final double REMOTE_SELECT_VS_PG_TARGET = 1.5;
  /** Issue 5: BlockDB remote's 8-connection single-row INSERTs/s at least this × PostgreSQL's. */
  static final double REMOTE_INSERT8_VS_PG_TARGET = 1.0;
  /** Issue 6: a 3-node cluster's 8-connection single-row INSERTs/s at least this × a single server's. */
  static final double CLUSTER_INSERT8_VS_REMOTE_TARGET = 0.5;
  /** Issue 6: a 3-node cluster's commit latency p50 at most this. */
  static final double CLUSTER_COMMIT_P50_TARGET_MILLIS = 10;

  private static final String BLOCKDB = "BlockDB";
  private static final String SQLITE = "SQLite";
  private static final String H2 = "H2";
  private static final String REMOTE = "BlockDB remote";
  private static final String CLUSTER = "BlockDB cluster";
  private static final String POSTGRESQL = "PostgreSQL";

  /** One measurement of one system, over its open database and the rows loaded into it. */
  private interface Action<T> {
    T run(JdbcSystem.Db db, long rows) throws Exception;
  }

  /** A figure of a result, for ratios and targets. */
  private interface Num<T> {
    double of(T t);
  }

  /** The text of a result's cell. */
  private interface Cell<T> {
    String text(T t);
  }

  private final Config cfg;
  private final Path work;
  private final List<JdbcSystem> systems;
  private final Set<String> on;
  private final DiskStats disk;
  private final Report rep;
  private final Map<String, String> busy;
  private final PrintStream log;
  private final Map<String, JdbcSystem.Db> dbs = new LinkedHashMap<>();
  /** Why a system cannot take part (unavailable, or its database could not be created). */
  private final Map<String, String> out = new LinkedHashMap<>();
  private final Map<String, Long> loaded = new LinkedHashMap<>();
  /** Other processes' CPU (cores) during BlockDB's share of each workload. */
  private final Map<String, Double> othersDuringBlockDb = new LinkedHashMap<>();
  /**
   * Per server system (BlockDB remote, BlockDB cluster), during its share of each workload: "this
   * JVM / blockdb-server(s) / the rest", in cores.
   */
  private final Map<String, Map<String, String>> duringServer = new LinkedHashMap<>();
  /** The "the rest" of {@link #duringServer}: neither the clients nor the servers, in cores. */
  private final Map<String, Map<String, Double>> othersDuringServer = new LinkedHashMap<>();

  SqlSuite(Config cfg, Path work, List<JdbcSystem> systems, Set<String> on, DiskStats disk, Report rep,
      Map<String, String> busy, PrintStream log) {
    this.cfg = cfg;
    this.work = work;
    this.systems = systems;
    this.on = on;
    this.disk = disk;
    this.rep = rep;
    this.busy = busy;
    this.log = log;
  }

  /** Whether any SQL workload is among {@code on}. */
  static boolean selected(Set<String> on) {
    return WORKLOADS.stream().anyMatch(on::contains);
  }

  /** Runs the selected workloads, adding a row to the report for each; deletes the databases afterwards. */
  void run() throws IOException {
    for (JdbcSystem s : systems) {
      rep.sqlSystems.add(s.name());
    }
    try {
      if (WORKLOADS.stream().anyMatch(w -> !w.equals("cluster-failover") && on.contains(w))) {
        open();
      }
      load();
      if (on.contains("sql-select")) {
        Map<String, String> err = new LinkedHashMap<>();
        Map<String, Latency> r = each("sql-select", err, true,
            (db, rows) -> SqlWorkloads.pointSelects(db, rows, cfg, true));
        Latency b = r.get(BLOCKDB);
        rep.sqlRow("point SELECT by primary key, PreparedStatement (`WHERE ID = ?`, all 3 columns read), 1 thread:"
                + " p50 / p99 (ratios of p50; below 1: BlockDB faster)",
            cells(err, r, false, Main::latency), ratio(r, SQLITE, Latency::p50Micros),
            ratio(r, H2, Latency::p50Micros),
            String.format(Locale.ROOT, "p50 ≤ %.0f µs", PREPARED_P50_TARGET_MICROS),
            met(b != null, b != null && b.p50Micros() <= PREPARED_P50_TARGET_MICROS, "") + disturbed("sql-select"),
            log);
        remoteVsPostgres("sql-select", "BlockDB remote against PostgreSQL (issue 5): point SELECT by primary key,"
            + " PreparedStatement, p50 ÷ PostgreSQL's p50", r, Latency::p50Micros, true, REMOTE_SELECT_VS_PG_TARGET,
            l -> "p50 " + Main.micros(l.p50Micros()) + " µs");
      }
      if (on.contains("sql-literal")) {
        Map<String, String> err = new LinkedHashMap<>();
        Map<String, Latency> r = each("sql-literal", err, true,
            (db, rows) -> SqlWorkloads.pointSelects(db, rows, cfg, false));
        Latency b = r.get(BLOCKDB);
        rep.sqlRow("point SELECT by primary key, plain Statement with the ID as a literal (new SQL text and a new"
                + " Statement each call, as tools send it), 1 thread: p50 / p99 (ratios of p50; below 1: BlockDB"
                + " faster)",
            cells(err, r, false, Main::latency), ratio(r, SQLITE, Latency::p50Micros),
            ratio(r, H2, Latency::p50Micros), String.format(Locale.ROOT, "p50 ≤ %.0f µs", LITERAL_P50_TARGET_MICROS),
            met(b != null, b != null && b.p50Micros() <= LITERAL_P50_TARGET_MICROS, "") + disturbed("sql-literal"),
            log);
      }
      if (on.contains("sql-range")) {
        Map<String, String> err = new LinkedHashMap<>();
        Map<String, SqlWorkloads.Scans> r = each("sql-range", err, true,
            (db, rows) -> SqlWorkloads.rangeScans(db, rows, cfg));
        rep.sqlRow("range scan of " + SqlWorkloads.SCAN_ROWS + " consecutive keys (`WHERE ID >= ? AND ID < ?`,"
                + " prepared, every row read), 1 thread: rows/s, time per scan p50 (ratios of rows/s)",
            cells(err, r, false, s -> Main.count(s.rowsPerSecond()) + " rows/s, p50 "
                + Main.micros(s.perScan().p50Micros()) + " µs"),
            ratio(r, SQLITE, SqlWorkloads.Scans::rowsPerSecond), ratio(r, H2, SqlWorkloads.Scans::rowsPerSecond),
            "—", "—", log);
      }
      if (on.contains("sql-count")) {
        Map<String, String> err = new LinkedHashMap<>();
        Map<String, SqlWorkloads.Whole> r = each("sql-count", err, true,
            (db, rows) -> SqlWorkloads.count(db, rows, cfg));
        rep.sqlRow("`SELECT COUNT(*)` over the table: time, median of rounds (ratios of time; below 1: BlockDB"
                + " faster)",
            // no rows/s: H2 and SQLite answer from their B-tree's counts without visiting every row
            cells(err, r, false, w -> millis(w.millis()) + " (" + Main.count(w.rows()) + " rows)"),
            ratio(r, SQLITE, SqlWorkloads.Whole::millis), ratio(r, H2, SqlWorkloads.Whole::millis), "—", "—", log);
      }
      if (on.contains("sql-verify")) {
        Map<String, String> err = new LinkedHashMap<>();
        Map<String, SqlWorkloads.Whole> r = each("sql-verify", err, true, (db, rows) ->
            db.system().isBlockDb() ? SqlWorkloads.verifyChain(db, rows, cfg) : null);
        rep.sqlRow("`VALUES VERIFY_CHAIN()` (re-reads and re-hashes the whole ledger): time, median of rounds",
            cells(err, r, false, w -> millis(w.millis()) + " (" + Main.count(w.rows()) + " rows in the table, "
                + Main.count(w.rowsPerSecond()) + " rows/s)"), "—", "—", "—", "—", log);
      }
      Map<String, SqlWorkloads.Inserts> single = null;
      if (on.contains("sql-insert1")) {
        single = inserts("sql-insert1", 1, SqlWorkloads.SINGLE_ID_BASE);
      }
      if (on.contains("sql-insert8")) {
        Map<String, SqlWorkloads.Inserts> r = inserts("sql-insert8", cfg.threads(), 2 * SqlWorkloads.SINGLE_ID_BASE);
        remoteVsPostgres("sql-insert8", "BlockDB remote against PostgreSQL (issue 5): durable single-row autocommit"
            + " INSERT (prepared), " + cfg.threads() + " connections, rows/s ÷ PostgreSQL's rows/s", r,
            SqlWorkloads.Inserts::rowsPerSecond, false, REMOTE_INSERT8_VS_PG_TARGET,
            x -> Main.count(x.rowsPerSecond()) + " rows/s");
        clusterVsServer(r, single);
      } else if (single != null) {
        clusterVsServer(null, single);
      }
      if (on.contains("sql-txn8")) {
        transactions("sql-txn8", cfg.threads(), 3 * SqlWorkloads.SINGLE_ID_BASE);
      }
    } finally {
      close();
    }
    if (on.contains("cluster-failover")) {
      failover();
    }
    for (Map.Entry<String, Map<String, String>> d : duringServer.entrySet()) {
      String servers = d.getKey().equals(CLUSTER) ? "its " + JdbcSystem.CLUSTER_SIZE + " blockdb-server processes"
          : "blockdb-server";
      rep.notes.add("CPU during " + d.getKey() + "'s share of each SQL workload, in cores (of "
          + Runtime.getRuntime().availableProcessors() + "), this JVM (the clients) / " + servers + " / everything"
          + " else: " + d.getValue().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    if (!othersDuringBlockDb.isEmpty()) {
      rep.notes.add("CPU of other processes during BlockDB's own share of each SQL workload, in cores (of "
          + Runtime.getRuntime().availableProcessors() + "): " + othersDuringBlockDb.entrySet().stream()
              .map(e -> e.getKey() + String.format(Locale.ROOT, " %.2f", e.getValue()))
              .collect(Collectors.joining("; ")));
    }
  }

  /** A fresh database and table per available system. */
  private void open() throws IOException {
    for (JdbcSystem s : systems) {
      if (s.unavailableReason() != null) {
        out.put(s.name(), "n/a");
        continue;
      }
      JdbcSystem.Db db = s.new Db(work.resolve(s.name() + "-sql"));
      dbs.put(s.name(), db);
      try {
        s.createTable(db.connection(), SqlWorkloads.TABLE, SqlWorkloads.COLUMNS);
      } catch (Exception e) {
        out.put(s.name(), "error: " + problem(e));
        log.println("    " + s.name() + ": CREATE TABLE failed: " + problem(e));
      }
    }
  }

  /** The batched INSERTs: measured when selected, and run anyway when a read needs the rows. */
  private void load() {
    if (!on.contains("sql-batch") && READS.stream().noneMatch(on::contains)) {
      return;
    }
    Map<String, String> err = new LinkedHashMap<>();
    Map<String, SqlWorkloads.Batches> r = each("sql-batch", err, false, (db, rows) -> {
      SqlWorkloads.Batches b = SqlWorkloads.batches(db, cfg);
      loaded.put(db.system().name(), b.rows());
      log.println("    " + db.system().name() + ": loaded " + Main.count(b.rows()) + " rows");
      return b;
    });
    checkpointPostgres();
    if (!on.contains("sql-batch")) {
      return;
    }
    SqlWorkloads.Batches b = r.get(BLOCKDB);
    SqlWorkloads.Batches s = r.get(SQLITE);
    double vsSqlite = b == null || s == null ? Double.NaN : b.rowsPerSecond() / s.rowsPerSecond();
    rep.sqlRow("batched INSERT, `executeBatch` of " + cfg.batchSize() + " rows, durable (BlockDB: autocommit;"
            + " the others: one transaction per batch), 1 thread: rows/s, time per batch p50",
        cells(err, r, true, x -> Main.count(x.rowsPerSecond()) + " rows/s, p50 "
            + millis(x.perBatch().p50Micros() / 1000.0)),
        ratio(r, SQLITE, SqlWorkloads.Batches::rowsPerSecond),
        h2Mark(ratio(r, H2, SqlWorkloads.Batches::rowsPerSecond)),
        "≥ " + String.format(Locale.ROOT, "%.1f", BATCH_VS_SQLITE_TARGET) + " × SQLite's rows/s, same run",
        met(b != null && s != null, vsSqlite >= BATCH_VS_SQLITE_TARGET,
            String.format(Locale.ROOT, "%.2f × SQLite", vsSqlite)) + disturbed("sql-batch"), log);
  }

  /**
   * After the load, untimed: PostgreSQL writes the pages it loaded back over the next minutes (its
   * checkpointer spreads them over 90% of {@code checkpoint_timeout}), that is into the shares of
   * whichever systems are measured next, on the same disk. A {@code CHECKPOINT} makes it write them
   * now, in nobody's share. (BlockDB's own background work after its load, flushes and compactions,
   * stays in its own later shares.) Measured: BlockDB remote's 8-connection INSERT right after the
   * load went from 18,289-19,024 to 20,661-22,053 rows/s with it (BENCHMARKS.md).
   */
  private void checkpointPostgres() {
    JdbcSystem.Db pg = dbs.get(POSTGRESQL);
    if (pg == null || !loaded.containsKey(POSTGRESQL)) {
      return;
    }
    try (java.sql.Statement st = pg.connection().createStatement()) {
      st.execute("CHECKPOINT");
    } catch (java.sql.SQLException e) {
      log.println("    warning: PostgreSQL's CHECKPOINT after the load failed: " + e.getMessage());
    }
  }

  /**
   * A row for one of issue 5's targets, stated against PostgreSQL in the same run: BlockDB
   * remote's figure ÷ PostgreSQL's, in BlockDB remote's column; the met? cell says "disturbed"
   * when processes other than the benchmark and blockdb-server took over a quarter core during
   * BlockDB remote's share of {@code workload}. Nothing when BlockDB remote is not among the systems.
   */
  private <T> void remoteVsPostgres(String workload, String what, Map<String, T> res, Num<T> f,
      boolean lowerIsBetter, double target, Cell<T> figure) {
    if (systems.stream().noneMatch(s -> s.name().equals(REMOTE))) {
      return;
    }
    T mine = res.get(REMOTE);
    T pg = res.get(POSTGRESQL);
    Map<String, String> c = new LinkedHashMap<>();
    for (JdbcSystem s : systems) {
      c.put(s.name(), "—");
    }
    String met;
    if (mine == null || pg == null || f.of(pg) <= 0) {
      c.put(REMOTE, mine == null ? "n/a" : "n/a (no PostgreSQL figure in this run)");
      met = "n/a";
    } else {
      double ratio = f.of(mine) / f.of(pg);
      c.put(REMOTE, String.format(Locale.ROOT, "**%.2f** (%s against %s)", ratio, figure.text(mine), figure.text(pg)));
      met = met(true, lowerIsBetter ? ratio <= target : ratio >= target, String.format(Locale.ROOT, "%.2f", ratio));
      Double rest = othersDuringServer.getOrDefault(REMOTE, Map.of()).get(workload);
      if (rest != null && rest > 0.25) {
        // Two JVMs (clients and server) share 2 cores: other work weighs on this figure most.
        met += String.format(Locale.ROOT, "; disturbed: other processes busy %.2f cores during BlockDB remote's share",
            rest);
      }
    }
    String goal = String.format(Locale.ROOT, lowerIsBetter ? "≤ %.1f × PostgreSQL's" : "≥ %.1f × PostgreSQL's",
        target);
    rep.sqlRow(what, c, "—", "—", goal, met, log);
  }

  /**
   * Issue 6's rows, when BlockDB cluster is among the systems: its 8-connection INSERTs/s ÷ BlockDB
   * remote's (a single blockdb-server, the same protocol) in the same run, and its commit latency
   * p50 (that of an autocommit INSERT, with 8 connections and with 1) against the target. The met?
   * cells say "disturbed" when processes other than the benchmark and the servers took over a
   * quarter core during the cluster's share.
   */
  private void clusterVsServer(Map<String, SqlWorkloads.Inserts> eight, Map<String, SqlWorkloads.Inserts> one) {
    if (systems.stream().noneMatch(s -> s.name().equals(CLUSTER))) {
      return;
    }
    if (eight != null) {
      SqlWorkloads.Inserts c = eight.get(CLUSTER);
      SqlWorkloads.Inserts single = eight.get(REMOTE);
      Map<String, String> cells = dashes();
      String met;
      if (c == null || single == null || single.rowsPerSecond() <= 0) {
        cells.put(CLUSTER, c == null ? "n/a" : "n/a (no BlockDB remote figure in this run)");
        met = "n/a";
      } else {
        double ratio = c.rowsPerSecond() / single.rowsPerSecond();
        cells.put(CLUSTER, String.format(Locale.ROOT, "**%.2f** (%s rows/s against %s rows/s)", ratio,
            Main.count(c.rowsPerSecond()), Main.count(single.rowsPerSecond())));
        met = met(true, ratio >= CLUSTER_INSERT8_VS_REMOTE_TARGET, String.format(Locale.ROOT, "%.2f", ratio))
            + clusterDisturbed("sql-insert8");
      }
      rep.sqlRow("BlockDB cluster (" + JdbcSystem.CLUSTER_SIZE + " nodes) against a single blockdb-server (issue 6):"
              + " durable single-row autocommit INSERT (prepared), " + cfg.threads() + " connections, rows/s ÷ BlockDB"
              + " remote's rows/s", cells, "—", "—",
          String.format(Locale.ROOT, "≥ %.1f × BlockDB remote's", CLUSTER_INSERT8_VS_REMOTE_TARGET), met, log);
    }
    List<String> parts = new ArrayList<>();
    boolean ok = true;
    String disturbed = "";
    Map<String, Map<String, SqlWorkloads.Inserts>> byWorkload = new LinkedHashMap<>();
    byWorkload.put("sql-insert1", one == null ? Map.of() : one);
    byWorkload.put("sql-insert8", eight == null ? Map.of() : eight);
    for (Map.Entry<String, Map<String, SqlWorkloads.Inserts>> e : byWorkload.entrySet()) {
      SqlWorkloads.Inserts c = e.getValue().get(CLUSTER);
      if (c == null) {
        continue;
      }
      double p50 = c.latency().p50Micros() / 1000.0;
      ok &= p50 <= CLUSTER_COMMIT_P50_TARGET_MILLIS;
      SqlWorkloads.Inserts single = e.getValue().get(REMOTE);
      String connections = e.getKey().equals("sql-insert1") ? "1 connection" : cfg.threads() + " connections";
      parts.add(String.format(Locale.ROOT, "%s: **%s** (single server: %s)", connections, millis(p50),
          single == null ? "n/a" : millis(single.latency().p50Micros() / 1000.0)));
      disturbed += clusterDisturbed(e.getKey());
    }
    Map<String, String> cells = dashes();
    cells.put(CLUSTER, parts.isEmpty() ? "n/a" : String.join("; ", parts));
    rep.sqlRow("BlockDB cluster (" + JdbcSystem.CLUSTER_SIZE + " nodes, issue 6): commit latency p50, that of a durable"
            + " single-row autocommit INSERT (prepared) through the leader", cells, "—", "—",
        String.format(Locale.ROOT, "p50 ≤ %.0f ms", CLUSTER_COMMIT_P50_TARGET_MILLIS),
        met(!parts.isEmpty(), ok, "") + disturbed, log);
  }

  /**
   * Issue 6's failover rows, when BlockDB cluster is among the systems: a fresh cluster per
   * election timeout (the SQL suite's clusters are stopped by then), {@link ClusterFailover#rounds}
   * leader kills each.
   */
  private void failover() {
    JdbcSystem cluster = systems.stream().filter(s -> s.name().equals(CLUSTER)).findFirst().orElse(null);
    if (cluster == null) {
      return;
    }
    int rounds = ClusterFailover.rounds(cfg);
    for (int election : FAILOVER_ELECTION_TIMEOUTS) {
      Map<String, String> cells = dashes();
      String met;
      Cpu.Window w = new Cpu.Window();
      try {
        if (cluster.unavailableReason() != null) {
          throw new IllegalStateException(cluster.unavailableReason());
        }
        ClusterFailover.Result r = ClusterFailover.measure(cluster.serverClasspathInUse(),
            work.resolve("cluster-failover-" + election), election, rounds, log);
        cells.put(CLUSTER, String.format(Locale.ROOT, "median **%s**, max %s, min %s (%d round%s: %s ms)",
            millis(r.median()), millis(r.max()), millis(r.min()), r.millis().size(), r.millis().size() == 1 ? ""
                : "s", r.millis().stream()
                .map(String::valueOf).collect(Collectors.joining(", "))));
        met = met(true, r.median() <= FAILOVER_TARGET_MILLIS, "on the median");
      } catch (Exception | AssertionError e) {
        cells.put(CLUSTER, "error: " + problem(e));
        log.println("    " + CLUSTER + " failed in cluster-failover: " + problem(e));
        met = "n/a";
      } finally {
        try {
          Main.deleteTree(work.resolve("cluster-failover-" + election));
        } catch (IOException e) {
          log.println("    warning: " + problem(e));
        }
      }
      busy.put("cluster-failover-" + election, String.format(Locale.ROOT, "%.2f / %.2f", w.selfCores(),
          w.othersCores()));
      rep.sqlRow("BlockDB cluster (" + JdbcSystem.CLUSTER_SIZE + " nodes, issue 6): leader failover, kill -9 of the"
              + " leader to the first write acknowledged after it (`POST /api/v1/put` through both survivors),"
              + " election_timeout " + election + " ms" + (election == DEFAULT_ELECTION_TIMEOUT_MILLIS ? " (the default)" : ""), cells, "—", "—",
          String.format(Locale.ROOT, "median ≤ %.0f s", FAILOVER_TARGET_MILLIS / 1000), met, log);
    }
  }

  /** Every system's cell "—". */
  private Map<String, String> dashes() {
    Map<String, String> c = new LinkedHashMap<>();
    for (JdbcSystem s : systems) {
      c.put(s.name(), "—");
    }
    return c;
  }

  /** "; disturbed: ..." when other processes took over a quarter core during the cluster's share of a workload. */
  private String clusterDisturbed(String workload) {
    Double rest = othersDuringServer.getOrDefault(CLUSTER, Map.of()).get(workload);
    return rest != null && rest > 0.25 ? String.format(Locale.ROOT, "; disturbed in %s: other processes busy %.2f"
        + " cores during BlockDB cluster's share", workload, rest) : "";
  }

  /** CPU seconds of the server processes together, or -1 when there are none or /proc cannot tell. */
  private static double serverSeconds(List<Long> pids) {
    if (pids.isEmpty()) {
      return -1;
    }
    double sum = 0;
    for (long pid : pids) {
      double s = Cpu.processSeconds(Long.toString(pid));
      if (s < 0) {
        return -1;
      }
      sum += s;
    }
    return sum;
  }

  private Map<String, SqlWorkloads.Inserts> inserts(String workload, int threads, long idBase) {
    Map<String, String> err = new LinkedHashMap<>();
    Map<String, SqlWorkloads.Inserts> r = each(workload, err, false,
        (db, rows) -> SqlWorkloads.inserts(db, threads, idBase, cfg, disk));
    rep.sqlRow("single-row autocommit INSERT (prepared), " + threads + (threads == 1 ? " thread" : " threads, one"
            + " connection each") + ": rows/s, latency p50 / p99, disk flushes per row (ratios of rows/s)",
        cells(err, r, true, x -> Main.count(x.rowsPerSecond()) + " rows/s, " + Main.latency(x.latency())
            + (Double.isNaN(x.deviceFlushesPerRow()) ? ""
                : String.format(Locale.ROOT, ", %.3f flushes/row", x.deviceFlushesPerRow()))),
        ratio(r, SQLITE, SqlWorkloads.Inserts::rowsPerSecond),
        h2Mark(ratio(r, H2, SqlWorkloads.Inserts::rowsPerSecond)), "—", "—", log);
    return r;
  }

  private void transactions(String workload, int threads, long idBase) {
    Map<String, String> err = new LinkedHashMap<>();
    Map<String, SqlWorkloads.Inserts> r = each(workload, err, false,
        (db, rows) -> SqlWorkloads.inserts(db, threads, idBase, cfg, disk, TXN_ROWS));
    rep.sqlRow("transactions of " + TXN_ROWS + " prepared INSERTs then commit, durable, " + threads
            + " threads, one connection each: commits/s (rows/s), commit latency p50 / p99, disk flushes per commit "
            + "(ratios of commits/s)",
        cells(err, r, true, x -> Main.count(x.rowsPerSecond() / TXN_ROWS) + " commits/s ("
            + Main.count(x.rowsPerSecond()) + " rows/s), " + Main.latency(x.latency())
            + (Double.isNaN(x.deviceFlushesPerRow()) ? ""
                : String.format(Locale.ROOT, ", %.3f flushes/commit", x.deviceFlushesPerRow()))),
        ratio(r, SQLITE, SqlWorkloads.Inserts::rowsPerSecond),
        h2Mark(ratio(r, H2, SqlWorkloads.Inserts::rowsPerSecond)), "—", "—", log);
  }

  /**
   * Runs one workload on every system in turn; a null result leaves the cell "n/a" (the system has
   * no such thing), an exception puts the problem in the cell.
   */
  private <T> Map<String, T> each(String workload, Map<String, String> errors, boolean needsRows, Action<T> a) {
    Cpu.Window w = new Cpu.Window();
    Map<String, T> res = new LinkedHashMap<>();
    for (JdbcSystem s : systems) {
      String name = s.name();
      if (out.containsKey(name)) {
        errors.put(name, out.get(name));
        continue;
      }
      if (needsRows && !loaded.containsKey(name)) {
        errors.put(name, "n/a (loading failed)");
        continue;
      }
      Cpu.Window mine = new Cpu.Window();
      List<Long> pids = s.serverPids();
      double server0 = serverSeconds(pids);
      try {
        T t = a.run(dbs.get(name), loaded.getOrDefault(name, 0L));
        if (name.equals(BLOCKDB)) {
          othersDuringBlockDb.put(workload, mine.othersCores());
        }
        double server1 = serverSeconds(pids);
        if (server0 >= 0 && server1 >= 0 && mine.seconds() > 0) {
          double serverCores = (server1 - server0) / mine.seconds();
          double rest = Math.max(0, mine.othersCores() - serverCores);
          duringServer.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(workload,
              String.format(Locale.ROOT, "%.2f / %.2f / %.2f", mine.selfCores(), serverCores, rest));
          othersDuringServer.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(workload, rest);
        }
        if (t != null) {
          res.put(name, t);
        } else {
          errors.put(name, "n/a");
        }
      } catch (Exception | AssertionError e) {
        errors.put(name, "error: " + problem(e));
        log.println("    " + name + " failed in " + workload + ": " + problem(e));
      }
    }
    busy.put(workload, String.format(Locale.ROOT, "%.2f / %.2f", w.selfCores(), w.othersCores()));
    return res;
  }

  /** A warning for the met? cell when other processes took CPU during BlockDB's share of a workload. */
  private String disturbed(String workload) {
    Double o = othersDuringBlockDb.get(workload);
    return o != null && o > 0.25 ? String.format(Locale.ROOT, "; disturbed: other processes busy %.2f cores", o) : "";
  }

  private void close() throws IOException {
    for (Map.Entry<String, JdbcSystem.Db> e : dbs.entrySet()) {
      try {
        e.getValue().close();
      } catch (RuntimeException ex) {
        log.println("    warning: " + problem(ex));
      }
      Main.deleteTree(work.resolve(e.getKey() + "-sql"));
    }
    dbs.clear();
    for (JdbcSystem s : systems) {
      s.cleanUp();
    }
  }

  /** An exception and its causes as one line: no stack trace, but every message. */
  static String problem(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null && b.length() < 400; t = t.getCause()) {
      if (t != e) {
        b.append("; caused by ");
      }
      b.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        b.append(": ").append(t.getMessage().replace('\n', ' '));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return b.toString();
  }

  private <T> Map<String, String> cells(Map<String, String> errors, Map<String, T> res, boolean writes,
      Cell<T> cell) {
    Map<String, String> m = new LinkedHashMap<>();
    for (JdbcSystem s : systems) {
      T t = res.get(s.name());
      String text = t != null ? cell.text(t) : errors.getOrDefault(s.name(), "n/a");
      if (t != null && writes && !s.durable()) {
        text = text + " ¹";
      }
      m.put(s.name(), text);
    }
    return m;
  }

  /** BlockDB's figure ÷ the other's, or "—" when either is missing. */
  private static <T> String ratio(Map<String, T> res, String other, Num<T> f) {
    T mine = res.get(BLOCKDB);
    T theirs = res.get(other);
    if (mine == null || theirs == null || f.of(theirs) <= 0) {
      return "—";
    }
    double r = f.of(mine) / f.of(theirs);
    return String.format(Locale.ROOT, r >= 100 ? "%,.0f" : r >= 10 ? "%.1f" : "%.2f", r);
  }

  /** A write row's ratio to H2 carries the footnote: H2's commits are not durable. */
  private static String h2Mark(String ratio) {
    return ratio.equals("—") ? ratio : ratio + " ¹";
  }

  private static String met(boolean measured, boolean ok, String detail) {
    if (!measured) {
      return "n/a";
    }
    return (ok ? "yes" : "**no**") + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  private static String millis(double ms) {
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f ms", ms);
    }
    if (ms < 100) {
      return String.format(Locale.ROOT, "%.1f ms", ms);
    }
    return String.format(Locale.ROOT, "%,d ms", Math.round(ms));
  }
}
