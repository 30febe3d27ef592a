package com.blockdb.engine;

/**
 * Figures of an open database, read at one moment.
 *
 * @param entries entries committed (the last sequence number)
 * @param blocks sealed blocks, genesis included
 * @param pendingEntries committed entries not yet sealed into a block
 * @param sstables live SSTable files
 * @param sstableBytes bytes of live SSTables
 * @param memtableBytes approximate bytes held in memtables
 * @param walSegments WAL segment files
 * @param walBytes bytes of WAL segments
 * @param ledgerBytes bytes of the block file
 * @param diskBytes all bytes in the data directory
 * @param fsyncs WAL fsyncs since open
 * @param commits commit records since open
 * @param flushes memtable flushes since open
 * @param compactions compactions since open
 * @param stallMillis time writers spent slowed or stalled since open
 * @param digest the current digest
 * @param readOnlyReason why the engine refuses writes, or null
 * @param options the settings in force
 * @param dataBlocksRead SSTable data blocks read from files since open (point gets and scans)
 * @param pointGets point lookups since open
 * @param entriesScanned stored entries that range scans passed over since open
 */
public record Stats(long entries, long blocks, long pendingEntries, int sstables, long sstableBytes,
    long memtableBytes, int walSegments, long walBytes, long ledgerBytes, long diskBytes, long fsyncs,
    long commits, long flushes, long compactions, long stallMillis, Digest digest,
    String readOnlyReason, Options options, long dataBlocksRead, long pointGets, long entriesScanned) {

  /** The newest block's height. */
  public long height() {
    return blocks - 1;
  }

  /** The warning to show when {@code wal_sync_interval > 0}, or null when writes are durable. */
  public String durabilityWarning() {
    return options.durabilityRelaxed() ? durabilityWarning(options.walSyncIntervalMs()) : null;
  }

  /** The warning for a relaxed {@code wal_sync_interval}. */
  public static String durabilityWarning(long walSyncIntervalMs) {
    return "WARNING: wal_sync_interval = " + walSyncIntervalMs + " ms: acknowledged writes of the last "
        + walSyncIntervalMs + " ms can be lost on a crash or power failure (set 0 for durable writes)";
  }
}
