package com.blockdb.engine.wal;

import com.blockdb.engine.io.FileLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SegmentedLog#open} found on disk: the recovered index range, the torn tail it cut off,
 * a way to replay the records, and the log opened for appending.
 */
public final class Recovery {

  private final FileLayer fs;
  private final Path dir;
  private final long segmentSize;
  private final List<SegmentScanner.Segment> segments;
  private final TornTail tornTail;
  private boolean opened;

  Recovery(FileLayer fs, Path dir, long segmentSize, SegmentScanner.Result scan) {
    this.fs = fs;
    this.dir = dir;
    this.segmentSize = segmentSize;
    this.segments = scan.segments();
    this.tornTail = scan.tornTail();
  }

  /** The incomplete bytes removed from the end of the log, or null if it ended cleanly. */
  public TornTail tornTail() {
    return tornTail;
  }

  /** Index of the oldest record kept, or {@link #lastIndex()} + 1 when the log holds no record. */
  public long firstIndex() {
    return segments.isEmpty() ? 1 : segments.get(0).firstIndex();
  }

  /** Index of the newest recovered record, or {@link #firstIndex()} - 1 (0 for no segments) if none. */
  public long lastIndex() {
    return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastIndex();
  }

  /** Number of segment files kept. */
  public int segmentCount() {
    return segments.size();
  }

  /** The segment files kept, oldest first. */
  public List<Path> segmentFiles() {
    List<Path> files = new ArrayList<>(segments.size());
    segments.forEach(s -> files.add(s.file()));
    return files;
  }

  /**
   * Re-reads the recovered records with index above {@code fromIndexExclusive} from disk, in order;
   * records are not held in memory, so it may be called repeatedly, but not after
   * {@link SegmentedLog#deleteUpTo} removed the segments it needs.
   */
  public void forEach(long fromIndexExclusive, RecordVisitor visitor) throws IOException {
    SegmentScanner.replay(fs, segments, fromIndexExclusive, visitor);
  }

  /** Opens the log for appending at {@link #lastIndex()} + 1, creating a first segment at index 1 if none exists. */
  public SegmentedLog openForAppend() throws IOException {
    return openForAppend(lastIndex() + 1);
  }

  /**
   * Opens the log for appending at {@code nextIndex}, which must be {@link #lastIndex()} + 1 unless the
   * directory holds no segment yet, in which case the first segment starts at {@code nextIndex}.
   */
  public SegmentedLog openForAppend(long nextIndex) throws IOException {
    if (opened) {
      throw new IllegalStateException("this recovery was already opened for append");
    }
    if (nextIndex < 1) {
      throw new IllegalArgumentException("log indices start at 1: " + nextIndex);
    }
    if (!segments.isEmpty() && nextIndex != lastIndex() + 1) {
      throw new IllegalArgumentException("log ends at index " + lastIndex() + "; cannot continue at " + nextIndex);
    }
    opened = true;
    return SegmentedLog.openAfterRecovery(fs, dir, segmentSize, segments, nextIndex);
  }
}
