package com.blockdb.bench;

/**
 * Counts and durations of one run. Every workload has a warm-up phase, then {@code rounds}
 * measured rounds; throughputs are the median of the rounds, latencies the percentiles of all
 * measured calls.
 *
 * @param name full, quick or tiny (the smoke test's)
 * @param fsyncMillis duration of the disk's fsync-rate measurement
 * @param shaMillis duration of each SHA-256 round
 * @param warmupMillis warm-up of each put workload
 * @param roundMillis duration of each measured put round
 * @param rounds measured rounds of every workload
 * @param threads writer threads of the concurrent put workload
 * @param batchSize entries per batch (one transaction)
 * @param warmupBatches batches written before the batch rounds are measured (the SQL suite's at
 *     least, then until its write warm-up time has passed)
 * @param batchesPerRound batches per measured round: in the full run a million rows, so that every
 *     round holds a memtable flush or two and its share of compaction (with 240, which round a flush
 *     fell in decided the median)
 * @param batchRoundCapMillis a batch round ends early after this long (slow systems)
 * @param getKeys keys loaded before the random gets
 * @param getWarmup random gets before measuring
 * @param getSamples measured random gets per round
 * @param probeMillis the fsync probe before each measured put round
 * @param sqlWarmupMillis warm-up of each SQL suite workload (a SQL planner's code paths need longer to
 *     compile than the engine's); its measured rounds take {@code roundMillis} at most, or
 *     {@code getSamples} calls
 */
public record Config(String name, long fsyncMillis, long shaMillis, long warmupMillis, long roundMillis,
    int rounds, int threads, int batchSize, int warmupBatches, int batchesPerRound, long batchRoundCapMillis,
    int getKeys, int getWarmup, int getSamples, long probeMillis, long sqlWarmupMillis) {

  /** The documented run: about 11½ minutes with PostgreSQL (the SQL suite most of it), at least 1M entries verified. */
  public static Config full() {
    return new Config("full", 2000, 1000, 1000, 2000, 5, 8, 1000, 50, 1000, 4000, 200_000, 100_000, 60_000, 500, 3000);
  }

  /** A fast look: about 2 minutes. */
  public static Config quick() {
    return new Config("quick", 1000, 300, 300, 500, 3, 8, 1000, 10, 50, 1000, 50_000, 20_000, 30_000, 200, 1500);
  }

  /** The smoke test's: every code path, tiny counts, no meaningful figures. */
  public static Config tiny() {
    return new Config("tiny", 50, 20, 20, 50, 1, 8, 10, 2, 3, 200, 300, 100, 100, 20, 20);
  }
}
