package com.blockdb.engine;

import com.blockdb.engine.io.FileLayer;
import java.util.function.LongSupplier;

/**
 * Settings of an open database. Immutable; start from {@link #defaults()} and change with the
 * {@code with*} methods. Names follow {@code blockdb.toml}'s {@code [database]} keys.
 *
 * @param memtableSizeLimit bytes of the in-memory table before it is flushed to an SSTable
 * @param walSyncIntervalMs 0 = fsync before acknowledging (durable); above 0 = fsync at most this
 *     often, so acknowledged writes of the last interval can be lost on power failure
 * @param compactionThreshold number of SSTables of one size tier that a background compaction merges into one
 * @param blockchainBatchSize most entries per ledger block (a larger transaction gets a block of
 *     its own)
 * @param blockIntervalMs a pending block older than this is sealed even if not full
 * @param walSegmentSize bytes per WAL segment file
 * @param sstableBlockSize target bytes of an SSTable data block
 * @param principal the principal recorded for writes that name none
 * @param fileLayer the file system (the real one unless a test injects faults)
 * @param clock epoch milliseconds for commit timestamps
 * @param background whether flushes and compactions run on background threads (tests may run them
 *     inline)
 * @param replicatedLog whether an external log (the Raft log of a cluster) is the write-ahead log:
 *     the engine's own WAL is off and only {@link BlockDb#replica()} changes the data (see
 *     docs/ARCHITECTURE.md, "Replicated mode")
 */
public record Options(long memtableSizeLimit, long walSyncIntervalMs, int compactionThreshold,
    int blockchainBatchSize, long blockIntervalMs, long walSegmentSize, int sstableBlockSize,
    String principal, FileLayer fileLayer, LongSupplier clock, boolean background, boolean replicatedLog) {

  public static final long DEFAULT_MEMTABLE_SIZE_LIMIT = 64L * 1024 * 1024;
  public static final int DEFAULT_COMPACTION_THRESHOLD = 4;
  public static final int DEFAULT_BLOCKCHAIN_BATCH_SIZE = 1000;
  public static final long DEFAULT_BLOCK_INTERVAL_MS = 1000;

  public Options {
    if (memtableSizeLimit < 4096) {
      throw invalid("memtable_size_limit", memtableSizeLimit, "at least 4096 bytes");
    }
    if (walSyncIntervalMs < 0) {
      throw invalid("wal_sync_interval", walSyncIntervalMs, "0 or more milliseconds");
    }
    if (compactionThreshold < 2) {
      throw invalid("compaction_threshold", compactionThreshold, "at least 2");
    }
    if (blockchainBatchSize < 1) {
      throw invalid("blockchain_batch_size", blockchainBatchSize, "at least 1");
    }
    if (blockIntervalMs < 1) {
      throw invalid("block_interval_ms", blockIntervalMs, "at least 1");
    }
    if (walSegmentSize < 4096) {
      throw invalid("wal_segment_size", walSegmentSize, "at least 4096 bytes");
    }
    if (sstableBlockSize < 256) {
      throw invalid("sstable_block_size", sstableBlockSize, "at least 256 bytes");
    }
    if (principal == null || principal.isEmpty()) {
      throw invalid("principal", principal, "a non-empty name");
    }
    if (fileLayer == null || clock == null) {
      throw new NullPointerException("fileLayer and clock are required");
    }
  }

  private static BlockDbException invalid(String key, Object value, String expected) {
    return new BlockDbException(ErrorCode.INVALID_ARGUMENT,
        "invalid setting " + key + " = " + value + ": expected " + expected);
  }

  /** The documented defaults: durable writes, 64 MiB memtable, 1000-entry blocks. */
  public static Options defaults() {
    return new Options(DEFAULT_MEMTABLE_SIZE_LIMIT, 0, DEFAULT_COMPACTION_THRESHOLD,
        DEFAULT_BLOCKCHAIN_BATCH_SIZE, DEFAULT_BLOCK_INTERVAL_MS, 64L * 1024 * 1024, 4096, "local",
        FileLayer.real(), System::currentTimeMillis, true, false);
  }

  /** True when acknowledged writes can be lost on power failure ({@code wal_sync_interval > 0}). */
  public boolean durabilityRelaxed() {
    return walSyncIntervalMs > 0;
  }

  public Options withMemtableSizeLimit(long v) {
    return new Options(v, walSyncIntervalMs, compactionThreshold, blockchainBatchSize, blockIntervalMs,
        walSegmentSize, sstableBlockSize, principal, fileLayer, clock, background, replicatedLog);
  }

  public Options withWalSyncIntervalMs(long v) {
    return new Options(memtableSizeLimit, v, compactionThreshold, blockchainBatchSize, blockIntervalMs,
        walSegmentSize, sstableBlockSize, principal, fileLayer, clock, background, replicatedLog);
  }

  public Options withCompactionThreshold(int v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, v, blockchainBatchSize, blockIntervalMs,
        walSegmentSize, sstableBlockSize, principal, fileLayer, clock, background, replicatedLog);
  }

  public Options withBlockchainBatchSize(int v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, compactionThreshold, v, blockIntervalMs,
        walSegmentSize, sstableBlockSize, principal, fileLayer, clock, background, replicatedLog);
  }

  public Options withBlockIntervalMs(long v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, compactionThreshold, blockchainBatchSize, v,
        walSegmentSize, sstableBlockSize, principal, fileLayer, clock, background, replicatedLog);
  }

  public Options withWalSegmentSize(long v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, compactionThreshold, blockchainBatchSize,
        blockIntervalMs, v, sstableBlockSize, principal, fileLayer, clock, background, replicatedLog);
  }

  public Options withSstableBlockSize(int v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, compactionThreshold, blockchainBatchSize,
        blockIntervalMs, walSegmentSize, v, principal, fileLayer, clock, background, replicatedLog);
  }

  public Options withPrincipal(String v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, compactionThreshold, blockchainBatchSize,
        blockIntervalMs, walSegmentSize, sstableBlockSize, v, fileLayer, clock, background, replicatedLog);
  }

  public Options withFileLayer(FileLayer v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, compactionThreshold, blockchainBatchSize,
        blockIntervalMs, walSegmentSize, sstableBlockSize, principal, v, clock, background, replicatedLog);
  }

  public Options withClock(LongSupplier v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, compactionThreshold, blockchainBatchSize,
        blockIntervalMs, walSegmentSize, sstableBlockSize, principal, fileLayer, v, background, replicatedLog);
  }

  public Options withBackground(boolean v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, compactionThreshold, blockchainBatchSize,
        blockIntervalMs, walSegmentSize, sstableBlockSize, principal, fileLayer, clock, v, replicatedLog);
  }

  /**
   * Whether the Raft log of a cluster drives this database instead of its own write-ahead log; see
   * {@link BlockDb#replica()}.
   */
  public Options withReplicatedLog(boolean v) {
    return new Options(memtableSizeLimit, walSyncIntervalMs, compactionThreshold, blockchainBatchSize,
        blockIntervalMs, walSegmentSize, sstableBlockSize, principal, fileLayer, clock, background, v);
  }
}
