package com.blockdb.engine.wal;

import static com.blockdb.engine.wal.WalFixtures.payload;
import static com.blockdb.engine.wal.WalFixtures.recordOffsets;
import static com.blockdb.engine.wal.WalFixtures.records;
import static com.blockdb.engine.wal.WalFixtures.segments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending, rolling, reopening and deleting segments, on real files and on the in-memory layer. */
class SegmentedLogTest {

  static final Path WAL = FaultInjectingFileLayer.ROOT.resolve("db").resolve("wal");

  @Test
  void roundTripOverSeveralSegmentsOnRealFiles(@TempDir Path tmp) throws IOException {
    FileLayer fs = FileLayer.real();
    Path wal = tmp.resolve("wal");
    Recovery fresh = SegmentedLog.open(fs, wal, 256);
    assertThat(fresh.segmentCount()).isZero();
    assertThat(fresh.lastIndex()).isZero();
    assertThat(fresh.tornTail()).isNull();
    int segmentCount;
    try (SegmentedLog log = fresh.openForAppend()) {
      for (long i = 1; i <= 100; i++) {
        log.append(i, payload(i, (int) (i % 40), 0));
      }
      log.sync();
      segmentCount = log.segmentCount();
      assertThat(segmentCount).isGreaterThan(5);
      assertThat(log.lastIndex()).isEqualTo(100);
      assertThat(log.sizeBytes()).isEqualTo(dataSize(wal)); // log data, not preallocated space
    }

    Recovery r = SegmentedLog.open(fs, wal, 256);
    assertThat(r.tornTail()).isNull();
    assertThat(r.firstIndex()).isEqualTo(1);
    assertThat(r.lastIndex()).isEqualTo(100);
    assertThat(r.segmentCount()).isEqualTo(segmentCount);
    for (Path p : r.segmentFiles()) {
      assertThat(Files.size(p)).isEqualTo(256); // preallocated
      assertThat(ByteBuffer.wrap(Files.readAllBytes(p)).getLong(12))
          .isEqualTo(WalFormat.parseSegmentFileName(p.getFileName().toString()));
    }
    Map<Long, byte[]> all = records(r);
    assertThat(all.keySet()).containsExactlyElementsOf(range(1, 100));
    all.forEach((i, p) -> assertThat(p).isEqualTo(payload(i, (int) (i % 40), 0)));
    List<Long> tail = new ArrayList<>();
    r.forEach(57, (i, p) -> tail.add(i));
    assertThat(tail).containsExactlyElementsOf(range(58, 100));

    try (SegmentedLog log = r.openForAppend()) {
      for (long i = 101; i <= 120; i++) {
        log.append(i, payload(i, 3, 1));
      }
    } // close syncs
    Recovery again = SegmentedLog.open(fs, wal, 256);
    assertThat(again.lastIndex()).isEqualTo(120);
    Map<Long, byte[]> reread = new TreeMap<>();
    assertThat(SegmentedLog.forEachRecord(fs, wal, 0, reread::put)).isNull();
    assertThat(reread.keySet()).containsExactlyElementsOf(range(1, 120));
    assertThat(reread.get(120L)).isEqualTo(payload(120, 3, 1));
  }

