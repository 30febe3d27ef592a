package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.store.QueryGuard;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * One statement's query timeout and cancellation. {@link #cancel} (from any thread) raises a flag,
 * and so does the statement's own {@link #check} once the timeout has passed; the statement's
 * table scans check (as the session's {@link QueryGuard}) for every row, the batch fast path for
 * every row, the ledger's verification every few thousand entries, and each stops with SQLState
 * 57014. Each execution lowers the flag again, so a canceled statement can run once more.
 *
 * <p>The timeout bounds one execution and the reading of its rows: its deadline is set when the
 * execution begins and dropped when its result set is exhausted or closed (at once for an update).
 * A server restarts it for each request that fetches more rows, so it bounds each request there.
 * No timer thread is involved: the flag is only ever looked at by {@link #check}, so check compares
 * the clock with the deadline itself (on one call in {@value #CLOCK_EVERY}, so that a scan pays for
 * the clock on few rows), and an execution that starts and ends costs two writes of a field instead
 * of scheduling and cancelling a timer task (which woke a timer thread on every statement: a
 * context switch per point SELECT on a server).
 *
 * <p>Thread-safety: {@link #begin}, {@link #end} and {@link #restart} run under the connection's
 * statement lock; {@link #cancel} and {@link #check} run on any thread.
 */
final class StatementControl implements QueryGuard {
  /** {@link #check} reads the clock on one call in this many. */
  static final int CLOCK_EVERY = 16;

  private volatile int timeoutSeconds;
  private volatile boolean canceled;
  private volatile String reason; // why the flag went up, for the message
  private boolean running; // guarded by this: an execution began and has not ended
  /** Whether the running execution has a deadline, and that deadline ({@link System#nanoTime}). */
  private volatile boolean timed;
  private volatile long deadline;
  private volatile int timedSeconds; // the timeout the deadline was set for, for the message
  /** Calls of {@link #check} since the clock was last read (racy where two threads check: harmless). */
  private int unchecked;

  StatementControl(int timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  int timeoutSeconds() {
    return timeoutSeconds;
  }

  void setTimeoutSeconds(int seconds) throws SQLException {
    if (seconds < 0) {
      throw SqlErrors.create("22023", VendorCodes.INVALID_ARGUMENT, "the query timeout must not be negative", null);
    }
    timeoutSeconds = seconds;
  }

  /** An execution starts: the flag goes down and the deadline (if any) is set. */
  synchronized void begin() {
    reason = null;
    canceled = false;
    running = true;
    startClock();
  }

  /** The execution and the reading of its rows are over: the timeout no longer applies. */
  synchronized void end() {
    running = false;
    timed = false;
  }

  /** Starts the timeout of the running execution over (a server's next fetch of its rows). */
  synchronized void restart() {
    if (running && timed && !canceled) {
      startClock();
    }
  }

  private void startClock() {
    int seconds = timeoutSeconds;
    timedSeconds = seconds;
    unchecked = 0;
    if (seconds > 0) {
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      timed = true;
    } else {
      timed = false;
    }
  }

  private static String timeoutReason(int seconds) {
    return "it ran longer than its query timeout of " + seconds + " s";
  }

  /** {@code Statement.cancel()}: stops the running execution at its next row. */
  void cancel() {
    raise("canceled by Statement.cancel()");
  }

  private synchronized void raise(String why) {
    if (running && !canceled) {
      reason = why;
      canceled = true;
    }
  }

  @Override
  public void check() {
    if (!canceled && timed && ++unchecked >= CLOCK_EVERY) {
      unchecked = 0;
      if (System.nanoTime() - deadline >= 0 && timed) {
        raise(timeoutReason(timedSeconds));
      }
    }
    if (canceled) {
      throw new SqlStateException("57014", VendorCodes.CANCELED, "query canceled: " + reason);
    }
  }

  /** {@link #check} for the JDBC layer. */
  void checkCanceled() throws SQLException {
    try {
      check();
    } catch (SqlStateException e) {
      throw SqlErrors.map(e);
    }
  }
}
