package com.blockdb.sqltests;

import java.util.List;

/** One step of a script: an action whose outcome is checked, or a setup step such as a bind. */
public sealed interface Command {

  /** The 1-based script line the command starts on. */
  int line();

  /** What an action does. */
  enum ActionKind {
    /** A SQL statement run with {@link java.sql.Statement#execute(String)}. */
    STATEMENT,
    /** {@code !execute}: the current prepared statement's {@code execute()}. */
    EXECUTE,
    /** {@code !executeBatch}: the current prepared statement's {@code executeBatch()}. */
    EXECUTE_BATCH,
    /** {@code !commit}: {@link java.sql.Connection#commit()}. */
    COMMIT,
    /** {@code !rollback}: {@link java.sql.Connection#rollback()}. */
    ROLLBACK,
    /** {@code !autocommit on|off}: {@link java.sql.Connection#setAutoCommit(boolean)}. */
    AUTOCOMMIT,
    /** {@code !isolation LEVEL}: {@link java.sql.Connection#setTransactionIsolation(int)}. */
    ISOLATION;

    /** Whether this is a connection call rather than a statement (success is then implied). */
    public boolean isConnectionCall() {
      return ordinal() >= COMMIT.ordinal();
    }
  }

  /** A statement or prepared execution, followed by the checks on its outcome. */
  record Action(int line, ActionKind kind, String sql, List<Check> checks) implements Command {
    public Action {
      checks = List.copyOf(checks);
    }

    /** A short description for reports: the SQL, or the directive's name. */
    public String describe() {
      return switch (kind) {
        case STATEMENT -> sql;
        case EXECUTE -> "!execute";
        case EXECUTE_BATCH -> "!executeBatch";
        case COMMIT -> "!commit";
        case ROLLBACK -> "!rollback";
        case AUTOCOMMIT -> "!autocommit " + sql;
        case ISOLATION -> "!isolation " + sql;
      };
    }
  }

  /** {@code !prepare SQL}: closes the current prepared statement and prepares a new one. */
  record Prepare(int line, String sql) implements Command {}

  /** {@code !bind v1, v2, ...}: sets the current prepared statement's parameters. */
  record Bind(int line, List<BindValue> values) implements Command {
    public Bind {
      values = List.copyOf(values);
    }
  }

  /** {@code !addBatch}: adds the bound parameters to the prepared statement's batch. */
  record AddBatch(int line) implements Command {}

  /**
   * {@code !connection NAME}: makes connection NAME (to the same URL, opened on first use) the one
   * the next commands run on; the first connection is named {@code main}.
   */
  record UseConnection(int line, String name) implements Command {}

  /** {@code !connect}: opens a fresh connection to the same URL, then closes the old one. */
  record Connect(int line) implements Command {}
}