  @Test
  void rollKeepsSegmentsWithinSizeAndNamesThemByFirstIndex() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
    try (SegmentedLog log = SegmentedLog.open(fs, WAL, 100).openForAppend()) {
      for (long i = 1; i <= 30; i++) {
        log.append(i, payload(i, 12, 0)); // 36-byte records: two per 100-byte segment
      }
      assertThat(log.segmentCount()).isEqualTo(15);
    }
    TreeMap<Long, Path> files = segments(fs, WAL);
    long expectedFirst = 1;
    for (var e : files.entrySet()) {
      assertThat(e.getKey()).isEqualTo(expectedFirst);
      assertThat(e.getValue().getFileName().toString()).isEqualTo(String.format("%020d.log", expectedFirst));
      assertThat(fs.readFile(e.getValue())).hasSize(100); // preallocated with zeros
      assertThat(WalFixtures.dataOnly(fs.readFile(e.getValue()))).hasSize(24 + 2 * 36);
      expectedFirst += 2;
    }
  }

  @Test
  void oversizedRecordGetsASegmentOfItsOwn() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
    try (SegmentedLog log = SegmentedLog.open(fs, WAL, 100).openForAppend()) {
      log.append(1, payload(1, 10, 0));
      log.append(2, payload(2, 500, 0));
      log.append(3, payload(3, 10, 0));
      assertThat(log.segmentCount()).isEqualTo(3);
    }
    Recovery r = SegmentedLog.open(fs, WAL, 100);
    assertThat(records(r).get(2L)).isEqualTo(payload(2, 500, 0));
  }

  @Test
  void freshLogStartsAtRequestedIndexAndItsHeaderSurvivesACrash() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(7);
    Recovery r = SegmentedLog.open(fs, WAL, 1024);
    SegmentedLog log = r.openForAppend(1000);
    assertThat(log.lastIndex()).isEqualTo(999);
    assertThat(log.firstIndex()).isEqualTo(1000);
    fs.crash();

    Recovery after = SegmentedLog.open(fs, WAL, 1024);
    assertThat(after.tornTail()).isNull();
    assertThat(after.segmentFiles()).containsExactly(WAL.resolve("00000000000000001000.log"));
    assertThat(after.firstIndex()).isEqualTo(1000);
    assertThat(after.lastIndex()).isEqualTo(999);
    assertThatThrownBy(() -> after.openForAppend(5)).isInstanceOf(IllegalArgumentException.class);
    try (SegmentedLog again = after.openForAppend()) {
      again.append(1000, payload(1000, 1, 0));
    }
    assertThat(SegmentedLog.open(fs, WAL, 1024).lastIndex()).isEqualTo(1000);
  }

  @Test
  void appendDemandsTheNextIndex() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
    Recovery r = SegmentedLog.open(fs, WAL, 1024);
    try (SegmentedLog log = r.openForAppend()) {
      log.append(1, new byte[0]);
      assertThatThrownBy(() -> log.append(3, new byte[0])).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> log.append(1, new byte[0])).isInstanceOf(IllegalStateException.class);
      log.append(2, new byte[0]); // a rejected index leaves the log usable
      assertThat(log.lastIndex()).isEqualTo(2);
    }
    assertThatThrownBy(r::openForAppend).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deleteUpToRemovesOnlyFullyCoveredSegments() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(3);
    SegmentedLog log = SegmentedLog.open(fs, WAL, 100).openForAppend();
    for (long i = 1; i <= 30; i++) {
      log.append(i, payload(i, 12, 0)); // segments start at 1, 3, 5, ..., 29
    }
    assertThat(log.segmentCount()).isEqualTo(15);

    log.deleteUpTo(3); // segment 3..4 still holds index 4
    assertThat(segments(fs, WAL).firstKey()).isEqualTo(3);
    assertThat(log.firstIndex()).isEqualTo(3);
    log.deleteUpTo(4);
    assertThat(segments(fs, WAL).firstKey()).isEqualTo(5);
    assertThat(log.segmentCount()).isEqualTo(13);
    log.flush(); // sizeBytes() counts records still buffered in memory
    assertThat(log.sizeBytes()).isEqualTo(dataSize(fs));

    log.deleteUpTo(1_000); // the current segment is never deleted
    assertThat(segments(fs, WAL).keySet()).containsExactly(29L);
    assertThat(log.segmentCount()).isEqualTo(1);
    assertThat(log.sizeBytes()).isEqualTo(dataSize(fs));
    log.sync();

    fs.crash(); // deletions were made durable
    Recovery r = SegmentedLog.open(fs, WAL, 100);
    assertThat(r.firstIndex()).isEqualTo(29);
    assertThat(records(r).keySet()).containsExactly(29L, 30L);
    try (SegmentedLog again = r.openForAppend()) {
      again.append(31, payload(31, 12, 0));
      assertThat(again.firstIndex()).isEqualTo(29);
    }
  }

  @Test
  void failedSyncMakesTheLogRefuseWrites() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(11);
    SegmentedLog log = SegmentedLog.open(fs, WAL, 1024).openForAppend();
    log.append(1, payload(1, 5, 0));
    log.sync();
    log.append(2, payload(2, 5, 0));
    IOException injected = new IOException("injected fsync failure");
    fs.failSyncAfter(1, injected);
    assertThatThrownBy(log::sync).isSameAs(injected);
    assertThatThrownBy(() -> log.append(3, payload(3, 5, 0))).isInstanceOf(IOException.class).hasCause(injected);
    assertThatThrownBy(log::sync).isInstanceOf(IOException.class).hasCause(injected);
    assertThatThrownBy(() -> log.deleteUpTo(1)).isInstanceOf(IOException.class).hasCause(injected);
    log.close(); // no sync is attempted after the failure

    fs.crash();
    Recovery r = SegmentedLog.open(fs, WAL, 1024);
    assertThat(r.lastIndex()).isBetween(1L, 2L);
    assertThat(records(r).get(1L)).isEqualTo(payload(1, 5, 0));
  }

  @Test
  void failedSyncDuringRollLeavesARecoverableLog() throws IOException {
    for (int n = 1; n <= 3; n++) { // the old segment's sync, the new header's sync, the directory's sync
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(n);
      SegmentedLog log = SegmentedLog.open(fs, WAL, 100).openForAppend();
      log.append(1, payload(1, 12, 0)); // 24 + 36 bytes
      log.sync();
      log.append(2, payload(2, 12, 0)); // 96 bytes, not yet durable
      fs.failSyncAfter(n, new IOException("injected"));
      assertThatThrownBy(() -> log.append(3, payload(3, 12, 0))).isInstanceOf(IOException.class);
      assertThat(log.lastIndex()).isEqualTo(2);
      fs.crash();
      Recovery r = SegmentedLog.open(fs, WAL, 100);
      // Once the old segment's sync succeeded, record 2 is durable even though the roll failed.
      assertThat(r.lastIndex()).as("sync %d failed", n).isBetween(n == 1 ? 1L : 2L, 2L);
      assertThat(r.segmentCount()).isEqualTo(1);
      assertThat(records(r).keySet()).containsExactlyElementsOf(range(1, r.lastIndex()));
      try (SegmentedLog again = r.openForAppend()) {
        again.append(r.lastIndex() + 1, payload(9, 12, 0));
      }
    }
  }

  @Test
  void fullDiskFailsTheAppendAndPoisonsTheLog() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(5);
    // 300-byte segments are preallocated whole; the disk has room for this one and no other.
    SegmentedLog log = SegmentedLog.open(fs, WAL, 300).openForAppend();
    fs.failWritesWhenBytesExceed(400);
    log.append(1, payload(1, 100, 0));
    log.append(2, payload(2, 100, 0));
    log.sync();
    // The third record needs a new segment, whose preallocation meets the full disk.
    assertThatThrownBy(() -> log.append(3, payload(3, 100, 0))).hasMessageContaining("No space");
    assertThatThrownBy(() -> log.append(3, payload(3, 1, 0))).isInstanceOf(IOException.class);
    assertThatThrownBy(log::sync).isInstanceOf(IOException.class);
    assertThat(log.lastIndex()).isEqualTo(2);
  }

  @Test
  void zerosAreLaidDownAheadOfTheWriterOnRealFiles(@TempDir Path tmp) throws IOException {
    FileLayer fs = FileLayer.real();
    Path wal = tmp.resolve("wal");
    long segment = 3 * SegmentedLog.PREALLOCATION_CHUNK;
    SegmentedLog log = SegmentedLog.open(fs, wal, segment).openForAppend();
    Path file = wal.resolve(WalFormat.segmentFileName(1));
    assertThat(Files.size(file)).as("a new segment gets one chunk, not the whole segment")
        .isEqualTo(WalFormat.HEADER_LENGTH + SegmentedLog.PREALLOCATION_CHUNK);
    long index = 0;
    while (log.sizeBytes() < SegmentedLog.PREALLOCATION_CHUNK * 3 / 2) {
      for (int i = 0; i < 50; i++) {
        log.append(++index, payload(index, 1000, 0));
      }
      log.sync();
      // Whether the writer extended its segment or rolled into a prepared one depends on timing.
      for (Path p : segments(fs, wal).values()) {
        long size = Files.size(p);
        assertThat(size).as("the zeros of %s stay ahead of its records", p)
            .isGreaterThanOrEqualTo(WalFixtures.dataOnly(Files.readAllBytes(p)).length);
        assertThat(size).isLessThanOrEqualTo(segment);
      }
    }
    log.close();
    assertThat(fs.list(wal)).as("only segments are left").allMatch(n -> WalFormat.parseSegmentFileName(n) > 0);
    Recovery r = SegmentedLog.open(fs, wal, segment);
    assertThat(r.tornTail()).as("zeros after the last record are a clean end").isNull();
    assertThat(records(r)).hasSize((int) index);
    try (SegmentedLog again = r.openForAppend()) {
      again.append(index + 1, payload(index + 1, 10, 0));
      again.sync();
    }
    assertThat(records(SegmentedLog.open(fs, wal, segment))).hasSize((int) index + 1);
  }

  @Test
  void unknownFormatVersionIsUnsupportedNotCorrupt() throws IOException {
    for (int version : new int[] {1, 3}) { // 1: the layout before watermarks
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
      ByteBuffer h = ByteBuffer.allocate(WalFormat.HEADER_LENGTH);
      h.putLong(WalFormat.MAGIC).putInt(version).putLong(1);
      h.putInt(com.blockdb.engine.util.Checksums.crc32c(h.array(), 0, 20));
      fs.createDirectories(WAL);
      fs.putFile(WAL.resolve(WalFormat.segmentFileName(1)), h.array());
      assertThatThrownBy(() -> SegmentedLog.open(fs, WAL, 1024))
          .isInstanceOfSatisfying(BlockDbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT));
    }
  }

  @Test
  void foreignFilesInTheDirectoryAreIgnored() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
    try (SegmentedLog log = SegmentedLog.open(fs, WAL, 1024).openForAppend()) {
      log.append(1, payload(1, 1, 0));
    }
    fs.putFile(WAL.resolve("README"), new byte[] {1, 2, 3});
    fs.putFile(WAL.resolve("00000000000000000001.log.tmp"), new byte[] {1, 2, 3});
    assertThat(SegmentedLog.open(fs, WAL, 1024).lastIndex()).isEqualTo(1);
  }

  @Test
  void segmentFileNamesRoundTrip() {
    assertThat(WalFormat.segmentFileName(42)).isEqualTo("00000000000000000042.log");
    assertThat(WalFormat.parseSegmentFileName("00000000000000000042.log")).isEqualTo(42);
    assertThat(WalFormat.parseSegmentFileName(WalFormat.segmentFileName(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(WalFormat.parseSegmentFileName("99999999999999999999.log")).isEqualTo(-1);
    assertThat(WalFormat.parseSegmentFileName("00000000000000000000.log")).isEqualTo(-1);
    assertThat(WalFormat.parseSegmentFileName("0000000000000000042.log")).isEqualTo(-1);
    assertThat(WalFormat.parseSegmentFileName("0000000000000000004x.log")).isEqualTo(-1);
  }

  @Test
  void encodedRecordMatchesTheDocumentedLayout() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
    Path file = FaultInjectingFileLayer.ROOT.resolve("one.log");
    try (LogWriter w = new LogWriter(fs.create(file))) {
      w.writeHeader(7);
      w.append(7, 6, new byte[] {(byte) 0xAB, (byte) 0xCD}); // records up to 6 were durable
      assertThat(w.length()).isEqualTo(24 + 8 + 18);
    }
    ByteBuffer b = ByteBuffer.wrap(fs.readFile(file));
    assertThat(b.getLong(0)).isEqualTo(0x424C4B444257414CL); // "BLKDBWAL"
    assertThat(b.getInt(8)).isEqualTo(2);
    assertThat(b.getLong(12)).isEqualTo(7);
    assertThat(b.getInt(20)).isEqualTo(com.blockdb.engine.util.Checksums.crc32c(b.array(), 0, 20));
    assertThat(b.getInt(24)).isEqualTo(18);
    assertThat(b.getInt(28)).isEqualTo(com.blockdb.engine.util.Checksums.crc32c(b.array(), 32, 18));
    assertThat(b.getLong(32)).isEqualTo(7);
    assertThat(b.getLong(40)).isEqualTo(6);
    assertThat(b.get(48)).isEqualTo((byte) 0xAB);
    assertThat(recordOffsets(b.array())).containsExactly(24);
    // The worked example of docs/FORMAT.md ("Write-ahead log"), byte for byte.
    assertThat(com.blockdb.engine.util.Bytes.hex(b.array())).isEqualTo(
        "424c4b444257414c" + "00000002" + "0000000000000007" + "a4ca1cc8"
            + "00000012" + "a3eb7faa" + "0000000000000007" + "0000000000000006" + "abcd");
  }

  @Test
  void watermarkIsTheLastSyncedIndexWhenEachRecordWasAppended() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
    try (SegmentedLog log = SegmentedLog.open(fs, WAL, 100).openForAppend()) {
      log.append(1, payload(1, 12, 0)); // watermark 0: nothing synced yet
      log.append(2, payload(2, 12, 0)); // 0
      log.sync();
      log.append(3, payload(3, 12, 0)); // 2 (rolls: the first segment was already synced)
      log.append(4, payload(4, 12, 0)); // 2
      log.append(5, payload(5, 12, 0)); // roll syncs 3..4 first: 4
      log.flush();
    }
    assertThat(watermarks(fs)).containsExactly(0L, 0L, 2L, 2L, 4L);
    Recovery r = SegmentedLog.open(fs, WAL, 100);
    try (SegmentedLog log = r.openForAppend()) {
      log.append(6, payload(6, 12, 0)); // reopening synced the recovered records: 5
    }
    assertThat(watermarks(fs)).containsExactly(0L, 0L, 2L, 2L, 4L, 5L);
  }

  /** The watermark of every record in the log, in index order. */
  private static List<Long> watermarks(FaultInjectingFileLayer fs) throws IOException {
    List<Long> out = new ArrayList<>();
    for (Path p : segments(fs, WAL).values()) {
      byte[] seg = fs.readFile(p);
      for (int off : recordOffsets(WalFixtures.dataOnly(seg))) {
        out.add(ByteBuffer.wrap(seg).getLong(off + 8 + WalFormat.INDEX_LENGTH));
      }
    }
    return out;
  }

  static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  /** Bytes of log data (headers and records, not the preallocated zeros) in the segments of {@code dir}. */
  private static long dataSize(Path dir) throws IOException {
    long total = 0;
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        total += WalFixtures.dataOnly(Files.readAllBytes(p)).length;
      }
    }
    return total;
  }

  private static long dataSize(FaultInjectingFileLayer fs) throws IOException {
    long total = 0;
    for (Path p : segments(fs, WAL).values()) {
      total += WalFixtures.dataOnly(fs.readFile(p)).length;
    }
    return total;
  }

  @Test
  void preallocatedSegmentsRoundTripAcrossRollsReopensAndCrashes() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(17);
    long expected = 0;
    for (int round = 0; round < 3; round++) {
      Recovery r = SegmentedLog.open(fs, WAL, 300);
      assertThat(r.tornTail()).as("a preallocated tail is a clean end").isNull();
      assertThat(r.lastIndex()).isEqualTo(expected);
      try (SegmentedLog log = r.openForAppend()) {
        for (int i = 0; i < 17; i++) {
          expected++;
          log.append(expected, payload(expected, (int) (expected % 30), round));
        }
        log.sync();
        assertThat(log.sizeBytes()).isEqualTo(dataSize(fs));
      }
      for (Path p : segments(fs, WAL).values()) {
        assertThat(fs.readFile(p)).as("%s is preallocated", p).hasSize(300);
      }
      fs.crash(); // all synced: nothing may be lost, and no tail may look torn
    }
    Map<Long, byte[]> all = records(SegmentedLog.open(fs, WAL, 300));
    assertThat(all.keySet()).containsExactlyElementsOf(range(1, expected));
    assertThat(all.get(expected)).isEqualTo(payload(expected, (int) (expected % 30), 2));
  }
}
