package com.blockdb.engine.impl;

import com.blockdb.engine.PreparedTransaction;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.commit.CommitRecord;
import com.blockdb.engine.util.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The prepared transactions in doubt (a PREPARE record applied, no DECISION yet) and the keys they
 * reserve. Changed only by applying PREPARE and DECISION records in log order, so it is the same on
 * every replay and every replica.
 *
 * <p>Threading: changed and queried by the commit thread (and by recovery before that thread
 * starts); {@link #snapshot()} may be read by any thread, as an immutable list swapped at each change.
 */
final class PreparedSet {

  /** One transaction in doubt: its PREPARE record, the log index of that record and its internal keys. */
  record Txn(long index, CommitRecord.Prepare record, byte[][] keys) {
    long txnId() {
      return record.txnId();
    }

    boolean local() {
      return record.xid() == null;
    }

    PreparedTransaction toPublic() {
      List<WriteBatch.Put> copies = new ArrayList<>(record.puts().size());
      for (WriteBatch.Put p : record.puts()) {
        copies.add(new WriteBatch.Put(p.table(), p.key().clone(), p.value().clone()));
      }
      return new PreparedTransaction(record.txnId(), record.xid(), record.principal(), copies);
    }
  }

  private final Map<Long, Txn> byId = new LinkedHashMap<>(); // in log order
  private final TreeMap<byte[], Long> reserved = new TreeMap<>(Bytes.ORDER);
  private volatile List<Txn> snapshot = List.of();

  boolean isEmpty() {
    return byId.isEmpty();
  }

  Txn get(long txnId) {
    return byId.get(txnId);
  }

  /** The transaction that reserved an internal key, or null. */
  Long reservedBy(byte[] internalKey) {
    return reserved.isEmpty() ? null : reserved.get(internalKey);
  }

  /**
   * Registers a prepared transaction. A txn id already in doubt or a key already reserved cannot
   * come from a log the engine wrote (it checks both before logging), so either is an
   * IllegalStateException, which replay reports as corruption.
   */
  void add(long index, CommitRecord.Prepare record, byte[][] keys) {
    if (byId.containsKey(record.txnId())) {
      throw new IllegalStateException("transaction " + record.txnId() + " is prepared twice without a decision");
    }
    for (byte[] k : keys) {
      Long owner = reserved.get(k);
      if (owner != null) {
        throw new IllegalStateException("transaction " + record.txnId() + " reserves a key that transaction "
            + owner + " holds");
      }
    }
    for (byte[] k : keys) {
      if (reserved.put(k, record.txnId()) != null) {
        for (byte[] undo : keys) {
          reserved.remove(undo, record.txnId());
        }
        throw new IllegalStateException("transaction " + record.txnId() + " names a key twice");
      }
    }
    byId.put(record.txnId(), new Txn(index, record, keys));
    publish();
  }

  /** Removes a decided transaction and releases its keys; returns it, or null if it is not in doubt. */
  Txn remove(long txnId) {
    Txn t = byId.remove(txnId);
    if (t != null) {
      for (byte[] k : t.keys()) {
        reserved.remove(k);
      }
      publish();
    }
    return t;
  }

  /** Log index of the oldest PREPARE record still in doubt, or 0 if none is. */
  long oldestIndex() {
    return byId.isEmpty() ? 0 : byId.values().iterator().next().index(); // added in log order
  }

  /** The transactions in doubt, in log order (readable from any thread). */
  List<Txn> snapshot() {
    return snapshot;
  }

  private void publish() {
    snapshot = List.copyOf(byId.values());
  }
}
