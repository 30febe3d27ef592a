package com.blockdb.engine.wal;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.WritableFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The write-ahead log of a database: records with contiguous indices appended to a directory of
 * segment files, rolled at a size limit and deleted from the front once checkpointed.
 *
 * <p>Segments are preallocated: records overwrite durable zeros laid down before them. Syncing a
 * write that does not grow the file need not update its size in the inode, so each commit's
 * fdatasync is cheaper. Recovery treats zeros after the last record as the clean end of a segment.
 * A new log's first segment gets {@link #PREALLOCATION_CHUNK} of zeros (a single CLI put does not
 * write 64 MiB of them). Once the writer is halfway through a segment's zeros, a
 * {@link SegmentPreparer} fills the next segment's file in the background, twice as large (up to
 * the segment size), and the writer rolls into it when it reaches the end of the zeros, which may be
 * before the segment size: the writer only ever overwrites zeros that are already durable, and a
 * roll costs it a header write, a rename and a directory sync. Should the spare not be ready in time
 * (or the preparation fail), the writer extends the current segment itself, a chunk at a time.
 *
 * <p>Each record carries a durability watermark, the last index synced when it was appended. The
 * pages of an unsynced write may reach the disk out of order, so after power loss a torn record can
 * precede an intact later one; the watermark tells that case (a torn tail: nothing there was
 * acknowledged) from damage to a record that had been synced (corruption).
 *
 * <p>Not thread-safe: one writer thread owns an instance and calls every method. After any I/O error
 * the log refuses further writes (an fsync that failed cannot be retried safely), so the owner must
 * reopen it through {@link #open} and recovery.
 */
public final class SegmentedLog implements Closeable {

  /** Segment size a database uses unless configured otherwise. */
  public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;

  /** Smallest allowed segment size: a header and one empty record. */
  public static final long MIN_SEGMENT_SIZE =
      WalFormat.HEADER_LENGTH + WalFormat.RECORD_HEADER_LENGTH + WalFormat.BODY_PREFIX_LENGTH;

  /** Zeros laid down ahead of the writer at a time. */
  public static final long PREALLOCATION_CHUNK = 4L << 20;

  /**
   * Fills the next segment's file ahead of the writer, or null when segments are small enough to be
   * preallocated whole when they are created.
   */
  private final SegmentPreparer preparer;
  /** Whether the preparer was asked for the successor of the current segment. */
  private boolean spareRequested;

  /** The current segment's file, for preallocation; the writer appends through it. */
  private WritableFile currentWritable;
  /** Where the current segment's durable zeros end. */
  private long preallocatedEnd;

  /** A segment that will receive no more records. */
  private record Sealed(Path file, long firstIndex, long lastIndex, long size) {}

  private final FileLayer fs;
  private final Path dir;
  private final long segmentSize;
  private final ArrayDeque<Sealed> sealed = new ArrayDeque<>();
  private long sealedBytes;

  private Path currentFile;
  private long currentFirstIndex;
  private LogWriter writer;
  private long syncedLength;
  private long lastIndex;
  /**
   * Index of the last record known durable (0 if none), written into every record as its watermark
   * so that recovery can tell a tail torn by a crash from damage at rest (docs/FORMAT.md).
   */
  private long syncedIndex;

  private IOException failure;
  private boolean closed;

  private SegmentedLog(FileLayer fs, Path dir, long segmentSize) {
    this.fs = fs;
    this.dir = dir;
    this.segmentSize = segmentSize;
    this.preparer = segmentSize > WalFormat.HEADER_LENGTH + PREALLOCATION_CHUNK
        ? new SegmentPreparer(fs, dir, PREALLOCATION_CHUNK) : null;
  }

  /**
   * Recovers the log in {@code walDir}: checks every segment, cuts off a torn tail of the last one
   * (durably), and throws {@link com.blockdb.engine.CorruptionException} for any other damage.
   */
  public static Recovery open(FileLayer fs, Path walDir, long segmentSize) throws IOException {
    Objects.requireNonNull(fs, "fs");
    Objects.requireNonNull(walDir, "walDir");
    if (segmentSize < MIN_SEGMENT_SIZE) {
      throw new IllegalArgumentException("segment size " + segmentSize + " is below " + MIN_SEGMENT_SIZE);
    }
    return new Recovery(fs, walDir, segmentSize, SegmentScanner.scan(fs, walDir, true, 0, null));
  }

  /**
   * Reads the log in {@code walDir} without changing it, passing records above
   * {@code fromIndexExclusive} to {@code visitor}; returns the torn tail recovery would cut, or null.
   */
  public static TornTail forEachRecord(FileLayer fs, Path walDir, long fromIndexExclusive, RecordVisitor visitor)
      throws IOException {
    Objects.requireNonNull(visitor, "visitor");
    return SegmentScanner.scan(fs, walDir, false, fromIndexExclusive, visitor).tornTail();
  }

  /** Opens the recovered {@code segments} for appending at {@code nextIndex}, or starts the first segment. */
  static SegmentedLog openAfterRecovery(FileLayer fs, Path dir, long segmentSize,
      List<SegmentScanner.Segment> segments, long nextIndex) throws IOException {
    SegmentedLog log = new SegmentedLog(fs, dir, segmentSize);
    deleteLeftoverSpare(fs, dir);
    if (segments.isEmpty()) {
      boolean dirExisted = fs.exists(dir);
      fs.createDirectories(dir);
      if (!dirExisted && dir.getParent() != null) {
        fs.syncDirectory(dir.getParent()); // the new directory's own entry must survive a crash too
      }
      log.lastIndex = nextIndex - 1;
      log.syncedIndex = 0; // no record of this log is durable yet
      log.startSegment(nextIndex);
      return log;
    }
    for (int i = 0; i < segments.size() - 1; i++) {
      SegmentScanner.Segment s = segments.get(i);
      log.sealed.add(new Sealed(s.file(), s.firstIndex(), s.lastIndex(), s.end()));
      log.sealedBytes += s.end();
    }
    SegmentScanner.Segment last = segments.get(segments.size() - 1);
    log.currentFile = last.file();
    log.currentFirstIndex = last.firstIndex();
    log.lastIndex = last.lastIndex();
    // Appending continues at the end of the last valid record, over any preallocated zeros after it.
    WritableFile file = fs.openAppendAt(last.file(), last.end());
    try {
      log.writer = new LogWriter(file);
      // Recovered bytes may still sit only in the page cache after a process crash; make them
      // durable before anything new is built on them.
      log.writer.sync();
      // Redoes the space a torn-tail repair cut off (or a file layer without openAppendAt gave up).
      log.currentWritable = file;
      log.preallocate(file);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
    log.syncedLength = log.writer.length();
    log.syncedIndex = log.lastIndex; // the sync above made every recovered record durable
    return log;
  }

  /**
   * A spare left by a process that stopped while preparing it, or before it was renamed into a
   * segment: it holds nothing of the log, and a fresh one is prepared when needed.
   */
  private static void deleteLeftoverSpare(FileLayer fs, Path dir) throws IOException {
    Path spare = dir.resolve(SegmentPreparer.SPARE_NAME);
    if (fs.exists(spare)) {
      fs.delete(spare);
    }
  }

  /**
   * Appends a record without syncing it, first rolling to a new segment if this record would push
   * the current one past the segment size, or past its zeros when the next segment's file is ready;
   * {@code index} must be {@link #lastIndex()} + 1.
   */
  public void append(long index, byte[] payload) throws IOException {
    checkWritable();
    Objects.requireNonNull(payload, "payload");
    if (payload.length > WalFormat.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(
          "WAL payload of " + payload.length + " bytes exceeds " + WalFormat.MAX_PAYLOAD_LENGTH);
    }
    if (index != lastIndex + 1) {
      throw new IllegalStateException("next WAL index must be " + (lastIndex + 1) + ", got " + index);
    }
    long recordLength = WalFormat.RECORD_HEADER_LENGTH + WalFormat.BODY_PREFIX_LENGTH + (long) payload.length;
    try {
      // A segment with no record is never rolled, so one oversized record still fits somewhere.
      long end = writer.length() + recordLength;
      if (lastIndex >= currentFirstIndex && (end > segmentSize || end > preallocatedEnd && spareReady())) {
        roll(index);
      }
      writer.append(index, syncedIndex, payload);
    } catch (IOException e) {
      throw fail(e);
    }
    lastIndex = index;
    requestSpareIfHalfway();
  }

  /** Whether a prepared file is waiting to become the next segment. */
  boolean spareReady() {
    return preparer != null && preparer.readySize() > 0;
  }

  /** Whether the next segment's file is being prepared (for tests, which wait for the background). */
  boolean preparingSpare() {
    return preparer != null && preparer.busy();
  }

  /**
   * Once the writer is halfway through the current segment's zeros, asks for the next segment's
   * file: twice the current one's size (so a growing log soon reaches full segments while a small
   * one stays small), at most the segment size. Half a segment of log is the time it has to be ready.
   */
  private void requestSpareIfHalfway() {
    if (preparer == null || spareRequested) {
      return;
    }
    long zeros = preallocatedEnd - WalFormat.HEADER_LENGTH;
    if (writer.length() - WalFormat.HEADER_LENGTH >= zeros / 2) {
      spareRequested = true;
      preparer.request(Math.min(segmentSize, Math.max(WalFormat.HEADER_LENGTH + PREALLOCATION_CHUNK,
          2 * preallocatedEnd)));
    }
  }

  /** Hands appended records to the operating system without forcing them to disk. */
  public void flush() throws IOException {
    checkWritable();
    try {
      preallocateAhead();
      writer.flush();
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /** Makes every appended record durable by syncing the current segment (earlier ones were synced when rolled). */
  public void sync() throws IOException {
    checkWritable();
    if (writer.length() == syncedLength) {
      return;
    }
    try {
      preallocateAhead();
      writer.sync();
    } catch (IOException e) {
      throw fail(e);
    }
    syncedLength = writer.length();
    syncedIndex = lastIndex;
  }

  /** Index of the oldest record still in the log, or {@link #lastIndex()} + 1 if it holds none. */
  public long firstIndex() {
    return sealed.isEmpty() ? currentFirstIndex : sealed.peekFirst().firstIndex();
  }

  /** Index of the newest appended record (durable or not), or {@link #firstIndex()} - 1 if none. */
  public long lastIndex() {
    return lastIndex;
  }

  /**
   * Bytes of log data (segment headers and records) in all segment files, including bytes not yet
   * synced; preallocated zeros after the last record of a segment are not counted, so the files
   * may take up to {@link #segmentCount()} times the segment size on disk.
   */
  public long sizeBytes() {
    return sealedBytes + (writer == null ? 0 : writer.length());
  }

  /** Number of segment files, including the current one. */
  public int segmentCount() {
    return sealed.size() + 1;
  }

  /**
   * A segment file as it stands now: the records {@code firstIndex..lastIndex} (none if
   * {@code lastIndex < firstIndex}) end at byte {@code length}; bytes before it never change.
   */
  public record Extent(Path file, long firstIndex, long lastIndex, long length) {}

  /**
   * Every segment, oldest first, with where its records end now. Records still buffered are handed
   * to the file first, so all bytes up to each length can be read from the file (an online backup
   * copies them while the log grows past them).
   */
  public List<Extent> extents() throws IOException {
    flush();
    List<Extent> out = new java.util.ArrayList<>(sealed.size() + 1);
    for (Sealed s : sealed) {
      out.add(new Extent(s.file(), s.firstIndex(), s.lastIndex(), s.size()));
    }
    out.add(new Extent(currentFile, currentFirstIndex, lastIndex, writer.length()));
    return out;
  }

  /**
   * Deletes, oldest first, every segment all of whose records have an index at most {@code index};
   * the current segment is never deleted.
   */
  public void deleteUpTo(long index) throws IOException {
    checkWritable();
    try {
      while (!sealed.isEmpty() && sealed.peekFirst().lastIndex() <= index) {
        Sealed s = sealed.peekFirst();
        fs.delete(s.file());
        // Synced per file, not once at the end: if a crash let a later deletion survive and undid an
        // earlier one, the log would have an index gap, which recovery must treat as corruption.
        fs.syncDirectory(dir);
        sealed.removeFirst();
        sealedBytes -= s.size();
      }
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /** Syncs (unless an earlier I/O error made the log unwritable) and closes the current segment. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (failure != null) {
        writer.discard(); // never write after an I/O error: what is buffered was not acknowledged
        return;
      }
      try {
        if (writer.length() != syncedLength) {
          writer.sync();
        }
      } finally {
        writer.close();
      }
    } finally {
      if (preparer != null) {
        preparer.close(); // and a spare not used is deleted: a closed log leaves only segments
      }
    }
  }

  /** Remembers an I/O error (the log then refuses writes) and stops the preparer's syncs; returns it. */
  private IOException fail(IOException e) {
    failure = e;
    if (preparer != null) {
      preparer.stop();
    }
    return e;
  }

  private void roll(long nextIndex) throws IOException {
    // The old segment is synced now, once, so that sync() only ever has to sync the current one.
    if (writer.length() != syncedLength) {
      writer.sync();
      syncedLength = writer.length();
      syncedIndex = lastIndex;
    }
    Sealed done = new Sealed(currentFile, currentFirstIndex, lastIndex, writer.length());
    LogWriter old = writer;
    startSegment(nextIndex); // changes no state unless it succeeds
    sealed.addLast(done);
    sealedBytes += done.size();
    old.close();
  }

  /** Creates a segment starting at {@code firstIndex}, with its header and directory entry durable. */
  private void startSegment(long firstIndex) throws IOException {
    Path file = dir.resolve(WalFormat.segmentFileName(firstIndex));
    long spareSize = preparer == null ? 0 : preparer.readySize();
    Path spare = spareSize > 0 ? preparer.take() : null;
    if (spare != null) {
      startFromSpare(firstIndex, file, spare, spareSize);
      return;
    }
    WritableFile f = fs.create(file);
    LogWriter w;
    try {
      w = new LogWriter(f);
      w.writeHeader(firstIndex);
      // Synced before any record so recovery can tell a damaged header from a torn segment creation.
      w.sync();
      // After the header's sync, so zeros never stand where a header should be.
      preallocatedEnd = Math.min(segmentSize, WalFormat.HEADER_LENGTH + PREALLOCATION_CHUNK);
      f.preallocate(preallocatedEnd);
      fs.syncDirectory(dir);
    } catch (IOException | RuntimeException e) {
      f.close();
      throw e;
    }
    writer = w;
    currentWritable = f;
    currentFile = file;
    currentFirstIndex = firstIndex;
    syncedLength = w.length();
    spareRequested = false;
  }

  /**
   * Turns the prepared spare of {@code size} bytes of durable zeros into the segment starting at
   * {@code firstIndex}: the header is written over the first zeros and synced while the file still
   * has the spare's name, so a file named as a segment never begins with zeros; then it is renamed
   * and the directory synced, all before any record is appended to it. The header's sync does not
   * change the file's size, so the roll costs about one cheap fdatasync and one directory sync.
   */
  private void startFromSpare(long firstIndex, Path file, Path spare, long size) throws IOException {
    try (WritableFile f = fs.openAppendAt(spare, 0)) {
      f.append(WalFormat.encodeHeader(firstIndex));
      f.sync();
    }
    fs.rename(spare, file);
    fs.syncDirectory(dir);
    WritableFile f = fs.openAppendAt(file, WalFormat.HEADER_LENGTH);
    try {
      writer = new LogWriter(f);
    } catch (IOException | RuntimeException e) {
      f.close();
      throw e;
    }
    currentWritable = f;
    currentFile = file;
    currentFirstIndex = firstIndex;
    syncedLength = WalFormat.HEADER_LENGTH;
    preallocatedEnd = size;
    spareRequested = false;
  }

  /** Lays down durable zeros from the file's end to a chunk past the writer (at most the segment size). */
  private void preallocate(WritableFile f) throws IOException {
    preallocatedEnd = Math.max(writer == null ? 0 : writer.length(), Math.min(segmentSize,
        (writer == null ? WalFormat.HEADER_LENGTH : writer.length()) + PREALLOCATION_CHUNK));
    f.preallocate(preallocatedEnd);
  }

  /** Before buffered records reach the file: extend the zeros if they would run past them. */
  private void preallocateAhead() throws IOException {
    if (writer.length() > preallocatedEnd && preallocatedEnd < segmentSize) {
      preallocate(currentWritable);
    }
  }

  private void checkWritable() throws IOException {
    if (closed) {
      throw new IllegalStateException("WAL is closed");
    }
    if (failure != null) {
      throw new IOException("WAL refuses writes after an earlier I/O error; reopen to recover", failure);
    }
  }
}
