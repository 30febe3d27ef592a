package com.blockdb.server.process;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load clients were told: every write the server acknowledged (with its value and
 * writer), every write rolled back or refused on purpose, the unexpected errors, and how many of
 * each operation ran. The checks after the run compare the database with it. Thread-safe: the
 * clients record into it concurrently.
 */
final class LoadBook {
  /** A row of LOAD_ROWS the server acknowledged. */
  record Row(String val, String user) {}

  /** A KV entry the server acknowledged (written over REST or SQL). */
  record KvWrite(String value, String user) {}

  /** How many error messages are kept (all are counted). */
  private static final int KEPT_ERRORS = 40;

  final Map<Long, Row> rows = new ConcurrentHashMap<>();
  final Set<Long> rolledBack = ConcurrentHashMap.newKeySet();
  final Map<String, KvWrite> kv = new ConcurrentHashMap<>();
  /** Keys of batches refused as a whole (a duplicate inside): none of them may be stored. */
  final Set<String> refusedKv = ConcurrentHashMap.newKeySet();
  /** Per JDBC client: the last row id it had acknowledged (-1: none yet), for the readers. */
  final AtomicLongArray lastRow;
  /** Per JDBC client: how many of its rows were acknowledged. */
  final AtomicIntegerArray rowCount;
  /** Per REST client: the last key it had acknowledged (null: none yet), for the readers. */
  final AtomicReferenceArray<String> lastKey;

  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final AtomicLong errorCount = new AtomicLong();
  private final Map<String, LongAdder> ops = new ConcurrentHashMap<>();

  LoadBook(int jdbcClients, int restClients) {
    lastRow = new AtomicLongArray(jdbcClients);
    for (int i = 0; i < jdbcClients; i++) {
      lastRow.set(i, -1);
    }
    rowCount = new AtomicIntegerArray(jdbcClients);
    lastKey = new AtomicReferenceArray<>(restClients);
  }

  void count(String op) {
    ops.computeIfAbsent(op, k -> new LongAdder()).increment();
  }

  /** An unexpected outcome: the test fails with it. */
  void error(String what) {
    if (errorCount.incrementAndGet() <= KEPT_ERRORS) {
      errors.add(what);
    }
  }

  long errorCount() {
    return errorCount.get();
  }

  String errors() {
    return String.join("\n", errors) + (errorCount.get() > KEPT_ERRORS ? "\n... and "
        + (errorCount.get() - KEPT_ERRORS) + " more" : "");
  }

  /** Operation counts, by name. */
  Map<String, Long> ops() {
    Map<String, Long> m = new TreeMap<>();
    ops.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  long totalOps() {
    return ops.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
