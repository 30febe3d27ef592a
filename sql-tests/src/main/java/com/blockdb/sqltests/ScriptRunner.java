package com.blockdb.sqltests;

import com.blockdb.sqltests.Command.Action;
import com.blockdb.sqltests.Command.ActionKind;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Plays a {@link Script} against a JDBC URL (over one connection, or several named by
 * {@code !connection} to check what transactions see of each other), checks every action's outcome and
 * records it. An unexpected outcome is a {@link Mismatch}, and the script goes on, so one run
 * reports every difference. Usable from one thread at a time; each {@code run} opens and closes its
 * own connections.
 *
 * <p>Errors from {@code !bind} and {@code !addBatch} are held and become the outcome of the next
 * {@code !execute} or {@code !executeBatch} (which then does not run): a driver may reject a
 * value that cannot convert when it is bound or when it is executed. An error from
 * {@code !prepare} is the outcome of every execution of that statement.
 */
public final class ScriptRunner {
  /** Results larger than this are cut: a script comparing more rows is a mistake. */
  private static final int MAX_ROWS = 100_000;

  private ScriptRunner() {}

  /** Runs the script file at {@code script} against {@code jdbcUrl}. */
  public static ScriptResult run(String jdbcUrl, Path script) {
    return run(jdbcUrl, new Properties(), Script.load(script));
  }

  /** Runs {@code script} against {@code jdbcUrl}. */
  public static ScriptResult run(String jdbcUrl, Script script) {
    return run(jdbcUrl, new Properties(), script);
  }

  /**
   * Runs {@code script} against {@code jdbcUrl} with connection {@code properties}. A failure to
   * connect is reported as a mismatch at line 1.
   */
  public static ScriptResult run(String jdbcUrl, Properties properties, Script script) {
    Run run = new Run(jdbcUrl, properties, script.name());
    try {
      run.connection = DriverManager.getConnection(jdbcUrl, properties);
    } catch (SQLException | RuntimeException e) {
      run.mismatch(1, "cannot connect to " + jdbcUrl + ": " + ErrorInfo.of(e));
      return run.result();
    }
    try {
      for (Command command : script.commands()) {
        run.command(command);
      }
    } finally {
      run.close();
    }
    return run.result();
  }

  /** The state of one run: connection, prepared statement, held error, outcomes, mismatches. */
  private static final class Run {
    private final String url;
    private final Properties properties;
    private final String scriptName;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<Mismatch> mismatches = new ArrayList<>();
    private Connection connection;
    private String connectionName = "main";
    /** Every connection opened by name, the current one included. */
    private final java.util.Map<String, Connection> connections = new java.util.LinkedHashMap<>();
    private PreparedStatement prepared;
    private int preparedLine;
    private Throwable heldError;
    /** Why the last !prepare failed: every execution of it reports this error. */
    private Throwable prepareError;

    Run(String url, Properties properties, String scriptName) {
      this.url = url;
      this.properties = properties;
      this.scriptName = scriptName;
    }

    ScriptResult result() {
      return new ScriptResult(scriptName, url, outcomes, mismatches);
    }

    void mismatch(int line, String message) {
      mismatches.add(new Mismatch(scriptName, line, message));
    }

    void command(Command command) {
      if (command instanceof Command.Connect c) {
        reconnect(c.line());
      } else if (command instanceof Command.UseConnection u) {
        use(u);
      } else if (command instanceof Command.Prepare p) {
        prepare(p);
      } else if (command instanceof Command.Bind b) {
        bind(b);
      } else if (command instanceof Command.AddBatch a) {
        addBatch(a);
      } else if (command instanceof Action a) {
        Outcome outcome = execute(a);
        outcomes.add(outcome);
        new OutcomeChecker(scriptName, mismatches).check(a, outcome);
      }
    }

    private void reconnect(int line) {
      // Open the new connection first: an in-memory database lives only while a connection is open.
      try {
        Connection fresh = DriverManager.getConnection(url, properties);
        closePrepared();
        closeQuietly(connection);
        connection = fresh;
        connections.put(connectionName, fresh);
      } catch (SQLException | RuntimeException e) {
        mismatch(line, "!connect failed: " + ErrorInfo.of(e));
      }
    }

    private void use(Command.UseConnection u) {
      connections.putIfAbsent(connectionName, connection);
      Connection next = connections.get(u.name());
      if (next == null) {
        try {
          next = DriverManager.getConnection(url, properties);
        } catch (SQLException | RuntimeException e) {
          mismatch(u.line(), "!connection " + u.name() + " failed: " + ErrorInfo.of(e));
          return;
        }
        connections.put(u.name(), next);
      }
      closePrepared(); // a prepared statement belongs to the connection it was prepared on
      connection = next;
      connectionName = u.name();
    }

    private void prepare(Command.Prepare p) {
      closePrepared();
      heldError = null;
      prepareError = null;
      preparedLine = p.line();
      try {
        prepared = connection.prepareStatement(p.sql());
      } catch (SQLException | RuntimeException | AssertionError e) {
        // Reported by each execution, as drivers that prepare lazily would only fail then.
        prepareError = e;
      }
    }

    private void bind(Command.Bind b) {
      if (prepared == null) {
        if (prepareError == null) {
          mismatch(b.line(), "!bind without a !prepare before it");
        }
        return;
      }
      if (heldError != null) {
        return;
      }
      try {
        List<BindValue> values = b.values();
        for (int i = 0; i < values.size(); i++) {
          values.get(i).bind(prepared, i + 1);
        }
      } catch (SQLException | RuntimeException | AssertionError e) {
        heldError = e;
      }
    }

