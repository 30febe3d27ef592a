package com.blockdb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicated mode: replicas fed the same log hold byte-identical ledgers whatever their memtable
 * sizes, clocks and restarts; refusals are the same everywhere; replay from the applied index is
 * idempotent; a checkpoint plus the rest of the log rebuilds a replica.
 */
class ReplicaTest {

  @TempDir
  Path tmp;

  /** An external log: records at increasing indexes with gaps, as a Raft log has (configuration entries). */
  private static final class Log {
    final List<Long> indexes = new ArrayList<>();
    final List<byte[]> records = new ArrayList<>();
    long next = 1;

    void add(byte[] record) {
      if (next % 7 == 0) {
        next++; // an index the state machine never sees
      }
      indexes.add(next++);
      records.add(record);
    }

    /** Applies every record above {@code after}; returns the results. */
    List<Replica.ApplyResult> applyTo(BlockDb db, long after) {
      List<Replica.ApplyResult> out = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        if (indexes.get(i) > after) {
          out.add(db.replica().apply(indexes.get(i), records.get(i)));
        }
      }
      return out;
    }
  }

  private static Options options(long clockStart) {
    AtomicLong clock = new AtomicLong(clockStart);
    return Options.defaults().withReplicatedLog(true).withBlockchainBatchSize(5).withClock(clock::incrementAndGet);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A leader's log: batches of puts with seals between, built on a replica that applies as it goes. */
  private Log leaderLog(BlockDb leader, int batches) {
    Log log = new Log();
    for (int i = 0; i < batches; i++) {
      WriteBatch batch = new WriteBatch();
      for (int j = 0; j < 1 + i % 4; j++) {
        batch.put(b("k" + i + "-" + j), b("value " + i + "/" + j + " " + "x".repeat(200)));
      }
      log.add(leader.replica().commitRecord(batch, "p" + (i % 3)));
      leader.replica().apply(log.indexes.get(log.indexes.size() - 1), log.records.get(log.records.size() - 1));
      if (i % 6 == 5) {
        log.add(leader.replica().sealRecord());
        leader.replica().apply(log.indexes.get(log.indexes.size() - 1), log.records.get(log.records.size() - 1));
      }
    }
    log.add(leader.replica().sealRecord());
    leader.replica().apply(log.indexes.get(log.indexes.size() - 1), log.records.get(log.records.size() - 1));
    return log;
  }

  @Test
  void replicasFedTheSameLogHoldIdenticalLedgersWhateverTheirMemtableSize() throws Exception {
    Log log;
    Digest leaderDigest;
    try (BlockDb leader = BlockDb.open(tmp.resolve("leader"), options(1_000))) {
      log = leaderLog(leader, 60);
      leaderDigest = leader.digest();
      assertThat(leader.verify(null, null).ok()).isTrue();
    }
    // A tiny memtable (flushes often) and a slow, different clock must not change a single byte.
    Options tiny = options(5).withMemtableSizeLimit(4096);
    try (BlockDb a = BlockDb.open(tmp.resolve("a"), tiny);
        BlockDb c = BlockDb.open(tmp.resolve("c"), options(9_999_999))) {
      log.applyTo(a, 0);
      log.applyTo(c, 0);
      assertThat(a.stats().flushes()).as("the tiny memtable flushed").isGreaterThan(0);
      assertThat(a.digest()).isEqualTo(leaderDigest).isEqualTo(c.digest());
      assertThat(a.blocks(0, 1000)).usingRecursiveFieldByFieldElementComparator()
          .containsExactlyElementsOf(c.blocks(0, 1000));
      assertThat(a.verify(null, null).ok()).isTrue();
      assertThat(c.verify(null, null).ok()).isTrue();
      assertThat(a.lastSequence()).isEqualTo(c.lastSequence());
    }
    assertThat(Files.readAllBytes(tmp.resolve("a/ledger/blocks.dat")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("leader/ledger/blocks.dat")));
  }

  @Test
  void entryTimestampsNeverGoBackEvenWhenRecordsArriveOutOfOrder() {
    AtomicLong clock = new AtomicLong(10_000);
    try (BlockDb db = BlockDb.open(tmp.resolve("db"), Options.defaults().withReplicatedLog(true)
        .withClock(clock::get))) {
      byte[] late = db.replica().commitRecord(new WriteBatch().put(b("late"), b("1")), null);
      clock.set(5_000); // a record built earlier, or on a node whose clock is behind, is logged second
      byte[] early = db.replica().commitRecord(new WriteBatch().put(b("early"), b("2")), null);
      db.replica().apply(1, late);
      db.replica().apply(2, early);
      db.replica().apply(3, db.replica().sealRecord());
      Entry e = db.getEntry(Tables.KV, b("early"), Long.MAX_VALUE);
      assertThat(e.commitTimestamp()).as("clamped to the previous entry's").isEqualTo(10_000);
      assertThat(db.blocks(1, 1).get(0).timestamp()).isEqualTo(10_000);
      assertThat(db.verify(null, null).ok()).isTrue();
    }
  }

  @Test
  void duplicatesAreRefusedAtApplyAndStillCountAsApplied() {
    try (BlockDb db = BlockDb.open(tmp.resolve("db"), options(0))) {
      Replica r = db.replica();
      byte[] first = r.commitRecord(new WriteBatch().put(b("k"), b("1")), null);
      byte[] racing = r.commitRecord(new WriteBatch().put(b("other"), b("2")).put(b("k"), b("3")), null);
      assertThat(r.apply(1, first).accepted()).isTrue();
      Replica.ApplyResult refused = r.apply(2, racing);
      assertThat(refused.accepted()).isFalse();
      assertThat(refused.refusal()).isInstanceOf(DuplicateKeyException.class);
      assertThat(db.get(b("other"))).as("a refused batch writes nothing").isNull();
      assertThat(r.lastAppliedIndex()).isEqualTo(2);
      assertThat(r.apply(3, new byte[] {42}).refusal().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(r.apply(2, racing).skipped()).as("an index at or below the applied one").isTrue();
      assertThatThrownBy(() -> r.commitRecord(new WriteBatch().put(b("k"), b("4")), null))
          .as("the leader's hint").isInstanceOf(DuplicateKeyException.class);
    }
  }

  @Test
  void recordsSharingAnIndexApplyAsOneByOneAndReplayTogether() {
    // The same commits, once one per index and once grouped three to an index, give the same ledger.
    List<byte[]> records = new ArrayList<>();
    Digest oneByOne;
    try (BlockDb single = BlockDb.open(tmp.resolve("single"), options(0))) {
      for (int i = 0; i < 12; i++) {
        WriteBatch batch = new WriteBatch();
        batch.put(b("g" + i), b("value " + i + " " + "y".repeat(1200)));
        records.add(single.replica().commitRecord(batch, "p"));
        assertThat(single.replica().apply(i + 1, records.get(i)).accepted()).isTrue();
      }
      single.replica().apply(13, single.replica().sealRecord());
      oneByOne = single.digest();
    }
    Path dir = tmp.resolve("grouped");
    Options tiny = options(0).withMemtableSizeLimit(4096); // flushes fall between groups, never inside one
    try (BlockDb grouped = BlockDb.open(dir, tiny)) {
      for (int g = 0; g < 4; g++) {
        List<Replica.ApplyResult> results = grouped.replica().applyAll(g + 1, records.subList(3 * g, 3 * g + 3));
        assertThat(results).hasSize(3).allMatch(Replica.ApplyResult::accepted);
        assertThat(grouped.replica().lastAppliedIndex()).isEqualTo(g + 1);
      }
      // Replaying an index already applied skips all of its records.
      assertThat(grouped.replica().applyAll(2, records.subList(3, 6))).hasSize(3).allMatch(Replica.ApplyResult::skipped);
      grouped.replica().apply(5, grouped.replica().sealRecord());
      assertThat(grouped.digest().root()).isEqualTo(oneByOne.root());
      assertThat(grouped.verify(null, null).ok()).isTrue();
    }
    try (BlockDb reopened = BlockDb.open(dir, tiny)) {
      long durable = reopened.replica().appliedIndex();
      assertThat(durable).as("a flush covers whole indexes").isBetween(0L, 5L);
      // The log re-delivers everything after the durable index; the result is the same ledger.
      for (int g = (int) durable; g < 4; g++) {
        reopened.replica().applyAll(g + 1, records.subList(3 * g, 3 * g + 3));
      }
      if (durable < 5) {
        reopened.replica().apply(5, reopened.replica().sealRecord());
      }
      assertThat(reopened.digest().root()).isEqualTo(oneByOne.root());
      assertThat(reopened.verify(null, null).ok()).isTrue();
    }
  }

  @Test
  void inAGroupAKeyRepeatedAcrossRecordsRefusesTheLaterOneAndOnlyCommitsMayShareAnIndex() {
    try (BlockDb db = BlockDb.open(tmp.resolve("db"), options(0))) {
      Replica r = db.replica();
      WriteBatch a = new WriteBatch();
      a.put(b("k"), b("first"));
      WriteBatch c = new WriteBatch();
      c.put(b("other"), b("x"));
      List<Replica.ApplyResult> out = r.applyAll(1, List.of(r.commitRecord(a, "p"), r.commitRecord(a, "p"),
          r.sealRecord(), r.commitRecord(c, "p")));
      assertThat(out.get(0).accepted()).isTrue();
      assertThat(out.get(1).refusal()).isInstanceOf(DuplicateKeyException.class);
      assertThat(out.get(2).refusal().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(out.get(2).refusal().getMessage()).contains("only COMMIT records");
      assertThat(out.get(3).accepted()).isTrue();
      assertThat(new String(db.getEntry(Tables.KV, b("k"), db.lastSequence()).value(), StandardCharsets.UTF_8))
          .isEqualTo("first");
      assertThat(r.lastAppliedIndex()).isEqualTo(1);
    }
  }

  @Test
  void restartReplaysFromTheAppliedIndexWithoutApplyingTwice() {
    Log log;
    Digest expected;
    long entries;
    try (BlockDb leader = BlockDb.open(tmp.resolve("leader"), options(1_000))) {
      log = leaderLog(leader, 40);
      expected = leader.digest();
      entries = leader.lastSequence();
    }
    Options small = options(0).withMemtableSizeLimit(8192);
    long applied;
    try (BlockDb db = BlockDb.open(tmp.resolve("node"), small)) {
      // Apply only part of the log, so the node stops with pending entries and an unflushed memtable.
      for (int i = 0; i < log.records.size() - 9; i++) {
        db.replica().apply(log.indexes.get(i), log.records.get(i));
      }
      applied = db.replica().appliedIndex();
      assertThat(applied).as("some flush happened").isGreaterThan(0);
      assertThat(applied).isLessThan(db.replica().lastAppliedIndex());
    }
    try (BlockDb db = BlockDb.open(tmp.resolve("node"), small)) {
      // Flushes queued before the close finish then: the manifest may be further than it was.
      assertThat(db.replica().appliedIndex()).isGreaterThanOrEqualTo(applied)
          .isLessThan(log.indexes.get(log.records.size() - 9));
      assertThat(db.replica().lastAppliedIndex()).isEqualTo(db.replica().appliedIndex());
      // The log re-delivers everything from the start: what the data files hold is skipped.
      List<Replica.ApplyResult> results = log.applyTo(db, 0);
      assertThat(results.stream().filter(Replica.ApplyResult::skipped).count()).isGreaterThan(0);
      assertThat(results.stream().filter(x -> x.refusal() != null).toList()).as("nothing applied twice").isEmpty();
      assertThat(db.lastSequence()).isEqualTo(entries);
      assertThat(db.digest()).isEqualTo(expected);
      assertThat(db.verify(null, null).ok()).isTrue();
    }
  }

  @Test
  void aPreparedTransactionInDoubtSurvivesFlushAndRestart() {
    Path dir = tmp.resolve("db");
    Options o = options(0);
    try (BlockDb db = BlockDb.open(dir, o)) {
      Replica r = db.replica();
      r.apply(1, r.prepareRecord(7, b("xid-7"), new WriteBatch().put(b("reserved"), b("v")), "alice"));
      // Refused (the key is reserved): it must never come back as a prepared transaction.
      Replica.ApplyResult refused = r.apply(2, r.prepareRecord(8, null, new WriteBatch().put(b("reserved"), b("u")), null));
      assertThat(refused.refusal()).isInstanceOf(DuplicateKeyException.class);
      assertThat(r.apply(3, r.commitRecord(new WriteBatch().put(b("reserved"), b("w")), null)).refusal().code())
          .isEqualTo(ErrorCode.KEY_IN_DOUBT);
      r.apply(4, r.commitRecord(new WriteBatch().put(b("free"), b("x")), null));
      r.apply(5, r.sealRecord());
      db.flush();
      assertThat(r.appliedIndex()).isEqualTo(5);
    }
    try (BlockDb db = BlockDb.open(dir, o)) {
      assertThat(db.preparedTransactions()).extracting(PreparedTransaction::txnId).containsExactly(7L);
      Replica r = db.replica();
      assertThat(r.apply(6, r.decisionRecord(7, true)).accepted()).isTrue();
      assertThat(db.get(b("reserved"))).isEqualTo(b("v"));
      assertThat(r.apply(7, com.blockdb.engine.commit.CommitRecord.encode(new com.blockdb.engine.commit.CommitRecord.Decision(1, 8,
          com.blockdb.engine.commit.CommitRecord.Outcome.COMMIT))).refusal().code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
  }

  @Test
  void localWritesAreRefusedAndModesAreNotMixed() {
    Path replicated = tmp.resolve("replicated");
    try (BlockDb db = BlockDb.open(replicated, options(0))) {
      assertThatThrownBy(() -> db.put(b("k"), b("v"))).hasMessageContaining("write through the cluster");
      assertThatThrownBy(db::seal).hasMessageContaining("write through the cluster");
      db.replica().apply(1, db.replica().commitRecord(new WriteBatch().put(b("k"), b("v")), null));
      db.replica().apply(2, db.replica().sealRecord());
      db.flush();
    }
    assertThatThrownBy(() -> BlockDb.open(replicated)).hasMessageContaining("belongs to a cluster node");
    Path single = tmp.resolve("single");
    try (BlockDb db = BlockDb.open(single)) {
      db.put(b("k"), b("v"));
      assertThatThrownBy(db::replica).hasMessageContaining("not opened in replicated mode");
    }
    assertThatThrownBy(() -> BlockDb.open(single, options(0))).hasMessageContaining("single-node database");
  }

  @Test
  void aCheckpointPlusTheRestOfTheLogRebuildsAReplica() throws Exception {
    Path copy = tmp.resolve("copy");
    Log log;
    Digest expected;
    Replica.Checkpoint cp;
    try (BlockDb leader = BlockDb.open(tmp.resolve("leader"), options(0))) {
      log = leaderLog(leader, 30);
      leader.flush();
      cp = leader.replica().checkpoint(copy);
      // More of the log after the checkpoint.
      for (int i = 0; i < 5; i++) {
        long index = log.next++;
        byte[] rec = leader.replica().commitRecord(new WriteBatch().put(b("after" + i), b("v")), null);
        log.indexes.add(index);
        log.records.add(rec);
        leader.replica().apply(index, rec);
      }
      long index = log.next++;
      byte[] seal = leader.replica().sealRecord();
      log.indexes.add(index);
      log.records.add(seal);
      leader.replica().apply(index, seal);
      expected = leader.digest();
    }
    assertThat(cp.appliedIndex()).isGreaterThan(0);
    assertThat(cp.files()).contains(Path.of("MANIFEST"), Path.of("ledger", "blocks.dat"));
    for (Path f : cp.files()) {
      assertThat(copy.resolve(f)).exists();
    }
    try (BlockDb db = BlockDb.open(copy, options(0))) {
      assertThat(db.replica().appliedIndex()).isEqualTo(cp.appliedIndex());
      log.applyTo(db, cp.appliedIndex());
      assertThat(db.digest()).isEqualTo(expected);
      assertThat(db.verify(null, null).ok()).isTrue();
    }
  }
}
