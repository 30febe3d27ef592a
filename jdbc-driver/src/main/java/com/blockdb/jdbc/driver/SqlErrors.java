package com.blockdb.jdbc.driver;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import java.sql.BatchUpdateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * The one place where whatever goes wrong below JDBC (BlockDB's own errors, the engine's, Calcite's
 * parse, validation and runtime errors) becomes an {@link SQLException} with a SQLState, a BlockDB
 * vendor code and a message that names the problem, never a stack trace.
 */
public final class SqlErrors {
  /**
   * A cluster node without a quorum refused the statement (nothing was written; a linearizable read
   * could not be confirmed): retry later, on this node or another. Class 58 ("system error", errors
   * outside the database's own state, as PostgreSQL's 58030 I/O error and CockroachDB's 58C00 for an
   * unavailable range), subclass Q for quorum. Deliberately not class 08: HikariCP evicts a pooled
   * connection on any 08xxx state (and on 57P01-57P03, 0A000), which would only churn the pool
   * against the same node while the connection itself is healthy; and not class 40, which retry
   * loops read as a conflict with another transaction. Thrown as a {@link SQLTransientException}.
   */
  public static final String NO_QUORUM = "58Q01";
  /**
   * A commit whose outcome is unknown (the cluster's leader failed after it was proposed): SQL's
   * "transaction resolution unknown". It may or may not be committed; read before retrying.
   */
  public static final String OUTCOME_UNKNOWN = "08007";

  private static final Pattern NOT_FOUND = Pattern.compile("(?:Object|Table) '([^']*)' not found");
  private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']*)' not found");

  private SqlErrors() {}

  /** The SQLException for {@code t} (returned as is when it already carries a SQLState). */
  public static SQLException map(Throwable t) {
    if (t instanceof SQLException e && e.getSQLState() != null && !(e.getCause() != null && hasOwnCause(e))) {
      return e;
    }
    SqlStateException own = find(t, SqlStateException.class);
    if (own != null) {
      return create(own.sqlState(), own.vendorCode(), own.getMessage(), own);
    }
    CorruptionException corrupt = find(t, CorruptionException.class);
    if (corrupt != null) {
      return create("XX001", VendorCodes.CORRUPTION, corrupt.getMessage(), corrupt);
    }
    BlockDbException engine = find(t, BlockDbException.class);
    if (engine != null) {
      return engine(engine);
    }
    SqlParseException parse = find(t, SqlParseException.class);
    if (parse != null) {
      String msg = firstLine(parse.getMessage());
      if (msg.contains("BlockDB tables are append-only")) {
        return create("0A000", VendorCodes.APPEND_ONLY, msg, parse);
      }
      return create("42000", VendorCodes.SYNTAX_ERROR, "Syntax error: " + msg, parse);
    }
    CalciteContextException validation = find(t, CalciteContextException.class);
    if (validation != null) {
      return validation(validation);
    }
    OutOfMemoryError memory = find(t, OutOfMemoryError.class);
    if (memory != null) {
      // The memory guard (53200 "query stopped") acts before this; when the heap runs out anyway the
      // statement failed for the same reason, so it gets the same SQLState.
      return create("53200", VendorCodes.OUT_OF_MEMORY, "out of memory: " + memory.getMessage()
          + " (memory_guard stops the query that holds the most before the heap is full)", memory);
    }
    ArithmeticException arithmetic = find(t, ArithmeticException.class);
    if (arithmetic != null) {
      String m = String.valueOf(arithmetic.getMessage());
      return m.toLowerCase().contains("zero")
          ? create("22012", VendorCodes.OUT_OF_RANGE, "division by zero", arithmetic)
          : create("22003", VendorCodes.OUT_OF_RANGE, "numeric value out of range: " + m, arithmetic);
    }
    String overflow = messageContaining(t, "overflow");
    if (overflow != null) {
      return create("22003", VendorCodes.OUT_OF_RANGE, "numeric value out of range: " + firstLine(overflow), t);
    }
    ClassCastException cast = find(t, ClassCastException.class);
    if (cast != null) {
      return create("22018", VendorCodes.WRONG_TYPE, "a value of the wrong type: " + firstLine(cast.getMessage()), cast);
    }
    NumberFormatException number = find(t, NumberFormatException.class);
    if (number != null) {
      return create("22018", VendorCodes.WRONG_TYPE, "invalid number: " + number.getMessage(), number);
    }
    String badCast = messageContaining(t, BAD_CAST);
    if (badCast != null) {
      // Calcite's CAST of a string to BOOLEAN (or an implicit one in a comparison) it cannot read;
      // through a failed static initializer the message comes wrapped ("Exception ...: ... [in thread").
      String m = firstLine(badCast.substring(badCast.indexOf(BAD_CAST))).replaceFirst(" \\[in thread .*$", "");
      return create("22018", VendorCodes.WRONG_TYPE, m, t);
    }
    if (t instanceof SQLException e) {
      return create(e.getSQLState() == null ? "XX000" : e.getSQLState(),
          e.getErrorCode() == 0 ? VendorCodes.INTERNAL : e.getErrorCode(), innermostMessage(e), e);
    }
    return create("XX000", VendorCodes.INTERNAL, "internal error: " + innermostMessage(t), t);
  }

  private static boolean hasOwnCause(SQLException e) {
    return find(e.getCause(), SqlStateException.class) != null;
  }

