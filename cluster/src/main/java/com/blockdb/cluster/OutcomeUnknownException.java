package com.blockdb.cluster;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;

/**
 * A write was proposed but no answer came within the write timeout (the leader failed or lost its
 * quorum meanwhile): it may be committed, now or once the cluster recovers, or it may be lost. Never
 * reported as success or as plain failure: read the keys before retrying.
 */
public class OutcomeUnknownException extends BlockDbException {
  private static final long serialVersionUID = 1L;

  public OutcomeUnknownException(String message, Throwable cause) {
    super(ErrorCode.OUTCOME_UNKNOWN, message, cause);
  }
}
