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
  final AtomicInteger references = new AtomicInteger();

  Database(String name, BlockDb engine, boolean inMemory, long lockTimeoutNanos) {
    this.name = name;
    this.engine = engine;
    this.inMemory = inMemory;
    this.catalog = new Catalog(engine);
    this.transactions = new TransactionManager(engine, lockTimeoutNanos);
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

  public boolean inMemory() {
    return inMemory;
  }
}
