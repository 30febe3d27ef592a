package com.blockdb.cluster;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;

/**
 * The node could not see a quorum (a leader in contact with a majority) within the write timeout, so
 * it proposed nothing: the write did not happen, and a linearizable read could not be confirmed.
 * Retry once the cluster has a majority again.
 */
public class NoQuorumException extends BlockDbException {
  private static final long serialVersionUID = 1L;

  public NoQuorumException(String message) {
    super(ErrorCode.NO_QUORUM, message);
  }
}
