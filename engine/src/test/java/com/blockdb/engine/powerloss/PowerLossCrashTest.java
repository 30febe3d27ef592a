package com.blockdb.engine.powerloss;

import com.blockdb.engine.testing.LedgerModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Options;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crash test (b): the engine runs on a {@link FaultInjectingFileLayer} that on {@code crash()} drops
 * everything not yet fsynced (file bytes and new directory entries), tears the last write and flips
 * bits, all from a seed. Round after round on the SAME file layer (state accumulates across crashes):
 * open (recover), check the invariants, write from 1-4 threads single puts, batches and duplicate
 * attempts, then lose power at a random moment (a timer while the writers run, or deterministically
 * at the n-th file operation of the instance), abandon the dead instance, and go on. Every fourth
 * round power is also lost again while the next instance is still recovering.
 *
 * <p>Invariants after every reopen: every acknowledged write present with its value; every present
 * key attempted, with that value; batches whole or absent; writes rejected as duplicates absent;
 * sequences dense and equal to {@code lastSequence()}; everything sealed; verify passes and the
 * ledger extends the digest taken after the previous reopen.
 *
 * <p>Rounds: 2 × {@code -Dblockdb.crash.rounds} (20 by default). Seed: {@code -Dblockdb.crash.seed}.
 */
class PowerLossCrashTest {

  @BeforeEach
  void quiet() {
    Engines.quietLogs();
  }

  @AfterEach
  void loud() {
    Engines.normalLogs();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void powerLossLosesNothingAcknowledged() throws Exception {
    int rounds = 2 * Integer.getInteger("blockdb.crash.rounds", 20);
    long seed = Long.getLong("blockdb.crash.seed", System.nanoTime());
    String rerun = "seed " + seed + " (rerun with -Dblockdb.crash.seed=" + seed + ")";
    System.out.println("PowerLossCrashTest: rounds=" + rounds + " " + rerun);
    Random rnd = new Random(seed);
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(rnd.nextLong());
    LedgerModel model = new LedgerModel();
    Digest saved = null;
    long start = System.nanoTime();
    int recoveryCrashes = 0;
    int timerCrashes = 0;
    int opCrashes = 0;
    List<String> hangs = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      String where = rerun + ", round " + round;
      if (round % 4 == 3) {
        // Lose power while the next instance is still recovering (replaying, truncating, sealing).
        FencedFileLayer early = new FencedFileLayer(fs);
        early.crashAtOperation(1 + rnd.nextInt(25));
        BlockDb half = null;
        try {
          half = BlockDb.open(Engines.DIR, Engines.small(rnd, early));
        } catch (RuntimeException expected) {
          // the power went out during open
        }
        if (!early.dead()) {
          fs.crash(); // open finished before the chosen operation: crash right after it
        }
        recoveryCrashes++;
        String hang = Engines.abandon(half, 10_000);
        if (hang != null) {
          hangs.add(where + ": " + hang);
        }
      }
      FencedFileLayer layer = new FencedFileLayer(fs);
      Options options = Engines.small(rnd, layer);
      BlockDb db;
      try {
        db = BlockDb.open(Engines.DIR, options);
      } catch (RuntimeException e) {
        throw new AssertionError(where + ": reopening after power loss failed: " + e, e);
      }
      LedgerModel.Check c = model.check(db, saved, true);
      model.assertClean(c, where);
      saved = c.digest();

      int threads = 1 + rnd.nextInt(4);
      boolean timer = rnd.nextBoolean();
      int opsPerThread = 20 + rnd.nextInt(130);
      LedgerModel.Writer[] writers = new LedgerModel.Writer[threads];
      Thread[] ts = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        writers[t] = model.new Writer(db, rnd.nextLong(), "r" + round + "t" + t, opsPerThread, 1 + rnd.nextInt(8), 300);
        ts[t] = new Thread(writers[t], "writer-r" + round + "t" + t);
        ts[t].setDaemon(true);
      }
      if (!timer) {
        // Deterministic point: the n-th mutating file operation of this instance from now.
        layer.crashAtOperation(1 + rnd.nextInt(3 * threads * opsPerThread));
      }
      long delayMicros = rnd.nextInt(40_000);
      for (Thread t : ts) {
        t.start();
      }
      if (timer) {
        TimeUnit.MICROSECONDS.sleep(delayMicros);
        if (!layer.dead()) {
          fs.crash();
        }
        timerCrashes++;
      } else {
        for (Thread t : ts) {
          t.join(20_000);
        }
        if (!layer.dead()) {
          fs.crash(); // the writers finished first: crash while only background work runs
        } else {
          opCrashes++;
        }
      }
      String stuck = Engines.join(ts, 20_000);
      if (stuck != null) {
        throw new AssertionError(where + ": " + stuck);
      }
      String hang = Engines.abandon(db, 10_000);
      if (hang != null) {
        hangs.add(where + ": " + hang);
      }
      System.out.printf("  round %d: %d entries at open, %d thread(s) x %d ops, %s crash, bg=%s, memtable=%d,"
              + " segment=%d, batch=%d; wrote %d ops%n", round, c.entries(), threads, opsPerThread,
          timer ? "timer " + delayMicros / 1000 + "ms" : "op-count", options.background(),
          options.memtableSizeLimit(), options.walSegmentSize(), options.blockchainBatchSize(),
          java.util.Arrays.stream(writers).mapToInt(w -> w.done).sum());
    }
    // The last crash is checked by a final open, which then closes cleanly.
    String where = rerun + ", final reopen";
    try (BlockDb db = BlockDb.open(Engines.DIR, Engines.small(rnd, new FencedFileLayer(fs)))) {
      LedgerModel.Check c = model.check(db, saved, true);
      model.assertClean(c, where);
      System.out.printf("PowerLossCrashTest: %d rounds (%d timer, %d op-count crashes, %d during recovery), %d keys "
              + "attempted, %d acknowledged, %d batches, %d entries, %d blocks, %d sstables, %d WAL segments, "
              + "writer failures %s, %d engine threads still alive, %.1f s%n", rounds, timerCrashes, opCrashes,
          recoveryCrashes,
          model.attempted.size(), model.acked.size(), model.batches.size(), c.entries(), c.stats().blocks(),
          c.stats().sstables(), c.stats().walSegments(), model.failures, Engines.liveEngineThreads(),
          (System.nanoTime() - start) / 1e9);
    }
    assertThat(hangs).as("dead engine instances whose close() hung").isEmpty();
    assertThat(model.acked).as("writes were acknowledged").isNotEmpty();
    assertThat(model.batches.stream().anyMatch(b -> model.acked.contains(b.get(0)))).as("a batch was acknowledged")
        .isTrue();
  }
}
