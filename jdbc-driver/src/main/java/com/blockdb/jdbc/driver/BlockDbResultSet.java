package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.error.VendorCodes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A Calcite result set handed to users: errors raised while rows stream (a corrupt block, a
 * division by zero) get SQLStates, and {@link #getStatement()} answers BlockDB's statement.
 */
final class BlockDbResultSet extends ForwardingResultSet {
  private final Statement owner;
  private final Runnable onClose;
  private final StatementControl control;
  private boolean closed;

  BlockDbResultSet(ResultSet delegate, Statement owner) {
    this(delegate, owner, null, null);
  }

  BlockDbResultSet(ResultSet delegate, Statement owner, StatementControl control) {
    this(delegate, owner, null, control);
  }

  /**
   * @param onClose run once when closed
   * @param control the owner's timeout and cancellation, ended when the rows are all read or the
   *     result set is closed (null: none)
   */
  BlockDbResultSet(ResultSet delegate, Statement owner, Runnable onClose, StatementControl control) {
    super(delegate);
    this.owner = owner;
    this.onClose = onClose;
    this.control = control;
  }

  @Override
  public boolean next() throws SQLException {
    boolean more = super.next();
    if (control != null) {
      if (more) {
        control.delivered(); // a sorted result's rows come from the heap, past every scan's check
      } else {
        control.end(); // every row read: the query timeout no longer applies
      }
    }
    return more;
  }

  @Override
  protected SQLException translate(Throwable e) {
    return SqlErrors.map(e);
  }

  @Override
  public Statement getStatement() {
    return owner;
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      delegate.close();
    } finally {
      if (control != null) {
        control.end();
      }
      if (onClose != null) {
        onClose.run();
      }
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    return closed || delegate.isClosed();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw SqlErrors.create("HY000", VendorCodes.INVALID_ARGUMENT, "not a wrapper for " + iface.getName(), null);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
