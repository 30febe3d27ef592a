package com.blockdb.engine.lock;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A lock manager and a thread pool for the requests that must block: tests start them, wait until
 * the lock table shows the expected waits, then act. Waits poll a condition (each test has a JUnit
 * timeout), so no test depends on how fast the machine is.
 */
final class LockFixture implements AutoCloseable {

  /** Long enough that only deadlock detection, never the timeout, can end a test's wait. */
  static final long LONG = TimeUnit.SECONDS.toNanos(60);

  final LockManager locks = new LockManager();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  static LockKey key(String name) {
    return new LockKey(16, name.getBytes(UTF_8));
  }

  /** Takes a lock that must be free: a zero timeout makes any wait fail the test at once. */
  void take(long txn, String key, LockMode mode) {
    locks.acquire(txn, key(key), mode, 0);
  }

  /** Requests a lock on another thread; the future completes when acquire returns or throws. */
  Future<?> request(long txn, String key, LockMode mode) {
    return pool.submit(() -> locks.acquire(txn, key(key), mode, LONG));
  }

  Future<?> requestAll(long txn, List<LockKey> keys, LockMode mode) {
    return pool.submit(() -> locks.acquireAll(txn, keys, mode, LONG));
  }

  /** Waits until the wait-for graph is exactly {@code edges}. */
  void awaitGraph(Map<Long, Set<Long>> edges) {
    awaitTrue(() -> locks.waitsFor().equals(edges));
  }

  static void awaitTrue(BooleanSupplier condition) {
    while (!condition.getAsBoolean()) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** What the request threw, or null if it returned normally. */
  static Throwable outcome(Future<?> f) {
    try {
      f.get(60, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("request did not finish: " + e, e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
