package com.blockdb.sqltests;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares the recorded outcomes of two runs of one script (fast paths on and off, embedded and
 * remote): result columns with all their metadata, rows (unless a run marked them unchecked), update
 * counts, and errors' exception class, SQLState, vendor code and batch counts. Messages are not
 * compared: their wording may differ between paths, while the script checks what they must say.
 */
public final class OutcomeDiff {
  private OutcomeDiff() {}

  /** Every difference between {@code a} and {@code b}, each naming the script line; empty if none. */
  public static List<String> compare(ScriptResult a, ScriptResult b) {
    List<String> diffs = new ArrayList<>();
    List<Outcome> x = a.outcomes();
    List<Outcome> y = b.outcomes();
    if (x.size() != y.size()) {
      diffs.add(a.script() + ": " + x.size() + " outcomes against " + a.jdbcUrl() + ", " + y.size()
          + " against " + b.jdbcUrl());
    }
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      compare(a.script(), x.get(i), y.get(i), diffs);
    }
    return diffs;
  }

  private static void compare(String script, Outcome p, Outcome q, List<String> diffs) {
    String at = script + ":" + p.line() + ": ";
    if (p.line() != q.line()) {
      diffs.add(at + "outcomes out of step (line " + q.line() + " in the other run)");
      return;
    }
    diffIf(diffs, at, "update counts", p.updateCounts(), q.updateCounts());
    if (p.columns() != null && q.columns() != null) {
      if (p.columns().size() != q.columns().size()) {
        diffIf(diffs, at, "columns", p.columns(), q.columns());
      } else {
        for (int c = 0; c < p.columns().size(); c++) {
          diffIf(diffs, at, "column " + (c + 1), p.columns().get(c).full(), q.columns().get(c).full());
        }
      }
      if (p.rowsStable() && q.rowsStable()) {
        diffIf(diffs, at, "rows", p.rows(), q.rows());
      }
    } else if (p.columns() != null || q.columns() != null) {
      diffIf(diffs, at, "kind of outcome", p.summary(), q.summary());
    }
    ErrorInfo e = p.error();
    ErrorInfo f = q.error();
    if (e == null || f == null) {
      if (e != f) {
        diffIf(diffs, at, "error", p.summary(), q.summary());
      }
      return;
    }
    diffIf(diffs, at, "exception class", e.exceptionClass(), f.exceptionClass());
    diffIf(diffs, at, "SQLState", e.sqlState(), f.sqlState());
    diffIf(diffs, at, "vendor code", e.vendorCode(), f.vendorCode());
    diffIf(diffs, at, "BatchUpdateException counts", p.batchUpdateCounts(), q.batchUpdateCounts());
  }

  private static void diffIf(List<String> diffs, String at, String what, Object u, Object v) {
    if (!Objects.equals(u, v)) {
      diffs.add(at + what + " differ\n  first:  " + u + "\n  second: " + v);
    }
  }
}
