package com.blockdb.server.cluster;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polling a condition with a deadline, for the cluster tests (no timing is asserted, only given up on). */
final class Waits {

  private Waits() {}

  /** Polls {@code condition} every {@code pollMillis} until it holds; fails after {@code seconds}. */
  static void until(String what, long seconds, long pollMillis, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what + " after " + seconds + " s");
      }
      try {
        Thread.sleep(pollMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }
}
