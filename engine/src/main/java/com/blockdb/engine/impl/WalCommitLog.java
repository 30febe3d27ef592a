package com.blockdb.engine.impl;

import com.blockdb.engine.commit.CommitLog;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.wal.Recovery;
import com.blockdb.engine.wal.SegmentedLog;
import com.blockdb.engine.wal.TornTail;
import java.io.IOException;
import java.nio.file.Path;

/** The single-node {@link CommitLog}: the engine's own segmented write-ahead log. */
final class WalCommitLog implements CommitLog {

  /** Receives replayed records; {@code where} names the log for error messages. */
  interface Replay {
    void record(long index, byte[] payload, Path where);
  }

  private final Path dir;
  private final Recovery recovery;
  private SegmentedLog log;

  private WalCommitLog(Path dir, Recovery recovery) {
    this.dir = dir;
    this.recovery = recovery;
  }

  /** Recovers the log directory (truncating a torn tail) without opening it for appends yet. */
  static WalCommitLog open(FileLayer fs, Path dir, long segmentSize) throws IOException {
    return new WalCommitLog(dir, SegmentedLog.open(fs, dir, segmentSize));
  }

  /** The torn tail recovery truncated, as one line for the user, or null. */
  String tornTail() {
    TornTail t = recovery.tornTail();
    return t == null ? null : "recovered the write-ahead log: truncated a torn record at the tail of " + t.file()
        + " at offset " + t.offset() + " (" + t.bytesDropped() + " bytes dropped)";
  }

  /** The torn tail recovery truncated, or null. */
  TornTail tornTailRecord() {
    return recovery.tornTail();
  }

  /**
   * Re-reads records after {@code fromIndexExclusive}, then opens the log for appends. The log
   * must reach {@code flushedIndex} (the SSTables hold records up to it); a log with no segment yet
   * (a new store) starts right after it.
   */
  void replay(long fromIndexExclusive, long flushedIndex, Replay visitor) throws IOException {
    if (recovery.segmentCount() > 0 && recovery.lastIndex() < flushedIndex) {
      throw new com.blockdb.engine.CorruptionException(dir, 0, "the write-ahead log ends at index "
          + recovery.lastIndex() + " but the SSTables hold records up to index " + flushedIndex);
    }
    recovery.forEach(fromIndexExclusive, (index, payload) -> visitor.record(index, payload, dir));
    log = recovery.segmentCount() > 0 ? recovery.openForAppend() : recovery.openForAppend(flushedIndex + 1);
  }

  @Override
  public void append(long index, byte[] record) throws IOException {
    log.append(index, record);
  }

  @Override
  public void flush() throws IOException {
    log.flush();
  }

  @Override
  public void sync() throws IOException {
    log.sync();
  }

  @Override
  public long lastIndex() {
    return log.lastIndex();
  }

  @Override
  public void release(long index) throws IOException {
    log.deleteUpTo(index);
  }

  /** The segments with where their records end now; on the commit thread only. */
  java.util.List<SegmentedLog.Extent> extents() throws IOException {
    return log.extents();
  }

  @Override
  public long sizeBytes() {
    return log.sizeBytes();
  }

  @Override
  public int fileCount() {
    return log.segmentCount();
  }

  @Override
  public void close() throws IOException {
    if (log != null) {
      log.close();
    }
  }
}
