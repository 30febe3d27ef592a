package com.blockdb.jdbc.store;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Options;
import com.blockdb.engine.io.MemoryFileLayer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The databases open in this JVM, by name, so that several connections to one URL share one engine
 * (an engine holds its directory exclusively). Thread-safe: one lock guards opening and closing.
 */
public final class DatabaseRegistry {
  private static final Map<String, Database> OPEN = new HashMap<>();

  private DatabaseRegistry() {}

  /**
   * The database named {@code name} (a directory path, or {@code mem:<name>}), opened if needed;
   * each call must be paired with one {@link #release}.
   */
  public static Database acquire(String name, Options options) {
    return acquire(name, options, java.util.concurrent.TimeUnit.SECONDS.toNanos(
        com.blockdb.engine.txn.TransactionManager.DEFAULT_TIMEOUT_SECONDS));
  }

  /**
   * As {@link #acquire(String, Options)}, with the lock wait limit of its transactions
   * ({@code transaction_timeout}); the first connection that opens the database sets it.
   */
  public static Database acquire(String name, Options options, long lockTimeoutNanos) {
    synchronized (OPEN) {
      String key = key(name);
      Database db = OPEN.get(key);
      if (db == null) {
        boolean mem = name.startsWith("mem:");
        BlockDb engine = mem
            ? BlockDb.open(Path.of("/mem").resolve(name.substring(4).isEmpty() ? "default" : name.substring(4)),
                options.withFileLayer(new MemoryFileLayer()))
            : BlockDb.open(Path.of(name), options);
        db = new Database(key, engine, mem, lockTimeoutNanos, -1, true);
        OPEN.put(key, db);
      }
      db.references.incrementAndGet();
      return db;
    }
  }

  /**
   * Registers a database over an engine opened elsewhere (a cluster node's, whose writes go
   * through the cluster), so that connections to {@code name} ({@code jdbc:blockdb:<name>}) share
   * it. Returns it with one reference, the caller's, to be paired with one {@link #release}; the
   * engine stays open when the last reference goes: whoever opened it closes it.
   *
   * @param transactionIdTag tags this node's transaction ids (see {@link
   *     com.blockdb.engine.txn.TransactionManager#TransactionManager(BlockDb, long, int)}); -1 for none
   * @throws IllegalStateException if a database named {@code name} is open already
   */
  public static Database adopt(String name, BlockDb engine, long lockTimeoutNanos, int transactionIdTag) {
    synchronized (OPEN) {
      String key = key(name);
      if (OPEN.containsKey(key)) {
        throw new IllegalStateException("a database named " + key + " is already open in this process");
      }
      Database db = new Database(key, engine, false, lockTimeoutNanos, transactionIdTag, false);
      OPEN.put(key, db);
      db.references.incrementAndGet();
      return db;
    }
  }

  /** As {@link #adopt(String, BlockDb, long, int)} with untagged transaction ids. */
  public static Database adopt(String name, BlockDb engine, long lockTimeoutNanos) {
    return adopt(name, engine, lockTimeoutNanos, -1);
  }

  /**
   * Drops one reference; the last one closes the engine (an in-memory database is then gone),
   * unless the engine was {@link #adopt adopted}: then it is only unregistered.
   */
  public static void release(Database db) {
    synchronized (OPEN) {
      if (db.references.decrementAndGet() == 0) {
        OPEN.remove(db.name());
        if (db.ownsEngine()) {
          db.engine().close();
        }
      }
    }
  }

  private static String key(String name) {
    return name.startsWith("mem:") ? name : Path.of(name).toAbsolutePath().normalize().toString();
  }
}
