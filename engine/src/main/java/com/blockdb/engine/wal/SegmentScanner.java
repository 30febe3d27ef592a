package com.blockdb.engine.wal;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.util.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Walks the segments of a WAL directory, applying the recovery rules of docs/FORMAT.md ("Write-ahead log"). */
final class SegmentScanner {

  /**
   * A checked segment: its records are {@code firstIndex..lastIndex} and end at {@code end}, the
   * logical end where appending continues; the file may go on past it with preallocated zeros, or,
   * if {@code tornBytes > 0}, with a torn tail of that many bytes before the zeros.
   */
  record Segment(Path file, long firstIndex, long lastIndex, long end, long tornBytes) {}

  /** The good segments in index order, and the torn tail that was (or would be) removed. */
  record Result(List<Segment> segments, TornTail tornTail) {}

  /** Scan step for the byte-by-byte search; headers are re-read through this window. */
  private static final int SEARCH_WINDOW = 64 * 1024;

  /** Read size of the scan for where the trailing zeros (preallocated space) of a segment begin. */
  private static final int ZERO_SCAN_WINDOW = 1 << 20;

  private SegmentScanner() {}

  /**
   * Checks every segment of {@code dir}, passing records with index above {@code fromExclusive} to
   * {@code visitor} (if not null); with {@code repair} a torn tail is cut off on disk, without it the
   * files are left as they are and the tail is only reported.
   */
  static Result scan(FileLayer fs, Path dir, boolean repair, long fromExclusive, RecordVisitor visitor)
      throws IOException {
    TreeMap<Long, Path> files = segmentFiles(fs, dir);
    List<Segment> good = new ArrayList<>();
    TornTail torn = null;
    int n = 0;
    for (var e : files.entrySet()) {
      boolean last = ++n == files.size();
      Path file = e.getValue();
      long previousLast = good.isEmpty() ? -1 : good.get(good.size() - 1).lastIndex();
      Segment segment;
      long length;
      try (ReadableFile rf = fs.openRead(file)) {
        length = rf.length();
        segment = checkSegment(rf, file, e.getKey(), last, length, previousLast, fromExclusive, visitor);
      }
      // Repairs happen after the file is closed: some platforms cannot truncate or delete open files.
      if (segment == null) {
        torn = new TornTail(file, 0, length);
        if (repair) {
          fs.delete(file);
          fs.syncDirectory(dir);
        }
        break;
      }
      if (segment.tornBytes() > 0) {
        torn = new TornTail(file, segment.end(), segment.tornBytes());
        if (repair) {
          // Cut at the logical end; reopening for append preallocates the segment again.
          fs.truncate(file, segment.end());
        }
      }
      good.add(segment);
    }
    return new Result(List.copyOf(good), torn);
  }

  /**
   * Checks one segment and returns its good part (ending before a torn tail), or null if the whole
   * file is a torn segment creation; throws for anything that is not a torn tail.
   */
  private static Segment checkSegment(ReadableFile rf, Path file, long nameIndex, boolean last, long length,
      long previousLast, long fromExclusive, RecordVisitor visitor) throws IOException {
    String headerDamage = headerDamage(rf, length);
    if (headerDamage != null) {
      if (!last) {
        throw new CorruptionException(file, 0, "segment header damaged (" + headerDamage + ") in a segment that is not the last");
      }
      // The header is synced before any record is appended, so a header that is short, zeroed or
      // fails its CRC can only be a crash during segment creation, unless records follow it.
      if (validRecordAfter(rf, 0, length, -1, zerosStart(rf, 0, length), 0)) {
        throw new CorruptionException(file, 0, "segment header damaged (" + headerDamage + ") but followed by valid records");
      }
      return null;
    }
    long firstIndex = checkHeader(rf, file, nameIndex);
    if (previousLast >= 0 && firstIndex != previousLast + 1) {
      throw new CorruptionException(file, 12, "index gap between segments: previous segment ends at "
          + previousLast + " but this one starts at " + firstIndex);
    }
    LogReader reader = new LogReader(rf, WalFormat.HEADER_LENGTH, length, firstIndex, visitor != null);
    long lastIndex = firstIndex - 1;
    while (reader.next()) {
      lastIndex = reader.index();
      if (visitor != null && lastIndex > fromExclusive) {
        visitor.accept(lastIndex, reader.payload());
      }
    }
    if (reader.damage() == null) {
      return new Segment(file, firstIndex, lastIndex, length, 0);
    }
    long x = reader.damageOffset();
    long zeros = zerosStart(rf, x, length);
    if (zeros == x) {
      // Only zeros after the last record: preallocated space, the clean end of any segment.
      return new Segment(file, firstIndex, lastIndex, x, 0);
    }
    if (!last) {
      throw new CorruptionException(file, x, reader.damage() + " in a segment that is not the last");
    }
    // The damaged record should have had index k. A valid record after it whose watermark is at
    // least k was appended after a sync that covered record k, so record k had been durable and was
    // damaged at rest. Records with a lower watermark were written in the same unsynced window as
    // record k; writeback may have put them on disk before it, and none of them was acknowledged.
    long k = lastIndex + 1;
    if (validRecordAfter(rf, x, length, reader.declaredLength(), zeros, k)) {
      throw new CorruptionException(file, x, "damaged record (" + reader.damage()
          + ") followed by a valid record appended after record " + k + " was synced");
    }
    return new Segment(file, firstIndex, lastIndex, x, zeros - x);
  }

