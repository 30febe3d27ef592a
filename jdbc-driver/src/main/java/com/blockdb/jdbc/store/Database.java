package com.blockdb.jdbc.store;

import com.blockdb.engine.txn.TransactionManager;
import com.blockdb.engine.BlockDb;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open engine shared by every connection of this JVM to the same URL, with its catalog of
 * tables. Reference-counted by {@link DatabaseRegistry}: the engine closes (and an in-memory
 * database is dropped) when the last connection closes. Thread-safe.
 */
public final class Database {
  private final String name;
  private final BlockDb engine;
  private final Catalog catalog;
  private final boolean inMemory;
  private final TransactionManager transactions;
  private final java.util.Map<String, com.blockdb.engine.txn.Transaction> xaBranches =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final boolean ownsEngine;
  /** Who to tell when a table changed under this database (see {@link #tablesChanged}), by table id. */
  private final java.util.Map<Integer, java.util.List<Runnable>> changeListeners =
      new java.util.concurrent.ConcurrentHashMap<>();
  final AtomicInteger references = new AtomicInteger();

  Database(String name, BlockDb engine, boolean inMemory, long lockTimeoutNanos, int transactionIdTag,
      boolean ownsEngine) {
    this.name = name;
    this.engine = engine;
    this.inMemory = inMemory;
    this.ownsEngine = ownsEngine;
    this.catalog = new Catalog(engine);
    onTableChanged(com.blockdb.engine.Tables.CATALOG, catalog::invalidate);
    this.transactions = new TransactionManager(engine, lockTimeoutNanos, transactionIdTag);
  }

  /** False for an engine {@link DatabaseRegistry#adopt adopted} from its opener, who closes it. */
  boolean ownsEngine() {
    return ownsEngine;
  }

  /**
   * Calls {@code listener} whenever {@link #tablesChanged} reports engine table {@code table}:
   * what caches a table's contents in memory (the SQL catalog, the users ledger) re-reads it then.
   */
  public void onTableChanged(int table, Runnable listener) {
    changeListeners.computeIfAbsent(table, t -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(listener);
  }

  /**
   * Reports that entries of these engine tables were written without going through this database
   * (a cluster node applying what another node committed); null means any table (a snapshot
   * replaced the whole database). A single database never needs it: its own writes keep its caches
   * current. Listeners must be quick: the caller may be a replication thread.
   */
  public void tablesChanged(int[] tables) {
    if (tables == null) {
      changeListeners.values().forEach(l -> l.forEach(Runnable::run));
      return;
    }
    for (int t : tables) {
      java.util.List<Runnable> l = changeListeners.get(t);
      if (l != null) {
        l.forEach(Runnable::run);
      }
    }
  }

  /** The URL part that names it: a directory, or {@code mem:<name>}. */
  public String name() {
    return name;
  }

  public BlockDb engine() {
    return engine;
  }

  /** The transactions of every connection to this database: their locks and snapshots. */
  public TransactionManager transactions() {
    return transactions;
  }

  /**
   * XA branches begun and not yet prepared or ended, by xid (hex): a transaction manager may
   * complete a branch through any XA resource of this database.
   */
  public java.util.Map<String, com.blockdb.engine.txn.Transaction> xaBranches() {
    return xaBranches;
  }

  public Catalog catalog() {
    return catalog;
  }

  /**
   * Before a statement that was planned without a read barrier (a prepared statement) reports a
   * table unknown: on a database {@link DatabaseRegistry#adopt adopted} over a cluster node's
   * engine, waits until this node has applied everything the cluster had committed (the engine's
   * read barrier, {@link BlockDb#lastSequence}), so that a table just created through another node
   * is in the catalog when the statement is planned again; returns whether it waited. A database that owns its engine writes its own catalog and never needs it (false). A
   * barrier that fails (no quorum) is no error here: the statement then reports what this node knows.
   */
  public boolean catchUpCatalog() {
    if (ownsEngine) {
      return false;
    }
    try {
      engine.lastSequence();
      return true;
    } catch (com.blockdb.engine.BlockDbException e) {
      return false;
    }
  }

  public boolean inMemory() {
    return inMemory;
  }
}
