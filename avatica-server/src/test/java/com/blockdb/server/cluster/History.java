package com.blockdb.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the clients of a fault test did, with the invocation and completion time ({@code
 * System.nanoTime()}) of every write and read, and the checks a linearizable store of write-once
 * keys must pass:
 *
 * <ul>
 *   <li>every acknowledged write is present on every node afterwards ({@link #checkPresent});
 *   <li>no read returned a value that was never written (the value of key k is a function of k,
 *       and the key must have been written by then);
 *   <li>a read invoked after a write of its key was acknowledged sees it (real-time order).
 * </ul>
 *
 * <p>Thread-safe: writer and reader threads record concurrently.
 */
final class History {
  /** How a write ended for its client. */
  enum Outcome { ACKED, UNKNOWN }

  /** One write: its key (unique per attempt), when it was invoked and when it completed. */
  record Write(String key, long invoked, long completed, Outcome outcome) {}

  private final Map<String, Long> invoked = new ConcurrentHashMap<>();
  private final Map<String, Write> done = new ConcurrentHashMap<>();
  private final List<String> acked = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong lastAck = new AtomicLong();

  /** The value every write of {@code key} carries: a read can tell a value that was never written. */
  static String valueOf(String key) {
    return "v:" + key;
  }

  long invoke(String key) {
    long t = System.nanoTime();
    invoked.put(key, t);
    return t;
  }

  void ack(String key, long invokedAt) {
    long t = System.nanoTime();
    done.put(key, new Write(key, invokedAt, t, Outcome.ACKED));
    acked.add(key);
    lastAck.accumulateAndGet(t, Math::max);
  }

  /** The write failed in a way that does not say whether it committed (any failure, to be safe). */
  void unknown(String key, long invokedAt) {
    done.put(key, new Write(key, invokedAt, System.nanoTime(), Outcome.UNKNOWN));
  }

  int ackedCount() {
    return acked.size();
  }

  /** Acknowledgements completed after {@code nanoTime}. */
  long ackedSince(long nanoTime) {
    return done.values().stream().filter(w -> w.outcome() == Outcome.ACKED && w.completed() > nanoTime).count();
  }

  long lastAckNanos() {
    return lastAck.get();
  }

  /** A key acknowledged so far, picked at random (null before any). */
  String randomAcked(java.util.Random random) {
    synchronized (acked) {
      return acked.isEmpty() ? null : acked.get(random.nextInt(acked.size()));
    }
  }

  /**
   * Records a completed read of {@code key} invoked at {@code invokedAt}: {@code value} is what it
   * returned (null: not found).
   */
  void read(String node, String key, long invokedAt, String value) {
    reads.incrementAndGet();
    if (value != null) {
      Long w = invoked.get(key);
      if (w == null || w > System.nanoTime()) {
        violations.add("read on " + node + " returned '" + value + "' for " + key + ", which was never written");
      } else if (!value.equals(valueOf(key))) {
        violations.add("read on " + node + " returned '" + value + "' for " + key + ", a value never written for it");
      }
      return;
    }
    Write w = done.get(key);
    if (w != null && w.outcome() == Outcome.ACKED && w.completed() < invokedAt) {
      violations.add("stale read on " + node + ": " + key + " was acknowledged "
          + (invokedAt - w.completed()) / 1_000_000 + " ms before the read began, which did not find it");
    }
  }

  long readCount() {
    return reads.get();
  }

  List<String> violations() {
    return new ArrayList<>(violations);
  }

  Set<String> ackedKeys() {
    synchronized (acked) {
      return Set.copyOf(acked);
    }
  }

  /** Every key a write was attempted for. */
  Set<String> attemptedKeys() {
    return Set.copyOf(invoked.keySet());
  }

  long unknownCount() {
    return done.values().stream().filter(w -> w.outcome() == Outcome.UNKNOWN).count();
  }

  /**
   * Problems with what node {@code node} holds: an acknowledged key missing, or a key no client
   * ever wrote.
   */
  List<String> checkPresent(String node, Set<String> present) {
    List<String> out = new ArrayList<>();
    for (String k : ackedKeys()) {
      if (!present.contains(k)) {
        out.add("acknowledged " + k + " is missing on " + node);
      }
    }
    Set<String> attempted = attemptedKeys();
    for (String k : present) {
      if (!attempted.contains(k)) {
        out.add(node + " holds " + k + ", which no client wrote");
      }
    }
    return out;
  }
}