  /**
   * Where the run of zero bytes that ends the file begins, searching from {@code from}: {@code from}
   * if everything from there on is zero, {@code length} if the last byte is not zero.
   */
  static long zerosStart(ReadableFile rf, long from, long length) throws IOException {
    long start = from;
    for (long p = from; p < length; ) {
      int n = (int) Math.min(ZERO_SCAN_WINDOW, length - p);
      ByteBuffer b = rf.readFully(p, n);
      for (int i = n - 1; i >= 0; i--) {
        if (b.get(i) != 0) {
          start = p + i + 1;
          break;
        }
      }
      p += n;
    }
    return start;
  }

  /**
   * Re-reads {@code segments} (as returned by {@link #scan}) up to their checked ends, passing records
   * above {@code fromExclusive} to {@code visitor}; any difference from the scan is corruption.
   */
  static void replay(FileLayer fs, List<Segment> segments, long fromExclusive, RecordVisitor visitor)
      throws IOException {
    for (Segment s : segments) {
      if (s.lastIndex() <= fromExclusive) {
        continue; // nothing wanted here, so the file is not even opened
      }
      try (ReadableFile rf = fs.openRead(s.file())) {
        long end = Math.min(s.end(), rf.length());
        LogReader reader = new LogReader(rf, WalFormat.HEADER_LENGTH, end, s.firstIndex(), true);
        long lastIndex = s.firstIndex() - 1;
        while (reader.next()) {
          lastIndex = reader.index();
          if (lastIndex > fromExclusive) {
            visitor.accept(lastIndex, reader.payload());
          }
        }
        if (reader.damage() != null) {
          throw new CorruptionException(s.file(), reader.damageOffset(), reader.damage() + " (segment changed since recovery)");
        }
        if (lastIndex != s.lastIndex()) {
          throw new CorruptionException(s.file(), end, "segment ends at index " + lastIndex
              + " but recovery found records up to " + s.lastIndex());
        }
      }
    }
  }