    private void addBatch(Command.AddBatch a) {
      if (prepared == null || heldError != null) {
        if (prepared == null && prepareError == null) {
          mismatch(a.line(), "!addBatch without a !prepare before it");
        }
        return;
      }
      try {
        prepared.addBatch();
      } catch (SQLException | RuntimeException | AssertionError e) {
        heldError = e;
      }
    }

    private Outcome execute(Action a) {
      boolean stable = a.checks().stream()
          .noneMatch(c -> c instanceof Check.Rows r && !r.rowsChecked());
      if (a.kind() == ActionKind.EXECUTE || a.kind() == ActionKind.EXECUTE_BATCH) {
        if (prepareError != null) {
          return Outcome.failed(a.line(), a.describe(), ErrorInfo.of(prepareError), null);
        }
        if (heldError != null) {
          Throwable e = heldError;
          heldError = null;
          clearBatch();
          return Outcome.failed(a.line(), a.describe(), ErrorInfo.of(e), null);
        }
        if (prepared == null) {
          return Outcome.failed(a.line(), a.describe(), new ErrorInfo("ScriptError", false, null, 0,
              a.describe() + " without a !prepare before it"), null);
        }
      }
      try {
        switch (a.kind()) {
          case STATEMENT -> {
            try (Statement st = connection.createStatement()) {
              return st.execute(a.sql()) ? readRows(a, st.getResultSet(), stable)
                  : Outcome.counts(a.line(), a.describe(), List.of((long) st.getUpdateCount()));
            }
          }
          case EXECUTE -> {
            return prepared.execute() ? readRows(a, prepared.getResultSet(), stable)
                : Outcome.counts(a.line(), a.describe(), List.of((long) prepared.getUpdateCount()));
          }
          case EXECUTE_BATCH -> {
            int[] counts = prepared.executeBatch();
            return Outcome.counts(a.line(), a.describe(),
                Arrays.stream(counts).mapToObj(c -> (long) c).toList());
          }
          case COMMIT -> {
            connection.commit();
            return Outcome.counts(a.line(), a.describe(), List.of());
          }
          case ROLLBACK -> {
            connection.rollback();
            return Outcome.counts(a.line(), a.describe(), List.of());
          }
          case AUTOCOMMIT -> {
            connection.setAutoCommit(a.sql().equals("on"));
            return Outcome.counts(a.line(), a.describe(), List.of());
          }
          case ISOLATION -> {
            connection.setTransactionIsolation(isolation(a.sql()));
            return Outcome.counts(a.line(), a.describe(), List.of());
          }
          default -> throw new IllegalStateException(a.kind().toString());
        }
      } catch (BatchUpdateException e) {
        List<Long> counts = e.getUpdateCounts() == null ? null
            : Arrays.stream(e.getUpdateCounts()).mapToObj(c -> (long) c).toList();
        return Outcome.failed(a.line(), a.describe(), ErrorInfo.of(e), counts);
      } catch (SQLException | RuntimeException | AssertionError e) {
        if (a.kind() == ActionKind.EXECUTE_BATCH && e instanceof SQLException) {
          mismatch(a.line(), "executeBatch threw " + ErrorInfo.of(e)
              + ", not a BatchUpdateException as JDBC requires");
        }
        // Drivers that leak RuntimeExceptions or AssertionErrors are recorded, so the check fails
        // with what the driver threw instead of the whole run dying.
        return Outcome.failed(a.line(), a.describe(), ErrorInfo.of(e), null);
      }
    }

    private static int isolation(String name) {
      return switch (name) {
        case "NONE" -> Connection.TRANSACTION_NONE;
        case "READ_UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
        case "READ_COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
        case "REPEATABLE_READ" -> Connection.TRANSACTION_REPEATABLE_READ;
        default -> Connection.TRANSACTION_SERIALIZABLE;
      };
    }

    private Outcome readRows(Action a, ResultSet rs, boolean stable) throws SQLException {
      try (rs) {
        ResultSetMetaData md = rs.getMetaData();
        List<ColumnInfo> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          columns.add(new ColumnInfo(md.getColumnLabel(i), md.getColumnType(i),
              md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i), md.isNullable(i)));
        }
        List<String> rows = new ArrayList<>();
        while (rows.size() < MAX_ROWS && rs.next()) {
          List<String> cells = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            cells.add(ValueRenderer.render(rs, i, columns.get(i - 1).jdbcType()));
          }
          rows.add(String.join(" | ", cells));
        }
        return Outcome.rows(a.line(), a.describe(), columns, rows, stable);
      }
    }

    private void clearBatch() {
      try {
        if (prepared != null) {
          prepared.clearBatch();
        }
      } catch (SQLException | RuntimeException e) {
        mismatch(preparedLine, "clearBatch failed: " + ErrorInfo.of(e));
      }
    }

    private void closePrepared() {
      closeQuietly(prepared);
      prepared = null;
    }

    void close() {
      closePrepared();
      closeQuietly(connection);
      for (Connection c : connections.values()) {
        closeQuietly(c);
      }
    }

    private static void closeQuietly(AutoCloseable c) {
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (Exception e) {
        // Closing after a run: nothing the script checks, and the outcome is already recorded.
      }
    }
  }
}
