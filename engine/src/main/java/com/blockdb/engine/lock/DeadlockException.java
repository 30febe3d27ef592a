package com.blockdb.engine.lock;

import java.util.List;
import java.util.stream.Collectors;

/** The transaction was chosen, as the youngest in a wait-for cycle, to break a deadlock. */
public final class DeadlockException extends LockWaitException {
  private static final long serialVersionUID = 1L;

  private final List<Long> cycle;
  private final transient LockKey resource;

  /**
   * @param cycle the transactions of the cycle starting with the victim; each waits for the next and
   *     the last for the victim
   * @param resource what the victim was waiting for
   */
  public DeadlockException(long txnId, List<Long> cycle, LockKey resource, LockMode mode) {
    super(txnId, "deadlock: transaction " + cycle.stream().map(String::valueOf)
        .collect(Collectors.joining(" waits for ")) + " waits for " + txnId
        + "; transaction " + txnId + " (the youngest) was aborted while waiting for "
        + mode.lock() + " on " + resource + "; retry the transaction");
    this.cycle = List.copyOf(cycle);
    this.resource = resource;
  }

  /** The transactions of the cycle, starting with this one; each waited for the next. */
  public List<Long> cycle() {
    return cycle;
  }

  /** The resource this transaction was waiting for. */
  public LockKey resource() {
    return resource;
  }
}
