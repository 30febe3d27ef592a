package com.blockdb.sqltests;

import java.util.List;

/** An expectation on the outcome of one action, written as a directive after it. */
public sealed interface Check {

  /** The 1-based script line of the directive. */
  int line();

  /**
   * {@code !ok}, {@code !unordered} or {@code !ok-any}: a result set with the given header (column
   * labels) and rows. Rows are not compared when {@code rowsChecked} is false ({@code !ok-any}); the
   * header is then compared only if one is given.
   */
  record Rows(int line, List<ExpectedLine> lines, boolean ordered, boolean rowsChecked)
      implements Check {
    public Rows {
      lines = List.copyOf(lines);
    }
  }

  /** {@code !update N [N...]}: the update count, or a batch's update counts. */
  record Update(int line, List<Long> counts) implements Check {
    public Update {
      counts = List.copyOf(counts);
    }
  }

  /**
   * {@code !error SQLSTATE [vendorCode] [message part]}: an SQLException with that SQLState, and that
   * vendor code and a message containing that text (ignoring case) when given.
   */
  record Error(int line, String sqlState, Integer vendorCode, String messagePart) implements Check {}

  /** {@code !types T1 | T2 ...}: the columns' {@link java.sql.JDBCType} names. */
  record Types(int line, List<String> typeNames) implements Check {
    public Types {
      typeNames = List.copyOf(typeNames);
    }
  }

  /**
   * {@code !columns LABEL TYPE[(p[,s])] [NOT NULL] | ...}: labels, JDBC types, precision and scale
   * (when written) and nullability of every column.
   */
  record Columns(int line, List<String> specs) implements Check {
    public Columns {
      specs = List.copyOf(specs);
    }
  }

  /**
   * Success without a result: implied after a connection action ({@code !commit}, {@code !rollback},
   * {@code !autocommit}, {@code !isolation}) that no {@code !error} follows.
   */
  record Success(int line) implements Check {}

  /** One line of an expected result with its script line number. */
  record ExpectedLine(int line, String text) {}
}
