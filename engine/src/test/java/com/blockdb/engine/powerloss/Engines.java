package com.blockdb.engine.powerloss;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Options;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Helpers shared by the power-loss tests. */
final class Engines {

  static final Path DIR = FaultInjectingFileLayer.ROOT.resolve("db");

  /** Keeps the engine's loggers quiet (a dead instance's threads log every I/O error they hit). */
  private static final Logger ENGINE_LOG = Logger.getLogger("com.blockdb.engine");

  private Engines() {}

  static void quietLogs() {
    ENGINE_LOG.setLevel(Level.OFF);
  }

  static void normalLogs() {
    ENGINE_LOG.setLevel(null);
  }

  /** Small settings so that segment rolls, flushes, seals and compactions all happen. */
  static Options small(Random rnd, FencedFileLayer fs) {
    return Options.defaults()
        .withMemtableSizeLimit(4096 + rnd.nextInt(28 * 1024))
        .withCompactionThreshold(2 + rnd.nextInt(2))
        .withBlockchainBatchSize(1 + rnd.nextInt(20))
        .withBlockIntervalMs(5 + rnd.nextInt(50))
        .withWalSegmentSize(4096 + rnd.nextInt(12 * 1024 + 1))
        .withSstableBlockSize(256 + rnd.nextInt(4096))
        .withBackground(rnd.nextBoolean())
        .withFileLayer(fs);
  }

  /**
   * Abandons an engine instance that lost power: close() it on a daemon thread (its I/O all fails; we
   * only want its threads to stop) and wait a bounded time. Returns null, or a description of the hang.
   */
  static String abandon(BlockDb db, long timeoutMs) {
    if (db == null) {
      return null;
    }
    Thread t = new Thread(() -> {
      try {
        db.close();
      } catch (RuntimeException ignored) {
        // expected: the instance's files are gone
      }
    }, "abandon-dead-engine");
    t.setDaemon(true);
    t.start();
    try {
      t.join(timeoutMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return t.isAlive() ? "close() of the dead engine instance did not return within " + timeoutMs + " ms:\n"
        + dumpThreads() : null;
  }

  /** Joins the threads; returns null or a description of the ones still running. */
  static String join(Thread[] threads, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    for (Thread t : threads) {
      if (t.isAlive()) {
        return "writer thread " + t.getName() + " still blocked " + timeoutMs + " ms after the crash:\n"
            + dumpThreads();
      }
    }
    return null;
  }

  static String dumpThreads() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      String name = e.getKey().getName();
      if (name.startsWith("blockdb") || name.startsWith("writer") || name.startsWith("abandon")) {
        sb.append("  ").append(name).append(" ").append(e.getKey().getState()).append('\n');
        Arrays.stream(e.getValue()).limit(12).forEach(s -> sb.append("      at ").append(s).append('\n'));
      }
    }
    return sb.toString();
  }

  static long liveEngineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("blockdb-")).count();
  }
}
