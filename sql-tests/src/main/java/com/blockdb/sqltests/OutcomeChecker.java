package com.blockdb.sqltests;

import com.blockdb.sqltests.Check.ExpectedLine;
import com.blockdb.sqltests.Command.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares one action's outcome with the checks written after it, adding a mismatch per failure. */
final class OutcomeChecker {
  private static final Pattern COLUMN_SPEC = Pattern.compile(
      "(\\S+)\\s+([A-Za-z_ ]+?)\\s*(?:\\(\\s*(-?\\d+)\\s*(?:,\\s*(-?\\d+)\\s*)?\\))?(\\s+NOT\\s+NULL)?",
      Pattern.CASE_INSENSITIVE);

  private final String script;
  private final List<Mismatch> mismatches;

  OutcomeChecker(String script, List<Mismatch> mismatches) {
    this.script = script;
    this.mismatches = mismatches;
  }

  void check(Action action, Outcome outcome) {
    for (Check check : action.checks()) {
      if (check instanceof Check.Rows r) {
        rows(action, r, outcome);
      } else if (check instanceof Check.Update u) {
        update(action, u, outcome);
      } else if (check instanceof Check.Error e) {
        error(action, e, outcome);
      } else if (check instanceof Check.Types t) {
        types(action, t, outcome);
      } else if (check instanceof Check.Columns c) {
        columns(action, c, outcome);
      } else if (check instanceof Check.Success && outcome.error() != null) {
        fail(check.line(), action, "expected success, got " + outcome.summary());
      }
    }
  }

