package com.blockdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent writes on the leader share Raft entries (group commit), and each still gets its own
 * outcome: every acknowledged write is on every node, a key written twice is refused once with a
 * duplicate-key error, and every node ends with the same ledger.
 */
class GroupCommitTest {

  @TempDir
  Path tmp;

  @Test
  void concurrentWritesShareEntriesAndEachGetsItsOwnOutcome() throws Exception {
    int threads = 12;
    int perThread = 40;
    try (TestCluster c = new TestCluster(tmp, 3).startAll()) {
      ClusterNode leader = c.awaitLeader();
      long indexBefore = leader.localStatus().appliedIndex();
      long entriesBefore = leader.proposedEntries();
      long recordsBefore = leader.proposedRecords();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
      List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger writes = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread w = new Thread(() -> {
          try {
            start.await();
            for (int i = 0; i < perThread; i++) {
              // Every fifth write of a pair of threads uses the same key: exactly one of the two wins.
              String k = i % 5 == 0 ? "shared-" + (id / 2) + "-" + i : "t" + id + "-" + i;
              WriteBatch b = new WriteBatch();
              b.put(ClusterReplicationTest.b(k), ClusterReplicationTest.b("v" + id + "-" + i));
              writes.incrementAndGet();
              try {
                leader.submit(b, "writer" + id);
                acknowledged.add(k);
              } catch (DuplicateKeyException e) {
                duplicates.add(k);
              }
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        });
        w.start();
        workers.add(w);
      }
      start.countDown();
      for (Thread w : workers) {
        w.join();
      }
      assertThat(errors).isEmpty();
      // Each shared key: one write acknowledged, the other refused as a duplicate.
      Set<String> shared = new HashSet<>();
      for (String k : duplicates) {
        assertThat(k).startsWith("shared-");
        assertThat(shared.add(k)).as("refused once: " + k).isTrue();
        assertThat(acknowledged).contains(k);
      }
      assertThat(duplicates).hasSize((threads / 2) * (perThread / 5));
      assertThat(acknowledged).hasSize(writes.get() - duplicates.size());
      long entries = leader.localStatus().appliedIndex() - indexBefore;
      assertThat(entries).as("Raft entries for " + writes.get() + " concurrent writes").isLessThan(writes.get());
      // The group-commit counters (/metrics: blockdb_cluster_entries_total, blockdb_cluster_records_total).
      long proposed = leader.proposedEntries() - entriesBefore;
      long records = leader.proposedRecords() - recordsBefore;
      assertThat(records).as("records proposed").isBetween((long) acknowledged.size(), (long) writes.get());
      assertThat(proposed).as("entries proposed").isPositive().isLessThan(records).isLessThanOrEqualTo(entries);
      ClusterReplicationTest.assertSameLedgerEverywhere(c, acknowledged);
    }
  }
}
