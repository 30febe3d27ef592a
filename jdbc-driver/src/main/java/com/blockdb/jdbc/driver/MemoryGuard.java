package com.blockdb.jdbc.driver;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide guard that keeps one query from filling the heap. Calcite's sorts, aggregates and
 * joins keep their input in the heap; after every garbage collection the guard compares the heap
 * still in use (confirmed by a full collection: see {@link #collected}) with its limit ({@code memory_guard}, a fraction of the maximum heap, 0.8 by
 * default) and, when it is over, stops the running statement that holds the most (as estimated by
 * its {@link QueryMemory}) with SQLState 53200. That statement ends at its next row (scans check
 * for every row they read, result sets for every row they deliver), its rows become garbage, and
 * every other statement, connection and the server go on.
 *
 * <p>A statement is stopped only if it holds at least 1/{@value #MIN_SHARE} of the maximum heap:
 * when the heap is full of something else (the application's own data, the engine's caches),
 * stopping small queries would free nothing. Only one statement is stopped per collection, and
 * none while the last one stopped has not ended yet (for up to {@value #PATIENCE} collections).
 *
 * <p>Thread-safety: statements register and unregister on their own threads; the collections are
 * reported on the JVM's notification thread.
 */
public final class MemoryGuard {
  /** The default limit: 80% of the maximum heap, in use after a collection. */
  static final double DEFAULT_LIMIT = 0.8;
  /** A statement is stopped only if it holds at least this fraction (1/n) of the maximum heap. */
  static final int MIN_SHARE = 16;
  /**
   * Collections over the limit to wait for a stopped statement to end before stopping another: one
   * that sits idle holding its rows (a client that fetches no more) must not disarm the guard.
   */
  static final int PATIENCE = 3;
  /** Young collections over the limit ignored after a full one found the heap under it. */
  static final int CALM = 4;
  /** The most young collections over the limit ignored, when full ones keep finding nothing to stop. */
  static final int MAX_CALM = 256;

  private static final Logger LOG = LoggerFactory.getLogger(MemoryGuard.class);
  private static final MemoryGuard GUARD = new MemoryGuard();

  private final com.sun.management.ThreadMXBean threads; // null: the JVM counts no allocations
  private final Set<String> heapPools = new HashSet<>();
  private final Set<QueryMemory> running = ConcurrentHashMap.newKeySet();
  /** The statement that last used each thread, so that the next one can end its window there. */
  private final ThreadLocal<QueryMemory> tenant = new ThreadLocal<>();
  private volatile double limit = DEFAULT_LIMIT;
  private final boolean explicitCollections = explicitCollectionsEnabled();
  /** How a full collection is asked for ({@link System#gc} on a thread of its own; tests count). */
  Runnable fullCollection = MemoryGuard::collectFully;
  private volatile boolean confirming; // a full collection was asked for and has not reported yet
  private int calm; // young reports over the limit still taken as garbage (notification thread)
  private int backoff = CALM; // the next calm: doubles while full collections find nothing to stop
  private int unconfirmed; // young reports over the limit while waiting for the full one
  private volatile QueryMemory stopped; // the last statement stopped, until it ends
  private int waited; // collections over the limit since it was stopped (notification thread only)

  private MemoryGuard() {
    java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
    com.sun.management.ThreadMXBean counting = null;
    if (t instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
      if (!sun.isThreadAllocatedMemoryEnabled()) {
        sun.setThreadAllocatedMemoryEnabled(true);
      }
      counting = sun;
    }
    threads = counting;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    if (threads != null) {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener((n, handback) -> afterCollection(n), null, null);
        }
      }
    }
  }

  static MemoryGuard get() {
    return GUARD;
  }

  /**
   * Sets the limit for the whole JVM: the fraction of the maximum heap that may be in use after a
   * collection before the largest query is stopped (0: the guard stops nothing).
   *
   * @throws IllegalArgumentException unless {@code 0 <= fraction < 1}
   */
  public static void setLimit(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("memory_guard must be a fraction of the heap from 0 (off) to below 1, not "
          + fraction);
    }
    GUARD.limit = fraction;
  }

  /** The limit in force (see {@link #setLimit}). */
  public static double limit() {
    return GUARD.limit;
  }

  void register(QueryMemory q) {
    if (threads != null && limit > 0) {
      running.add(q);
    }
  }

  void unregister(QueryMemory q) {
    running.remove(q);
    if (stopped == q) {
      stopped = null;
    }
  }

  /** Makes {@code q} the statement using the current thread; returns the one that used it before. */
  QueryMemory claim(QueryMemory q) {
    QueryMemory previous = tenant.get();
    if (previous != q) {
      tenant.set(q);
    }
    return previous;
  }

  /** The current thread's allocation counter (bytes; -1 when the JVM keeps none). */
  long allocatedHere() {
    return threads == null ? -1 : threads.getCurrentThreadAllocatedBytes();
  }

  /** {@code thread}'s allocation counter (bytes; -1 when it ended or the JVM keeps none). */
  long allocatedBy(Thread thread) {
    return threads == null ? -1 : threads.getThreadAllocatedBytes(thread.getId());
  }

  private void afterCollection(Notification n) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    try {
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      long used = 0;
      for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(e.getKey())) {
          used += e.getValue().getUsed();
        }
      }
      collected(used, Runtime.getRuntime().maxMemory(), info.getGcAction().contains("major"));
    } catch (RuntimeException e) {
      LOG.warn("memory guard: cannot read a garbage collection's report: {}", e.toString());
    }
  }

  /**
   * A collection left {@code used} of {@code max} heap bytes in use. A young collection leaves the
   * old generation as it was, dead rows included (those of a statement stopped a moment ago, say),
   * so when one reports the heap over the limit, a full collection is asked for first and its
   * report decides; after a full collection that found the heap under the limit (or nothing to
   * stop), the next {@value #CALM} young reports over it are taken as garbage too, twice as many
   * after each further such full collection, up to {@value #MAX_CALM}. Where explicit collections are
   * disabled ({@code -XX:+DisableExplicitGC}), young reports decide.
   */
  void collected(long used, long max, boolean full) {
    double fraction = limit;
    boolean over = fraction > 0 && used >= fraction * max;
    if (full) {
      confirming = false;
      if (over && check(used, max) != null) {
        backoff = CALM;
      } else {
        // Young reports were inflated by garbage, or the heap is full of something no query holds:
        // forcing full collections again and again would only slow the JVM down, so wait longer.
        calm = backoff;
        backoff = Math.min(backoff * 2, MAX_CALM);
      }
    } else if (over) {
      if (!explicitCollections) {
        check(used, max);
      } else if (calm > 0) {
        calm--;
      } else if (!confirming) {
        if (!running.isEmpty()) {
          confirming = true;
          unconfirmed = 0;
          fullCollection.run();
        }
      } else if (++unconfirmed > PATIENCE) {
        check(used, max); // no full report came (-XX:+ExplicitGCInvokesConcurrent, say): decide on this one
      }
    }
  }

  /** Asks for a full collection, on a thread of its own: the report comes back to {@link #collected}. */
  private static void collectFully() {
    Thread t = new Thread(System::gc, "blockdb-memory-guard");
    t.setDaemon(true);
    t.start();
  }

  private static boolean explicitCollectionsEnabled() {
    try {
      var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return hotspot == null || !"true".equals(hotspot.getVMOption("DisableExplicitGC").getValue());
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * After a (full) collection that left {@code used} of {@code max} heap bytes in use: stops the largest
   * statement if the heap is over the limit; returns the statement stopped (null: none).
   */
  QueryMemory check(long used, long max) {
    double fraction = limit;
    if (fraction <= 0 || used < fraction * max) {
      return null;
    }
    if (stopped != null && ++waited <= PATIENCE) {
      return null; // its rows become garbage once it reaches its next row: wait for that first
    }
    stopped = null;
    if (running.isEmpty()) {
      return null;
    }
    QueryMemory largest = null;
    long most = 0;
    for (QueryMemory q : running) {
      long held = q.held();
      if (held > most) {
        most = held;
        largest = q;
      }
    }
    if (largest == null || most < max / MIN_SHARE) {
      return null;
    }
    String message = "query stopped: the heap was " + percent(used, max) + " full after garbage collection ("
        + mib(used) + " of " + mib(max) + ", over memory_guard " + percent(fraction) + ") and this query held the"
        + " most of the running queries (it allocated " + mib(most) + " before returning a row)";
    if (largest.owner().stopForMemory(message)) {
      stopped = largest;
      waited = 0;
      running.remove(largest);
      LOG.warn("memory guard: {}", message);
      return largest;
    }
    return null;
  }

  private static String percent(long part, long whole) {
    return percent((double) part / whole);
  }

  private static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }

  static String mib(long bytes) {
    if (bytes >= 10L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    return (bytes >> 20) + " MiB";
  }
}
