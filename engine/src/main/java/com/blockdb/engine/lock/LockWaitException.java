package com.blockdb.engine.lock;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;

/**
 * A lock wait ended without the lock: deadlock, timeout, interrupt, or the transaction was ended
 * while it waited. The transaction should be rolled back (its locks released) and retried.
 */
public class LockWaitException extends BlockDbException {
  private static final long serialVersionUID = 1L;

  private final long txnId;

  public LockWaitException(long txnId, String message) {
    super(ErrorCode.TRANSACTION_ABORTED, message);
    this.txnId = txnId;
  }

  /** The transaction whose lock request failed. */
  public long txnId() {
    return txnId;
  }
}
