package com.blockdb.sqltests;

import java.util.List;

/**
 * What one action produced: a result set (columns and rendered rows), update counts, or an error.
 * {@code rowsStable} is false for results whose rows the script does not check ({@code !ok-any}),
 * which therefore differ between runs (timestamps, hashes) and are not compared.
 * {@code batchUpdateCounts} are the counts a BatchUpdateException carried.
 */
public record Outcome(
    int line,
    String action,
    List<ColumnInfo> columns,
    List<String> rows,
    boolean rowsStable,
    List<Long> updateCounts,
    ErrorInfo error,
    List<Long> batchUpdateCounts) {

  public Outcome {
    columns = columns == null ? null : List.copyOf(columns);
    rows = rows == null ? null : List.copyOf(rows);
    updateCounts = updateCounts == null ? null : List.copyOf(updateCounts);
    batchUpdateCounts = batchUpdateCounts == null ? null : List.copyOf(batchUpdateCounts);
  }

  static Outcome rows(int line, String action, List<ColumnInfo> columns, List<String> rows,
      boolean stable) {
    return new Outcome(line, action, columns, rows, stable, null, null, null);
  }

  static Outcome counts(int line, String action, List<Long> counts) {
    return new Outcome(line, action, null, null, true, counts, null, null);
  }

  static Outcome failed(int line, String action, ErrorInfo error, List<Long> batchCounts) {
    return new Outcome(line, action, null, null, true, null, error, batchCounts);
  }

  /** The header line of a result: column labels separated by {@code " | "}. */
  public String header() {
    return columns == null ? null
        : String.join(" | ", columns.stream().map(ColumnInfo::label).toList());
  }

  /** A short description of what happened, for mismatch reports. */
  public String summary() {
    if (error != null) {
      return "error " + error;
    }
    if (updateCounts != null) {
      return "update count " + String.join(" ", updateCounts.stream().map(String::valueOf).toList());
    }
    return "result set with " + rows.size() + " row(s)";
  }
}