  private static final String BAD_CAST = "Invalid character for cast";

  static SQLException engine(BlockDbException e) {
    switch (e.code()) {
      case DUPLICATE_KEY:
        return create("23505", VendorCodes.DUPLICATE_KEY, e.getMessage(), e);
      case CORRUPTION:
        return create("XX001", VendorCodes.CORRUPTION, e.getMessage(), e);
      case IO_ERROR:
        return create("58030", VendorCodes.IO_ERROR, e.getMessage(), e);
      case READ_ONLY:
        return create("25006", VendorCodes.READ_ONLY, e.getMessage(), e);
      case DIRECTORY_IN_USE:
        return create("08001", VendorCodes.DIRECTORY_IN_USE, e.getMessage(), e);
      case CLOSED:
        return create("08003", VendorCodes.CLOSED, e.getMessage(), e);
      case INVALID_ARGUMENT:
        String m = e.getMessage();
        return m != null && (m.contains("too long") || m.contains("exceeds") || m.contains("larger"))
            ? create("22001", VendorCodes.TOO_LONG, m, e)
            : create("22023", VendorCodes.INVALID_ARGUMENT, m, e);
      case UNSUPPORTED_FORMAT:
        return create("XX001", VendorCodes.UNSUPPORTED_FORMAT, e.getMessage(), e);
      case TRANSACTION_ABORTED:
        return create("40001", VendorCodes.TRANSACTION_ABORTED, e.getMessage(), e);
      case KEY_IN_DOUBT:
        // The key is held by a prepared branch awaiting its decision: retry once it is decided.
        return create("40001", VendorCodes.KEY_IN_DOUBT, e.getMessage(), e);
      case NO_QUORUM:
        return create(NO_QUORUM, VendorCodes.NO_QUORUM, e.getMessage(), e);
      case OUTCOME_UNKNOWN:
        return create(OUTCOME_UNKNOWN, VendorCodes.OUTCOME_UNKNOWN, e.getMessage(), e);
      default:
        return create("XX000", VendorCodes.INTERNAL, e.getMessage(), e);
    }
  }

  private static SQLException validation(CalciteContextException e) {
    String msg = e.getMessage();
    String inner = e.getCause() == null ? msg : e.getCause().getMessage();
    Matcher m;
    if ((m = COLUMN_NOT_FOUND.matcher(inner)).find() || inner.startsWith("Unknown target column")) {
      return create("42S22", VendorCodes.UNKNOWN_OBJECT, msg, e);
    }
    if ((m = NOT_FOUND.matcher(inner)).find()) {
      return create("42S02", VendorCodes.UNKNOWN_OBJECT, msg, e);
    }
    if (inner.startsWith("No match found for function signature")) {
      return create("42000", VendorCodes.UNKNOWN_OBJECT, msg, e);
    }
    if (inner.startsWith("Cannot assign to target field")) {
      return create("42821", VendorCodes.WRONG_TYPE, msg, e);
    }
    if (inner.startsWith("Number of INSERT target columns")) {
      return create("21S01", VendorCodes.INVALID_STATEMENT, msg, e);
    }
    if (inner.contains("has no default value and does not allow NULLs")) {
      return create("23502", VendorCodes.NOT_NULL, msg, e);
    }
    if (inner.startsWith("Cannot INSERT into generated column")) {
      return create("428C9", VendorCodes.INVALID_STATEMENT,
          msg + " (LEDGER_* system columns are read-only: the ledger fills them)", e);
    }
    return create("42000", VendorCodes.INVALID_STATEMENT, msg, e);
  }

  /** The right SQLException subclass for a SQLState class. */
  public static SQLException create(String state, int vendor, String message, Throwable cause) {
    SQLException e;
    if (state.startsWith("23")) {
      e = new SQLIntegrityConstraintViolationException(message, state, vendor);
    } else if (state.equals("0A000")) {
      e = new SQLFeatureNotSupportedException(message, state, vendor);
    } else if (state.startsWith("42")) {
      e = new SQLSyntaxErrorException(message, state, vendor);
    } else if (state.startsWith("22")) {
      e = new SQLDataException(message, state, vendor);
    } else if (state.startsWith("08")) {
      e = new SQLNonTransientConnectionException(message, state, vendor);
    } else if (state.startsWith("40")) {
      e = new SQLTransactionRollbackException(message, state, vendor);
    } else if (state.equals(NO_QUORUM)) {
      e = new SQLTransientException(message, state, vendor);
    } else {
      e = new SQLException(message, state, vendor);
    }
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** A BatchUpdateException carrying {@code cause}'s SQLState, vendor code and message. */
  public static BatchUpdateException batch(SQLException cause, int[] counts) {
    BatchUpdateException b = new BatchUpdateException(cause.getMessage(), cause.getSQLState(),
        cause.getErrorCode(), counts, cause);
    return b;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String messageContaining(Throwable t, String word) {
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(word) && !(t instanceof SQLException)) {
        return t.getMessage();
      }
    }
    return null;
  }

  private static String innermostMessage(Throwable t) {
    String msg = null;
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t.getMessage() != null) {
        msg = t.getMessage();
      } else if (msg == null) {
        msg = t.getClass().getSimpleName();
      }
    }
    return firstLine(msg);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    int expecting = line.indexOf("Was expecting");
    return (expecting > 0 ? line.substring(0, expecting) : line).trim();
  }
}
