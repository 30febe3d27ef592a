package com.blockdb.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's figures: machine facts, one row per engine workload, one row per SQL suite workload
 * (a table of its own, with ratios to SQLite and to H2), notes; rendered as markdown.
 */
final class Report {

  record Row(String workload, Map<String, String> cells, String ratio, String target, String met) {}

  /** A SQL suite row: BlockDB ÷ SQLite and BlockDB ÷ H2 instead of one ratio to the best other. */
  record SqlRow(String workload, Map<String, String> cells, String vsSqlite, String vsH2, String target,
      String met) {}

  final Config config;
  final List<Subject> subjects;
  final List<String> facts = new ArrayList<>();
  final List<Row> rows = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  /** The SQL suite's columns (system names), empty when the suite did not run. */
  final List<String> sqlSystems = new ArrayList<>();
  final List<SqlRow> sqlRows = new ArrayList<>();
  Workloads.Fsync fsync;

  Report(Config config, List<Subject> subjects) {
    this.config = config;
    this.subjects = subjects;
  }

  /** Adds a row and prints it as one line. */
  void row(String workload, Map<String, String> cells, String ratio, String target, String met, PrintStream log) {
    Row r = new Row(workload, cells, ratio, target, met);
    rows.add(r);
    StringBuilder b = new StringBuilder("[").append(workload).append("]");
    for (Subject s : subjects) {
      b.append("  ").append(s.name()).append(": ").append(cells.getOrDefault(s.name(), "—"));
    }
    b.append("  | ratio ").append(ratio).append(" | target ").append(target).append(" | met: ").append(met);
    log.println(b);
    log.flush();
  }

  /** Adds a SQL suite row and prints it as one line. */
  void sqlRow(String workload, Map<String, String> cells, String vsSqlite, String vsH2, String target, String met,
      PrintStream log) {
    sqlRows.add(new SqlRow(workload, cells, vsSqlite, vsH2, target, met));
    StringBuilder b = new StringBuilder("[SQL: ").append(workload).append("]");
    for (String s : sqlSystems) {
      b.append("  ").append(s).append(": ").append(cells.getOrDefault(s, "—"));
    }
    b.append("  | BlockDB/SQLite ").append(vsSqlite).append(" | BlockDB/H2 ").append(vsH2).append(" | target ")
        .append(target).append(" | met: ").append(met);
    log.println(b);
    log.flush();
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(config.name()).append('\n');
    for (String f : facts) {
      b.append("- ").append(f).append('\n');
    }
    b.append('\n');
    b.append("| workload |");
    for (Subject s : subjects) {
      b.append(' ').append(s.name()).append(" |");
    }
    b.append(" ratio BlockDB/best other | target | met? |\n|---|");
    for (int i = 0; i < subjects.size(); i++) {
      b.append("---|");
    }
    b.append("---|---|---|\n");
    for (Row r : rows) {
      b.append("| ").append(esc(r.workload())).append(" |");
      for (Subject s : subjects) {
        b.append(' ').append(esc(r.cells().getOrDefault(s.name(), "—"))).append(" |");
      }
      b.append(' ').append(esc(r.ratio())).append(" | ").append(esc(r.target())).append(" | ")
          .append(esc(r.met())).append(" |\n");
    }
    b.append('\n');
    b.append("¹ H2 runs with its default settings, under which a commit is not fsynced: its write figures are not"
        + " durable ones, and the write rows' ratios leave it out.\n\n");
    if (!sqlRows.isEmpty()) {
      sqlMarkdown(b);
    }
    for (String n : notes) {
      b.append("- ").append(n).append('\n');
    }
    return b.toString();
  }

  /** The SQL suite's table: the same statements through JDBC on every system. */
  private void sqlMarkdown(StringBuilder b) {
    b.append("SQL through JDBC: the same statements on every system, table `").append(SqlWorkloads.TABLE)
        .append(" (").append(SqlWorkloads.COLUMNS).append(")`.\n\n");
    b.append("| SQL workload |");
    for (String s : sqlSystems) {
      b.append(' ').append(s).append(" |");
    }
    b.append(" BlockDB / SQLite | BlockDB / H2 | target | met? |\n|---|");
    for (int i = 0; i < sqlSystems.size(); i++) {
      b.append("---|");
    }
    b.append("---|---|---|---|\n");
    for (SqlRow r : sqlRows) {
      b.append("| ").append(esc(r.workload())).append(" |");
      for (String s : sqlSystems) {
        b.append(' ').append(esc(r.cells().getOrDefault(s, "—"))).append(" |");
      }
      b.append(' ').append(esc(r.vsSqlite())).append(" | ").append(esc(r.vsH2())).append(" | ")
          .append(esc(r.target())).append(" | ").append(esc(r.met())).append(" |\n");
    }
    b.append('\n');
    b.append("¹ H2's commits are not fsynced (default settings): its INSERT figures are not durable ones.\n\n");
  }

  private static String esc(String s) {
    return s.replace("|", "\\|");
  }
}