  private void rows(Action action, Check.Rows check, Outcome outcome) {
    if (outcome.columns() == null) {
      fail(check.line(), action, "expected a result set, got " + outcome.summary());
      return;
    }
    List<ExpectedLine> lines = check.lines();
    if (!lines.isEmpty() && !lines.get(0).text().equals(outcome.header())) {
      fail(lines.get(0).line(), action, "header differs\n  expected: " + lines.get(0).text()
          + "\n  actual:   " + outcome.header());
    }
    if (!check.rowsChecked()) {
      return;
    }
    List<String> expected = new ArrayList<>();
    for (ExpectedLine l : lines.subList(1, lines.size())) {
      expected.add(l.text());
    }
    List<String> actual = new ArrayList<>(outcome.rows());
    if (!check.ordered()) {
      List<String> e = expected.stream().sorted().toList();
      List<String> a = actual.stream().sorted().toList();
      if (!e.equals(a)) {
        fail(check.line(), action, "rows differ (unordered)" + table(e, a));
      }
      return;
    }
    int n = Math.min(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        fail(lines.get(i + 1).line(), action, "row " + (i + 1) + " differs\n  expected: "
            + expected.get(i) + "\n  actual:   " + actual.get(i) + table(expected, actual));
        return;
      }
    }
    if (expected.size() != actual.size()) {
      fail(check.line(), action, "expected " + expected.size() + " row(s), got " + actual.size()
          + table(expected, actual));
    }
  }

  private void update(Action action, Check.Update check, Outcome outcome) {
    if (outcome.updateCounts() == null) {
      fail(check.line(), action, "expected update count " + counts(check.counts()) + ", got "
          + outcome.summary());
    } else if (!outcome.updateCounts().equals(check.counts())) {
      fail(check.line(), action, "expected update count " + counts(check.counts()) + ", got "
          + counts(outcome.updateCounts()));
    }
  }

  private void error(Action action, Check.Error check, Outcome outcome) {
    ErrorInfo e = outcome.error();
    String expected = "error " + check.sqlState()
        + (check.vendorCode() == null ? "" : " vendor code " + check.vendorCode())
        + (check.messagePart() == null ? "" : " with message containing '" + check.messagePart() + "'");
    if (e == null) {
      fail(check.line(), action, "expected " + expected + ", got " + outcome.summary());
      return;
    }
    List<String> problems = new ArrayList<>();
    if (!e.sqlException()) {
      problems.add("the driver threw " + e.exceptionClass() + ", not an SQLException");
    }
    if (!check.sqlState().equals(e.sqlState())) {
      problems.add("SQLState " + e.sqlState());
    }
    if (check.vendorCode() != null && check.vendorCode() != e.vendorCode()) {
      problems.add("vendor code " + e.vendorCode());
    }
    String message = e.message() == null ? "" : e.message();
    if (check.messagePart() != null && !message.toLowerCase(Locale.ROOT)
        .contains(check.messagePart().toLowerCase(Locale.ROOT))) {
      problems.add("message without '" + check.messagePart() + "'");
    }
    if (message.isBlank()) {
      problems.add("an empty message");
    } else if (message.contains("\tat ") || message.contains("\n\tat")) {
      problems.add("a stack trace in the message");
    }
    if (!problems.isEmpty()) {
      fail(check.line(), action, "expected " + expected + ", got " + String.join(", ", problems)
          + "\n  actual: " + e);
    }
  }

  private void types(Action action, Check.Types check, Outcome outcome) {
    if (outcome.columns() == null) {
      fail(check.line(), action, "expected columns of types " + check.typeNames() + ", got "
          + outcome.summary());
      return;
    }
    List<String> actual = outcome.columns().stream().map(ColumnInfo::typeName).toList();
    List<String> expected = check.typeNames().stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    if (!actual.equals(expected)) {
      fail(check.line(), action, "column types differ\n  expected: " + String.join(" | ", expected)
          + "\n  actual:   " + String.join(" | ", actual));
    }
  }

  private void columns(Action action, Check.Columns check, Outcome outcome) {
    if (outcome.columns() == null) {
      fail(check.line(), action, "expected columns, got " + outcome.summary());
      return;
    }
    List<ColumnInfo> actual = outcome.columns();
    String actualSpecs = String.join(" | ", actual.stream().map(ColumnInfo::spec).toList());
    boolean same = actual.size() == check.specs().size();
    for (int i = 0; same && i < actual.size(); i++) {
      same = matches(check.specs().get(i), actual.get(i), check.line(), action);
    }
    if (!same) {
      fail(check.line(), action, "columns differ\n  expected: " + String.join(" | ", check.specs())
          + "\n  actual:   " + actualSpecs);
    }
  }

  /** Whether a column matches a spec; precision and scale are compared only when written. */
  private boolean matches(String spec, ColumnInfo column, int line, Action action) {
    Matcher m = COLUMN_SPEC.matcher(spec.strip());
    if (!m.matches()) {
      fail(line, action, "column spec not understood: " + spec
          + " (write LABEL TYPE[(precision[,scale])] [NOT NULL])");
      return true; // reported once here, not again as a difference
    }
    boolean same = m.group(1).equals(column.label())
        && m.group(2).strip().equalsIgnoreCase(column.typeName())
        && (m.group(5) != null) == column.notNull();
    if (m.group(3) != null) {
      same &= Integer.parseInt(m.group(3)) == column.precision();
    }
    if (m.group(4) != null) {
      same &= Integer.parseInt(m.group(4)) == column.scale();
    }
    return same;
  }

  private static String counts(List<Long> counts) {
    return String.join(" ", counts.stream().map(String::valueOf).toList());
  }

  private static String table(List<String> expected, List<String> actual) {
    return "\n  expected rows:\n" + indent(expected) + "  actual rows:\n" + indent(actual);
  }

  private static String indent(List<String> rows) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(rows.size(), 50);
    for (String r : rows.subList(0, shown)) {
      sb.append("    ").append(r).append('\n');
    }
    if (rows.size() > shown) {
      sb.append("    ... ").append(rows.size() - shown).append(" more\n");
    }
    if (rows.isEmpty()) {
      sb.append("    (none)\n");
    }
    return sb.toString();
  }

  private void fail(int line, Action action, String message) {
    mismatches.add(new Mismatch(script, line, message + "\n  statement: " + oneLine(action)));
  }

  private static String oneLine(Action action) {
    String s = action.describe().replaceAll("\\s+", " ");
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
