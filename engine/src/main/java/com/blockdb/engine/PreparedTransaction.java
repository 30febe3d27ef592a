package com.blockdb.engine;

import java.util.List;

/**
 * A transaction prepared with a durable PREPARE record and no durable decision yet.
 *
 * @param txnId the caller's transaction id, unique among the transactions in doubt
 * @param xid the external (XA) transaction id, or null for a transaction this engine coordinates
 * @param principal who the entries will be recorded as written by
 * @param puts the puts that become visible together if the transaction commits
 */
public record PreparedTransaction(long txnId, byte[] xid, String principal, List<WriteBatch.Put> puts) {

  /** Copies what it is given: the engine's reservation must not change under it. */
  public PreparedTransaction {
    xid = xid == null ? null : xid.clone();
    puts = List.copyOf(puts);
  }

  /** A copy of the external transaction id, or null. */
  @Override
  public byte[] xid() {
    return xid == null ? null : xid.clone();
  }

  /** Whether an external coordinator (XA) decides it; if not, recovery presumes it aborted. */
  public boolean external() {
    return xid != null;
  }
}
