package com.blockdb.bench;

import com.blockdb.bench.Measure.Latency;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * bin/blockdb-bench: BlockDB's engine beside SQLite, H2 and PostgreSQL on the same disk, one line per
 * workload, then a markdown table (also written to {@code --out}).
 */
public final class Main {

  static final String USAGE = """
      Usage: blockdb-bench [--with-postgres] [--quick] [--out FILE] [--work-dir DIR] [--systems LIST]
                           [--workloads LIST] [--keep] [--cluster]

      Measures BlockDB beside SQLite, H2 and PostgreSQL on one disk and prints markdown tables: the
      engine workloads (workload, each system, ratio BlockDB/best other, target, met?), then the SQL
      suite, the same statements through JDBC on every system (each system, ratios BlockDB/SQLite and
      BlockDB/H2, target, met?), BlockDB both embedded and through blockdb-server on loopback
      ("BlockDB remote", with its targets against PostgreSQL's figures of the same run).

        --quick          small counts (about 2 minutes) instead of the full run (about 7 minutes)
        --out FILE       also write the report (machine, tables, notes) to FILE
        --work-dir DIR   where the data go: a new directory bench-* is made inside DIR and
                         deleted afterwards (default DIR: the repository's target/, so the
                         repository's disk)
        --systems LIST   comma-separated subset of blockdb,blockdb-remote,blockdb-cluster,sqlite,h2,
                         postgresql (default: all but blockdb-cluster; blockdb-remote and
                         blockdb-cluster take part in the SQL suite only)
        --workloads LIST comma-separated workloads or groups (default: all; the disk's fsync rate
                         is always measured):
                           engine = sha,put1,put8,batch,get,verify (BlockDB's engine API)
                           sql    = sha,sql-batch,sql-select,sql-literal,sql-range,sql-count,
                                    sql-verify,sql-insert1,sql-insert8,sql-txn8 (JDBC,
                                    jdbc:blockdb:<dir>), cluster-failover (blockdb-cluster only)
                           all    = both
        --keep           keep the data directories
        --cluster        issue 6's figures: a 3-node cluster (blockdb-cluster: three blockdb-server
                         processes on loopback) beside a single blockdb-server (blockdb-remote),
                         durable single-row INSERTs from 1 and 8 connections, then the leader
                         failover time at election_timeout 1000 and 300 ms; the same as
                         --systems blockdb-remote,blockdb-cluster
                         --workloads sql-insert1,sql-insert8,cluster-failover
        -h, --help       this text

      PostgreSQL is measured when a server answers at BENCH_PG_URL (default
      jdbc:postgresql://127.0.0.1:5432/postgres) as BENCH_PG_USER (default postgres) with
      BENCH_PG_PASSWORD; otherwise its column shows n/a. The launcher's --with-postgres installs
      PostgreSQL 15 from Debian's packages if it is missing and runs a throwaway server for the run.
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    Config cfg = Config.full();
    Path out = null;
    Path workDir = null;
    boolean keep = false;
    String systems = "blockdb,blockdb-remote,sqlite,h2,postgresql";
    Set<String> workloads = new LinkedHashSet<>(expand("all"));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> cfg = Config.quick();
        case "--tiny" -> cfg = Config.tiny(); // for trying the harness itself; figures mean nothing
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--work-dir" -> workDir = Path.of(value(args, ++i, a));
        case "--systems" -> systems = value(args, ++i, a).toLowerCase(Locale.ROOT);
        case "--keep" -> keep = true;
        case "--cluster" -> {
          systems = "blockdb-remote,blockdb-cluster";
          workloads.clear();
          workloads.addAll(List.of("sql-insert1", "sql-insert8", "cluster-failover"));
        }
        case "--workloads" -> {
          workloads.clear();
          for (String w : value(args, ++i, a).toLowerCase(Locale.ROOT).split(",")) {
            List<String> names = expand(w.trim());
            if (names.isEmpty()) {
              System.err.println("error: unknown workload '" + w + "' (engine, sql, all, " + String.join(", ",
                  allWorkloads()) + ")");
              System.exit(2);
            }
            workloads.addAll(names);
          }
        }
        case "-h", "--help" -> {
          System.out.print(USAGE);
          return;
        }
        default -> {
          System.err.println("error: unknown option '" + a + "'\n");
          System.err.print(USAGE);
          System.exit(2);
        }
      }
    }
    boolean engine = List.of(WORKLOADS).stream().anyMatch(w -> !w.equals("sha") && workloads.contains(w));
    boolean sql = SqlSuite.selected(workloads);
    List<Subject> subjects = new ArrayList<>();
    List<JdbcSystem> sqlSystems = new ArrayList<>();
    for (String s : systems.split(",")) {
      switch (s.trim()) {
        case "blockdb" -> {
          subjects.add(new BlockDbSubject());
          if (sql) {
            sqlSystems.add(JdbcSystem.blockdb());
          }
        }
        case "blockdb-remote", "remote" -> {
          if (sql) { // the SQL suite only: the engine workloads call the engine's API
            sqlSystems.add(JdbcSystem.blockdbRemote());
          }
        }
        case "blockdb-cluster", "cluster" -> {
          if (sql) { // the SQL suite only, as blockdb-remote
            sqlSystems.add(JdbcSystem.blockdbCluster());
          }
        }
        case "sqlite" -> both(JdbcSystem.sqlite(), subjects, sqlSystems, sql);
        case "h2" -> both(JdbcSystem.h2(), subjects, sqlSystems, sql);
        case "postgresql", "postgres", "pg" -> both(JdbcSystem.postgresql(), subjects, sqlSystems, sql);
        case "" -> { }
        default -> {
          System.err.println("error: unknown system '" + s + "' (blockdb, blockdb-remote, blockdb-cluster, sqlite, h2,"
              + " postgresql)");
          System.exit(2);
        }
      }
    }
    // Always a new directory of our own, so that deleting it afterwards deletes nothing else.
    Path parent = workDir != null ? workDir : Path.of(System.getProperty("blockdb.bench.workParent", "target"));
    Files.createDirectories(parent);
    workDir = Files.createTempDirectory(parent, "bench-");
    Report report = run(cfg, workDir.toAbsolutePath(), engine ? subjects : List.of(), sqlSystems, workloads,
        System.out);
    if (out != null) {
      Path outDir = out.toAbsolutePath().getParent();
      if (outDir != null) {
        Files.createDirectories(outDir);
      }
      Files.writeString(out, report.markdown(), StandardCharsets.UTF_8);
      System.out.println("\nwrote " + out);
    }
    if (!keep) {
      deleteTree(workDir);
    }
  }

  /** The engine workloads over {@code s}, and the SQL suite too when it runs. */
  private static void both(JdbcSystem s, List<Subject> subjects, List<JdbcSystem> sqlSystems, boolean sql) {
    subjects.add(SqlSubject.of(s));
    if (sql) {
      sqlSystems.add(s);
    }
  }

  /** The workloads a name stands for: itself, or a group's members; empty for an unknown name. */
  static List<String> expand(String name) {
    List<String> engine = List.of(WORKLOADS);
    List<String> sql = new ArrayList<>(List.of("sha"));
    sql.addAll(SqlSuite.WORKLOADS);
    return switch (name) {
      case "engine" -> engine;
      case "sql" -> sql;
      case "all" -> allWorkloads();
      default -> allWorkloads().contains(name) ? List.of(name) : List.of();
    };
  }

  private static List<String> allWorkloads() {
    List<String> all = new ArrayList<>(List.of(WORKLOADS));
    all.addAll(SqlSuite.WORKLOADS);
    return all;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      System.err.println("error: " + option + " needs a value\n");
      System.err.print(USAGE);
      System.exit(2);
    }
    return args[i];
  }

  /** Runs every engine workload on every subject; prints a line per workload as it completes. */
  static Report run(Config cfg, Path work, List<Subject> subjects, PrintStream log) throws Exception {
    return run(cfg, work, subjects, List.of(), Set.of(WORKLOADS), log);
  }

  /** The engine workloads --workloads can name; the fsync rate is always measured (targets need it). */
  static final String[] WORKLOADS = {"sha", "put1", "put8", "batch", "get", "verify"};

  /**
   * Runs the chosen engine workloads on every subject, then the chosen SQL suite workloads on every
   * SQL system; prints a line per workload as it completes.
   */
  static Report run(Config cfg, Path work, List<Subject> subjects, List<JdbcSystem> sqlSystems, Set<String> on,
      PrintStream log) throws Exception {
    Files.createDirectories(work);
    Cpu.Window whole = new Cpu.Window();
    double loadStart = Cpu.loadAverage();
    DiskStats disk = DiskStats.forDirectory(work);
    Report rep = new Report(cfg, subjects);
    rep.facts.addAll(machineFacts(work, disk));
    log.println("blockdb-bench (" + cfg.name() + " run), data under " + work);
    for (String f : rep.facts) {
      log.println("  " + f);
    }
    Set<String> described = new LinkedHashSet<>();
    for (Subject s : subjects) {
      described.add(s.describe());
    }
    for (JdbcSystem s : sqlSystems) {
      described.add(s.describe());
    }
    for (String d : described) {
      rep.notes.add(d);
      log.println("  " + d);
    }
    log.println();
    Map<String, String> busy = new LinkedHashMap<>(); // CPU per workload: this JVM / others

    // 1. the disk: the reference of the targets, and for comparison the same on a preallocated file
    Cpu.Window w = new Cpu.Window();
    Workloads.Fsync fs = Workloads.fsync(work, cfg.fsyncMillis(), disk);
    rep.fsync = fs;
    rep.row(String.format(Locale.ROOT, "fsync rate of the disk (append 100 B + force(false), %.1f s): **%s fsync/s**"
        + " (median of 250 ms slices), p50 %s µs, p99 %s µs%s", cfg.fsyncMillis() / 1000.0, count(fs.perSecond()),
        micros(fs.p50Micros()), micros(fs.p99Micros()), flushesPerFsync(fs)),
        Map.of(), "—", "machine, same run", "—", log);
    Workloads.Fsync fsPre = Workloads.fsyncPreallocated(work, cfg.fsyncMillis(), disk);
    rep.row(String.format(Locale.ROOT, "for comparison, fsync of a preallocated file (overwrite 100 B in place, no size"
        + " change), %.1f s: %s fsync/s, p50 %s µs, p99 %s µs%s", cfg.fsyncMillis() / 1000.0,
        count(fsPre.perSecond()), micros(fsPre.p50Micros()), micros(fsPre.p99Micros()), flushesPerFsync(fsPre)),
        Map.of(), "—", "machine, same run", "—", log);
    busy.put("fsync", cores(w));

    // 2. SHA-256
    if (on.contains("sha")) {
      Workloads.Sha sha = Workloads.sha256(cfg.shaMillis(), cfg.rounds());
      rep.row(String.format(Locale.ROOT, "SHA-256 (MessageDigest) of 100-byte messages, 1 thread: **%s hashes/s**"
          + " (%.0f MB/s); of %d KiB messages: **%.0f MB/s**", count(sha.hashesPerSecond()), sha.megabytesPerSecond(),
          Workloads.SHA_BULK_BYTES / 1024, sha.bulkMegabytesPerSecond()), Map.of(), "—", "machine, same run", "—",
          log);
    }

    // 3. durable single puts, 1 thread
    double fsyncMicros = fs.p50Micros();
    if (on.contains("put1")) {
      w = new Cpu.Window();
      Map<String, Workloads.Puts> p1 = new LinkedHashMap<>();
      Map<String, String> err1 = new LinkedHashMap<>();
      for (Subject s : subjects) {
        measure(s, work.resolve(s.name() + "-put1"), err1,
            st -> p1.put(s.name(), Workloads.puts(st, 1, cfg, disk, work)));
      }
      busy.put("put1", cores(w));
      rep.row("durable single puts, 1 thread: ops/s",
          cells(subjects, err1, p1, p -> count(p.opsPerSecond()) + "/s"),
          ratioHigher(p1, Workloads.Puts::opsPerSecond, true), "—", "—", log);
      Workloads.Puts b1 = p1.get("BlockDB");
      double latRatio = b1 == null ? Double.NaN : b1.p50PerFsyncP50();
      rep.row("durable single puts, 1 thread: latency p50 / p99 (in brackets: p50 ÷ the fsync p50 probed just"
              + " before each round, median of rounds)",
          cells(subjects, err1, p1, p -> latency(p.latency()) + String.format(Locale.ROOT, " (%.2f× fsync)",
              p.p50PerFsyncP50())),
          ratioLower(p1, p -> p.latency().p50Micros(), true),
          String.format(Locale.ROOT, "p50 ≤ 1.3 × fsync p50 (start of run: 1.3 × %s = %s µs)",
              micros(fsyncMicros), micros(1.3 * fsyncMicros)),
          met(latRatio <= 1.3, String.format(Locale.ROOT, "%.2f× fsync", latRatio), b1 == null) + disturbed("put1"),
          log);
    }

    // 4. durable single puts, 8 threads
    if (on.contains("put8")) {
      w = new Cpu.Window();
      Map<String, Workloads.Puts> p8 = new LinkedHashMap<>();
      Map<String, String> err8 = new LinkedHashMap<>();
      for (Subject s : subjects) {
        measure(s, work.resolve(s.name() + "-put8"), err8,
            st -> p8.put(s.name(), Workloads.puts(st, cfg.threads(), cfg, disk, work)));
      }
      busy.put("put8", cores(w));
      double target8 = 0.6 * cfg.threads() * fs.perSecond();
      Workloads.Puts b8 = p8.get("BlockDB");
      double r8 = b8 == null ? Double.NaN : b8.opsPerFsyncRate();
      rep.row("durable single puts, " + cfg.threads() + " threads: ops/s (in brackets: ÷ (" + cfg.threads()
              + " × the fsync rate probed just before each round), median of rounds)",
          cells(subjects, err8, p8, p -> count(p.opsPerSecond()) + "/s, p50 " + micros(p.latency().p50Micros())
              + String.format(Locale.ROOT, " µs (%.2f)", p.opsPerFsyncRate())),
          ratioHigher(p8, Workloads.Puts::opsPerSecond, true),
          String.format(Locale.ROOT, "≥ 0.6 × %d × fsync rate (start of run: %s/s)", cfg.threads(), count(target8)),
          met(r8 >= 0.6, String.format(Locale.ROOT, "%.2f × %d × fsync", r8, cfg.threads()), b8 == null)
              + disturbed("put8"), log);
      rep.row("durable single puts, " + cfg.threads() + " threads: fsyncs per put",
          cells(subjects, err8, p8, p -> (Double.isNaN(p.fsyncsPerPut()) ? ""
              : String.format(Locale.ROOT, "%.3f WAL fsyncs; ", p.fsyncsPerPut()))
              + (Double.isNaN(p.deviceFlushesPerPut()) ? "device n/a"
                  : String.format(Locale.ROOT, "%.3f device flushes", p.deviceFlushesPerPut()))),
          "—", "≤ 0.25 fsyncs/put",
          met(b8 != null && b8.fsyncsPerPut() <= 0.25,
              b8 == null ? "" : String.format(Locale.ROOT, "%.3f", b8.fsyncsPerPut()), b8 == null), log);
    }

    // 5. batched puts (BlockDB's store is kept for verify)
    Workloads.Batches bb = null;
    Path verifyDir = work.resolve("BlockDB-batch");
    boolean keepForVerify = on.contains("verify");
    if (on.contains("batch") || keepForVerify) {
      w = new Cpu.Window();
      Map<String, Workloads.Batches> bt = new LinkedHashMap<>();
      Map<String, String> errB = new LinkedHashMap<>();
      for (Subject s : subjects) {
        boolean isDb = s.name().equals("BlockDB");
        if (on.contains("batch") || isDb) {
          measure(s, work.resolve(s.name() + "-batch"), errB, st -> bt.put(s.name(), Workloads.batches(st, cfg)),
              !(keepForVerify && isDb));
        }
      }
      bb = bt.get("BlockDB");
      if (on.contains("batch")) {
        busy.put("batch", cores(w));
        rep.row("batched puts (" + cfg.batchSize() + " entries/transaction, 100 B values), 1 thread: entries/s",
            cells(subjects, errB, bt, b -> count(b.entriesPerSecond()) + "/s"),
            ratioHigher(bt, Workloads.Batches::entriesPerSecond, true), "≥ 500,000/s",
            met(bb != null && bb.entriesPerSecond() >= 500_000, "", bb == null) + disturbed("batch"), log);
      }
    }

    // 6. random gets
    if (on.contains("get")) {
      w = new Cpu.Window();
      Map<String, Workloads.Gets> gt = new LinkedHashMap<>();
      Map<String, String> errG = new LinkedHashMap<>();
      for (Subject s : subjects) {
        Path dir = work.resolve(s.name() + "-get");
        measure(s, dir, errG, st -> {
          Workloads.Gets g = Workloads.gets(st, dir, cfg);
          gt.put(s.name(), g);
          if (!g.hotState().isEmpty()) {
            log.println("    " + s.name() + " gets: loaded " + g.hotState() + "; then flush+compact: "
                + g.coldState());
          }
        });
      }
      busy.put("get", cores(w));
      Workloads.Gets bg = gt.get("BlockDB");
      String getWhat = count(cfg.getKeys()) + " keys, " + count((double) cfg.rounds() * cfg.getSamples())
          + " random gets after " + count(cfg.getWarmup()) + " warm-up, 1 thread";
      rep.row("random get from the memtable (SQL: right after loading): p50 / p99 (" + getWhat + ")",
          cells(subjects, errG, gt, g -> latency(g.hot())),
          ratioLower(gt, g -> g.hot().p50Micros(), false), "p50 ≤ 5 µs",
          met(bg != null && bg.hot().p50Micros() <= 5, "", bg == null) + disturbed("get"), log);
      rep.row("random get from SSTables after flush + compact (SQL: after reopening): p50 / p99",
          cells(subjects, errG, gt, g -> latency(g.cold())),
          ratioLower(gt, g -> g.cold().p50Micros(), false), "p50 ≤ 20 µs",
          met(bg != null && bg.cold().p50Micros() <= 20, "", bg == null) + disturbed("get"), log);
    }

    // 7. verify, over the batch workload's store
    if (on.contains("verify")) {
      w = new Cpu.Window();
      Map<String, String> vcells = new LinkedHashMap<>();
      Workloads.Verify vr = null;
      boolean hasBlockDb = subjects.stream().anyMatch(s -> s.name().equals("BlockDB"));
      if (hasBlockDb && bb != null) {
        try (BlockDbSubject.DbStore st = new BlockDbSubject().open(verifyDir, false)) {
          log.println("    BlockDB verify store: " + st.state());
          vr = Workloads.verify(st, cfg.rounds());
          vcells.put("BlockDB", String.format(Locale.ROOT, "%s entries/s (%s entries, %s blocks, %.2f s)",
              count(vr.entriesPerSecond()), count(vr.entries()), count(vr.blocks()), vr.seconds()));
        } catch (RuntimeException e) {
          vcells.put("BlockDB", "error: " + e);
          e.printStackTrace(log);
        }
      } else if (hasBlockDb) {
        vcells.put("BlockDB", "n/a (batch workload failed)");
      }
      for (Subject s : subjects) {
        if (!s.name().equals("BlockDB")) {
          vcells.put(s.name(), "n/a");
        }
      }
      busy.put("verify", cores(w));
      rep.row("verify (re-read, re-hash every entry, rebuild Merkle roots and chain): entries/s", vcells, "—",
          "≥ 1,000,000/s", met(vr != null && vr.entriesPerSecond() >= 1_000_000, "", vr == null), log);
    }
    deleteTree(verifyDir);

    // 8. the SQL suite: the same statements through JDBC on every system
    if (SqlSuite.selected(on) && !sqlSystems.isEmpty()) {
      new SqlSuite(cfg, work, sqlSystems, on, disk, rep, busy, log).run();
    }

    // the disk once more, to show whether its rate held during the run
    Workloads.Fsync fsEnd = Workloads.fsync(work, cfg.fsyncMillis(), disk);
    rep.notes.add(String.format(Locale.ROOT, "The disk's fsync rate (appending) measured again at the end of the run:"
        + " %s/s (p50 %s µs, p99 %s µs); at the start: %s/s (p50 %s µs, p99 %s µs). The targets column quotes the start figures; the met? column of the"
        + " two targets relative to fsync uses the probes paired with each round (see those rows).",
        count(fsEnd.perSecond()), micros(fsEnd.p50Micros()), micros(fsEnd.p99Micros()), count(fs.perSecond()),
        micros(fs.p50Micros()), micros(fs.p99Micros())));
    for (Subject s : subjects) {
      if (s instanceof SqlSubject sql) {
        sql.cleanUp();
      }
    }
    rep.notes.add("CPU busy during each workload, in cores on average (of 2), this JVM / other processes (the"
        + " PostgreSQL server and blockdb-server during their shares, and anything else running on the machine): "
        + busy.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")));
    if (!OTHERS_DURING_BLOCKDB.isEmpty()) {
      rep.notes.add("CPU of other processes during BlockDB's own share of each workload, in cores (of 2): "
          + OTHERS_DURING_BLOCKDB.entrySet().stream().map(e -> e.getKey() + " " + fmt2(e.getValue()))
              .collect(Collectors.joining("; ")));
      OTHERS_DURING_BLOCKDB.clear();
    }
    rep.facts.add(String.format(Locale.ROOT, "whole run: %.0f s; CPU busy on average: this JVM %s cores, other"
        + " processes %s cores (of 2); 1-min load average at the start %.2f", whole.seconds(),
        fmt2(whole.selfCores()), fmt2(whole.othersCores()), loadStart));
    log.println();
    log.print(rep.markdown());
    return rep;
  }

  /** A warning for the met? cell when other processes took CPU during BlockDB's share of a workload. */
  private static String disturbed(String workload) {
    Double o = OTHERS_DURING_BLOCKDB.get(workload);
    return o != null && o > 0.25 ? String.format(Locale.ROOT, "; disturbed: other processes busy %.2f cores", o) : "";
  }

  private static String flushesPerFsync(Workloads.Fsync f) {
    return Double.isNaN(f.deviceFlushesPerFsync()) ? ""
        : String.format(Locale.ROOT, ", %.2f device flushes/fsync", f.deviceFlushesPerFsync());
  }

  private static String fmt2(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String cores(Cpu.Window w) {
    return fmt2(w.selfCores()) + " / " + fmt2(w.othersCores());
  }

  interface StoreAction {
    void run(Subject.Store store) throws Exception;
  }

  /** Other processes' CPU (cores) during BlockDB's share of each workload, filled by measure(). */
  private static final Map<String, Double> OTHERS_DURING_BLOCKDB = new LinkedHashMap<>();

  private static void measure(Subject s, Path dir, Map<String, String> errors, StoreAction action) {
    measure(s, dir, errors, action, true);
  }

  /** Opens a fresh store in {@code dir}, runs the action, closes; a failure becomes the cell's text. */
  private static void measure(Subject s, Path dir, Map<String, String> errors, StoreAction action, boolean delete) {
    if (s.unavailableReason() != null) {
      errors.put(s.name(), "n/a");
      return;
    }
    Cpu.Window w = new Cpu.Window();
    try {
      Subject.Store st = s.open(dir, true);
      try {
        action.run(st);
      } finally {
        st.close();
      }
      if (s.name().equals("BlockDB")) {
        String workload = dir.getFileName().toString().replace("BlockDB-", "");
        OTHERS_DURING_BLOCKDB.put(workload, w.othersCores());
      }
    } catch (Exception | AssertionError e) {
      errors.put(s.name(), "error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      System.err.println(s.name() + " failed in " + dir.getFileName() + ":");
      e.printStackTrace();
    } finally {
      if (delete) {
        try {
          deleteTree(dir);
        } catch (IOException e) {
          System.err.println("warning: could not delete " + dir + ": " + e.getMessage());
        }
      }
    }
  }

  interface Cell<T> {
    String text(T t);
  }

  private static <T> Map<String, String> cells(List<Subject> subjects, Map<String, String> errors, Map<String, T> res,
      Cell<T> cell) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Subject s : subjects) {
      T t = res.get(s.name());
      String text = t != null ? cell.text(t) : errors.getOrDefault(s.name(), "n/a");
      if (t != null && s.name().equals("H2") && !text.isEmpty()) {
        text = text + " ¹";
      }
      m.put(s.name(), text);
    }
    return m;
  }

  interface Num<T> {
    double of(T t);
  }

  /** BlockDB / the best other (highest); durableOnly leaves out H2, whose commits are not fsynced. */
  private static <T> String ratioHigher(Map<String, T> res, Num<T> f, boolean durableOnly) {
    T mine = res.get("BlockDB");
    String best = null;
    double bestV = Double.NaN;
    for (Map.Entry<String, T> e : res.entrySet()) {
      if (e.getKey().equals("BlockDB") || durableOnly && e.getKey().equals("H2")) {
        continue;
      }
      double v = f.of(e.getValue());
      if (Double.isNaN(bestV) || v > bestV) {
        bestV = v;
        best = e.getKey();
      }
    }
    if (mine == null || best == null || bestV <= 0) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f (vs %s)", f.of(mine) / bestV, best);
  }

  /** BlockDB / the best other (lowest; below 1 means BlockDB is faster). */
  private static <T> String ratioLower(Map<String, T> res, Num<T> f, boolean durableOnly) {
    T mine = res.get("BlockDB");
    String best = null;
    double bestV = Double.NaN;
    for (Map.Entry<String, T> e : res.entrySet()) {
      if (e.getKey().equals("BlockDB") || durableOnly && e.getKey().equals("H2")) {
        continue;
      }
      double v = f.of(e.getValue());
      if (Double.isNaN(bestV) || v < bestV) {
        bestV = v;
        best = e.getKey();
      }
    }
    if (mine == null || best == null || bestV <= 0) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f (vs %s; lower is better)", f.of(mine) / bestV, best);
  }

  private static String met(boolean ok, String detail, boolean missing) {
    if (missing) {
      return "n/a";
    }
    return (ok ? "yes" : "**no**") + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  static String count(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,d", Math.round(v));
  }

  static String micros(double us) {
    if (us < 10) {
      return String.format(Locale.ROOT, "%.2f", us);
    }
    if (us < 100) {
      return String.format(Locale.ROOT, "%.1f", us);
    }
    return String.format(Locale.ROOT, "%,d", Math.round(us));
  }

  static String latency(Latency l) {
    return micros(l.p50Micros()) + " / " + micros(l.p99Micros()) + " µs";
  }

  private static List<String> machineFacts(Path work, DiskStats disk) {
    List<String> f = new ArrayList<>();
    f.add("date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    f.add("cores (Runtime.availableProcessors): " + Runtime.getRuntime().availableProcessors() + "; CPU: "
        + cpuModel());
    f.add("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    String src = System.getProperty("blockdb.bench.engineSource", "");
    if (!src.isEmpty()) {
      f.add("sources (engine, jdbc-driver, cluster, avatica-server): " + src);
    }
    f.add("os: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    try {
      FileStore fsInfo = Files.getFileStore(work);
      f.add("data directories: " + work + " (" + fsInfo.type() + " on " + fsInfo.name() + ")"
          + (disk.available() ? "; device flush counter: /proc/diskstats " + disk.device() : ""));
    } catch (IOException e) {
      f.add("data directories: " + work);
    }
    return f;
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
