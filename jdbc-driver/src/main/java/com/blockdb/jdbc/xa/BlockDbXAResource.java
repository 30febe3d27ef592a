package com.blockdb.jdbc.xa;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.txn.Transaction;
import com.blockdb.engine.txn.TransactionManager;
import com.blockdb.jdbc.driver.BlockDbConnection;
import com.blockdb.jdbc.store.Session;
import java.util.List;
import java.util.Map;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA resource of one physical connection. A branch is an engine transaction: {@code start}
 * associates it with the connection (its statements then run in it), {@code end} dissociates it,
 * {@code prepare} makes its inserts durable in a PREPARE record while its locks stay held,
 * {@code commit} and {@code rollback} log the decision. Branches that are not prepared live in the
 * database's branch table, so a transaction manager may end and complete them through any
 * resource of the same database; prepared ones live in the engine and survive a restart.
 */
final class BlockDbXAResource implements XAResource {
  private final BlockDbConnection connection;
  private Xid associated;
  private int timeoutSeconds;

  BlockDbXAResource(BlockDbConnection connection) {
    this.connection = connection;
  }

  private TransactionManager manager() {
    return connection.database().transactions();
  }

  private Map<String, Transaction> branches() {
    return connection.database().xaBranches();
  }

  private Session session() {
    return connection.session();
  }

  private static String key(Xid xid) throws XAException {
    if (xid == null) {
      throw error(XAException.XAER_INVAL, "the Xid is null");
    }
    return java.util.HexFormat.of().formatHex(XidCodec.encode(xid));
  }

  @Override
  public void start(Xid xid, int flags) throws XAException {
    String k = key(xid);
    synchronized (connection) {
      if (associated != null) {
        throw error(XAException.XAER_PROTO, "the connection is already associated with a branch; end it first");
      }
      Transaction t;
      if ((flags & (TMJOIN | TMRESUME)) != 0) {
        t = branches().get(k);
        if (t == null) {
          throw error(XAException.XAER_NOTA, "no active branch " + xid + " to join or resume");
        }
      } else if (flags == TMNOFLAGS) {
        if (branches().containsKey(k) || manager().preparedBranch(XidCodec.encode(xid)) != null) {
          throw error(XAException.XAER_DUPID, "branch " + xid + " already exists");
        }
        t = manager().begin(session().principal());
        branches().put(k, t);
      } else {
        throw error(XAException.XAER_INVAL, "start flags " + flags + " are not TMNOFLAGS, TMJOIN or TMRESUME");
      }
      try {
        session().attach(t);
      } catch (RuntimeException e) {
        throw error(XAException.XAER_PROTO, e.getMessage());
      }
      associated = xid;
    }
  }

  @Override
  public void end(Xid xid, int flags) throws XAException {
    String k = key(xid);
    synchronized (connection) {
      if (associated == null || !key(associated).equals(k)) {
        throw error(XAException.XAER_PROTO, "branch " + xid + " is not associated with this connection");
      }
      session().detach();
      associated = null;
      if ((flags & TMFAIL) != 0) {
        Transaction t = branches().remove(k);
        if (t != null) {
          t.rollback();
        }
      }
    }
  }

  @Override
  public int prepare(Xid xid) throws XAException {
    String k = key(xid);
    Transaction t = takeActive(k, xid);
    if (!t.hasWrites()) {
      t.commit(); // nothing to make durable: read-only, no second phase
      return XA_RDONLY;
    }
    try {
      t.prepare(XidCodec.encode(xid));
      return XA_OK;
    } catch (DuplicateKeyException e) {
      throw error(XAException.XA_RBINTEGRITY, e.getMessage());
    } catch (BlockDbException e) {
      throw error(XAException.XA_RBROLLBACK, e.getMessage());
    }
  }

  @Override
  public void commit(Xid xid, boolean onePhase) throws XAException {
    String k = key(xid);
    if (onePhase) {
      Transaction t = takeActive(k, xid);
      try {
        t.commit();
      } catch (DuplicateKeyException e) {
        throw error(XAException.XA_RBINTEGRITY, e.getMessage());
      } catch (BlockDbException e) {
        throw error(XAException.XA_RBROLLBACK, e.getMessage());
      }
      return;
    }
    Transaction t = manager().preparedBranch(XidCodec.encode(xid));
    if (t == null) {
      throw error(XAException.XAER_NOTA, "no prepared branch " + xid);
    }
    try {
      t.commitPrepared();
    } catch (BlockDbException e) {
      throw error(XAException.XAER_RMERR, e.getMessage());
    }
  }

  @Override
  public void rollback(Xid xid) throws XAException {
    String k = key(xid);
    Transaction t = branches().remove(k);
    if (t == null) {
      t = manager().preparedBranch(XidCodec.encode(xid));
    }
    if (t == null) {
      throw error(XAException.XAER_NOTA, "no branch " + xid);
    }
    synchronized (connection) {
      if (associated != null && key(associated).equals(k)) {
        session().detach();
        associated = null;
      }
    }
    try {
      t.rollback();
    } catch (BlockDbException e) {
      throw error(XAException.XAER_RMERR, e.getMessage());
    }
  }

  /** The active (not prepared) branch {@code xid}, removed from the branch table; it must be ended. */
  private Transaction takeActive(String k, Xid xid) throws XAException {
    synchronized (connection) {
      if (associated != null && key(associated).equals(k)) {
        throw error(XAException.XAER_PROTO, "branch " + xid + " is still associated: call end first");
      }
    }
    Transaction t = branches().remove(k);
    if (t == null) {
      throw error(manager().preparedBranch(XidCodec.encode(xid)) != null ? XAException.XAER_PROTO : XAException.XAER_NOTA,
          "no active branch " + xid);
    }
    if (t.state() != Transaction.State.ACTIVE) {
      throw error(XAException.XA_RBROLLBACK, "branch " + xid + " was rolled back"
          + (t.abortReason() == null ? "" : " (" + t.abortReason() + ")"));
    }
    return t;
  }

  @Override
  public Xid[] recover(int flags) throws XAException {
    if ((flags & ~(TMSTARTRSCAN | TMENDRSCAN)) != 0) {
      throw error(XAException.XAER_INVAL, "recover flags " + flags);
    }
    if ((flags & TMSTARTRSCAN) == 0) {
      return new Xid[0]; // the whole list was returned by the call that started the scan
    }
    List<byte[]> xids = manager().inDoubtXids();
    Xid[] out = new Xid[xids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = XidCodec.decode(xids.get(i));
    }
    return out;
  }

  @Override
  public void forget(Xid xid) throws XAException {
    throw error(XAException.XAER_NOTA, "BlockDB makes no heuristic decisions: there is nothing to forget about " + xid);
  }

  @Override
  public boolean isSameRM(XAResource other) {
    return other instanceof BlockDbXAResource r && r.connection.database() == connection.database();
  }

  @Override
  public int getTransactionTimeout() {
    return timeoutSeconds;
  }

  @Override
  public boolean setTransactionTimeout(int seconds) {
    timeoutSeconds = seconds;
    return false; // branches wait for locks up to transaction_timeout; no separate branch timeout
  }

  private static XAException error(int code, String message) {
    XAException e = new XAException(message);
    e.errorCode = code;
    return e;
  }
}
