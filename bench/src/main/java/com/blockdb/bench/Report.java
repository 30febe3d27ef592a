package com.blockdb.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The run's figures: machine facts, one row per workload, notes; rendered as markdown. */
final class Report {

  record Row(String workload, Map<String, String> cells, String ratio, String target, String met) {}

  final Config config;
  final List<Subject> subjects;
  final List<String> facts = new ArrayList<>();
  final List<Row> rows = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
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
    for (String n : notes) {
      b.append("- ").append(n).append('\n');
    }
    return b.toString();
  }

  private static String esc(String s) {
    return s.replace("|", "\\|");
  }
}
