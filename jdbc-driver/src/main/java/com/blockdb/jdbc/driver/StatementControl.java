package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.store.QueryGuard;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One statement's query timeout and cancellation. {@link #cancel} (from any thread) or a timer,
 * when the timeout passes, raises a flag; the statement's table scans check it for every row (as
 * the session's {@link QueryGuard}), the batch fast path for every row, the ledger's verification
 * every few thousand entries, and each stops with SQLState 57014. Each execution lowers the flag
 * again, so a canceled statement can run once more.
 *
 * <p>The timeout bounds one execution and the reading of its rows: the timer starts with the
 * execution and stops when its result set is exhausted or closed (at once for an update). A
 * server restarts it for each request that fetches more rows, so it bounds each request there.
 *
 * <p>Thread-safety: {@link #begin}, {@link #end} and {@link #restart} run under the connection's
 * statement lock; {@link #cancel}, {@link #check} and the timer run on any thread.
 */
final class StatementControl implements QueryGuard {
  /** One daemon thread for the timeouts of every statement of this JVM: it only raises flags. */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private volatile int timeoutSeconds;
  private volatile boolean canceled;
  private volatile String reason; // why the flag went up, for the message
  private boolean running; // guarded by this: an execution began and has not ended
  private ScheduledFuture<?> pending; // guarded by this

  StatementControl(int timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "blockdb-query-timeout");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true); // most timers are cancelled: do not keep them queued
    return t;
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

  /** An execution starts: the flag goes down and the timer (if any) starts. */
  synchronized void begin() {
    stopTimer();
    reason = null;
    canceled = false;
    running = true;
    int seconds = timeoutSeconds;
    if (seconds > 0) {
      pending = TIMER.schedule(() -> raise(timeoutReason(seconds)), seconds, TimeUnit.SECONDS);
    }
  }

  /** The execution and the reading of its rows are over: the timeout no longer applies. */
  synchronized void end() {
    running = false;
    stopTimer();
  }

  /** Starts the timeout of the running execution over (a server's next fetch of its rows). */
  synchronized void restart() {
    if (pending != null && !canceled) {
      pending.cancel(false);
      int seconds = timeoutSeconds;
      pending = TIMER.schedule(() -> raise(timeoutReason(seconds)), seconds, TimeUnit.SECONDS);
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

  private void stopTimer() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }
}