  /** Segment files of {@code dir} by first index; other files are not the WAL's and are ignored. */
  static TreeMap<Long, Path> segmentFiles(FileLayer fs, Path dir) throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    if (!fs.exists(dir)) {
      return files;
    }
    for (String name : fs.list(dir)) {
      long first = WalFormat.parseSegmentFileName(name);
      if (first > 0) {
        files.put(first, dir.resolve(name));
      }
    }
    return files;
  }

  /** Why the header looks like an interrupted write (short, zeroed, bad CRC), or null if it does not. */
  private static String headerDamage(ReadableFile rf, long length) throws IOException {
    if (length < WalFormat.HEADER_LENGTH) {
      return "only " + length + " bytes";
    }
    ByteBuffer h = rf.readFully(0, WalFormat.HEADER_LENGTH);
    boolean zero = true;
    for (int i = 0; i < WalFormat.HEADER_LENGTH; i++) {
      zero &= h.get(i) == 0;
    }
    if (zero) {
      return "all zero";
    }
    if (Checksums.crc32c(h.duplicate().limit(WalFormat.HEADER_LENGTH - 4)) != h.getInt(WalFormat.HEADER_LENGTH - 4)) {
      return "header checksum mismatch";
    }
    return null;
  }

  /** Checks a header whose CRC matched and returns its first index; anything wrong here is not torn. */
  private static long checkHeader(ReadableFile rf, Path file, long nameIndex) throws IOException {
    ByteBuffer h = rf.readFully(0, WalFormat.HEADER_LENGTH);
    long magic = h.getLong(0);
    int version = h.getInt(8);
    long firstIndex = h.getLong(12);
    if (magic != WalFormat.MAGIC) {
      throw new CorruptionException(file, 0, "not a WAL segment: bad magic 0x" + Long.toHexString(magic));
    }
    if (version != WalFormat.VERSION) {
      throw new BlockDbException(ErrorCode.UNSUPPORTED_FORMAT,
          "WAL segment " + file + " has format version " + Integer.toUnsignedString(version)
              + "; this build reads version " + WalFormat.VERSION);
    }
    if (firstIndex != nameIndex) {
      throw new CorruptionException(file, 12, "header says first index " + Long.toUnsignedString(firstIndex)
          + " but the file name says " + nameIndex);
    }
    return firstIndex;
  }

  /**
   * Whether any complete record with a matching CRC and a watermark of at least {@code minWatermark}
   * (unsigned; 0 accepts any record) starts after offset {@code x}: first where the damaged record's
   * own length points (if it declared a sane one), then at every byte position before
   * {@code searchEnd}, where the file's trailing zeros begin (no record starts in them: its length
   * field would be 0), though a record found may extend into them.
   */
  static boolean validRecordAfter(ReadableFile rf, long x, long length, int declaredBodyLength, long searchEnd,
      long minWatermark) throws IOException {
    if (declaredBodyLength >= WalFormat.BODY_PREFIX_LENGTH) {
      long next = x + WalFormat.RECORD_HEADER_LENGTH + declaredBodyLength;
      if (next < length && validRecordAt(rf, next, length, minWatermark)) {
        return true;
      }
    }
    int minRecord = WalFormat.RECORD_HEADER_LENGTH + WalFormat.BODY_PREFIX_LENGTH;
    ByteBuffer window = ByteBuffer.allocate(0);
    long windowStart = x + 1;
    for (long p = x + 1; p < searchEnd && p + minRecord <= length; p++) {
      if (p + WalFormat.RECORD_HEADER_LENGTH > windowStart + window.limit()) {
        windowStart = p;
        window = rf.readFully(p, (int) Math.min(SEARCH_WINDOW, length - p));
      }
      int off = (int) (p - windowStart);
      long bodyLength = Integer.toUnsignedLong(window.getInt(off));
      // Most positions fail this cheap test, so the CRC is computed for few of them.
      if (bodyLength < WalFormat.BODY_PREFIX_LENGTH || bodyLength > WalFormat.MAX_BODY_LENGTH
          || bodyLength > length - p - WalFormat.RECORD_HEADER_LENGTH) {
        continue;
      }
      int storedCrc = window.getInt(off + 4);
      ByteBuffer body;
      if (off + WalFormat.RECORD_HEADER_LENGTH + bodyLength <= window.limit()) {
        int from = off + WalFormat.RECORD_HEADER_LENGTH;
        body = window.duplicate().position(from).limit(from + (int) bodyLength);
      } else {
        body = rf.readFully(p + WalFormat.RECORD_HEADER_LENGTH, (int) bodyLength);
      }
      if (Checksums.crc32c(body.duplicate()) == storedCrc && watermarkAtLeast(body, minWatermark)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the watermark of the record body in {@code body} (position..limit) is at least {@code min}, unsigned. */
  private static boolean watermarkAtLeast(ByteBuffer body, long min) {
    long watermark = body.getLong(body.position() + WalFormat.INDEX_LENGTH);
    return Long.compareUnsigned(watermark, min) >= 0;
  }

  private static boolean validRecordAt(ReadableFile rf, long p, long length, long minWatermark) throws IOException {
    if (p + WalFormat.RECORD_HEADER_LENGTH + WalFormat.BODY_PREFIX_LENGTH > length) {
      return false;
    }
    ByteBuffer head = rf.readFully(p, WalFormat.RECORD_HEADER_LENGTH);
    long bodyLength = Integer.toUnsignedLong(head.getInt(0));
    if (bodyLength < WalFormat.BODY_PREFIX_LENGTH || bodyLength > WalFormat.MAX_BODY_LENGTH
        || bodyLength > length - p - WalFormat.RECORD_HEADER_LENGTH) {
      return false;
    }
    ByteBuffer body = rf.readFully(p + WalFormat.RECORD_HEADER_LENGTH, (int) bodyLength);
    return Checksums.crc32c(body.duplicate()) == head.getInt(4) && watermarkAtLeast(body, minWatermark);
  }
}
