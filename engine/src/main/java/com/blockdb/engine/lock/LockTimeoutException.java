package com.blockdb.engine.lock;

import java.util.Set;
import java.util.stream.Collectors;

/** A lock wait lasted longer than the timeout the caller gave; the request was withdrawn. */
public final class LockTimeoutException extends LockWaitException {
  private static final long serialVersionUID = 1L;

  private final transient LockKey resource;
  private final Set<Long> holders;
  private final long timeoutNanos;

  /**
   * @param holders the other transactions holding the resource when the wait ended
   * @param queuedAhead conflicting requests queued ahead of this one (fairness made it wait for
   *     them too); may be empty
   */
  public LockTimeoutException(long txnId, LockKey resource, LockMode mode, Set<Long> holders,
      Set<Long> queuedAhead, long timeoutNanos) {
    super(txnId, (timeoutNanos <= 0
        ? "lock not available: transaction " + txnId + " asked without waiting"
        : "lock wait timeout: transaction " + txnId + " waited " + duration(timeoutNanos))
        + " for " + mode.lock() + " on " + resource
        + (holders.isEmpty() ? "" : " held by transaction" + ids(holders))
        + (queuedAhead.isEmpty() ? "" : ", queued behind transaction" + ids(queuedAhead))
        + "; retry the transaction");
    this.resource = resource;
    this.holders = Set.copyOf(holders);
    this.timeoutNanos = timeoutNanos;
  }

  public LockKey resource() {
    return resource;
  }

  /** The transactions that held the resource when the wait ended. */
  public Set<Long> holders() {
    return holders;
  }

  public long timeoutNanos() {
    return timeoutNanos;
  }

  private static String ids(Set<Long> ids) {
    return (ids.size() == 1 ? " " : "s ")
        + ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /** The timeout in the largest unit that shows it exactly. */
  static String duration(long nanos) {
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + " s";
    } else if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + " ms";
    } else if (nanos % 1_000L == 0) {
      return nanos / 1_000L + " us";
    }
    return nanos + " ns";
  }
}
