package com.blockdb.engine.wal;

import static com.blockdb.engine.wal.SegmentedLogTest.WAL;
import static com.blockdb.engine.wal.SegmentedLogTest.range;
import static com.blockdb.engine.wal.WalFixtures.payload;
import static com.blockdb.engine.wal.WalFixtures.recordOffsets;
import static com.blockdb.engine.wal.WalFixtures.records;
import static com.blockdb.engine.wal.WalFixtures.segments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recovery: torn tails are cut and reported, every other kind of damage is a CorruptionException. */
class SegmentedLogRecoveryTest {

  static final long SEGMENT_SIZE = 200;
  static final int RECORDS = 20;

  /**
   * A cleanly closed log of several segments whose last segment holds several records, each record
   * synced before the next was appended (so each carries the previous index as its watermark, and
   * damage to any but the last record of the segment is damage at rest).
   */
  static TreeMap<Path, byte[]> reference;
  static Path lastSegment;
  static Path middleSegment;

  @BeforeAll
  static void writeReference() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(0);
    try (SegmentedLog log = SegmentedLog.open(fs, WAL, SEGMENT_SIZE).openForAppend()) {
      for (long i = 1; i <= RECORDS; i++) {
        log.append(i, payload(i, 10 + (int) (i % 5), 0));
        log.sync();
      }
    }
    reference = new TreeMap<>();
    for (Path p : segments(fs, WAL).values()) {
      // Without the preallocated zeros, so the tests below control what follows the last record.
      reference.put(p, WalFixtures.dataOnly(fs.readFile(p)));
    }
    lastSegment = reference.lastKey();
    middleSegment = new ArrayList<>(reference.keySet()).get(1);
    assertThat(reference).hasSizeGreaterThanOrEqualTo(3);
    assertThat(recordOffsets(reference.get(lastSegment))).hasSizeGreaterThanOrEqualTo(2);
  }

  /** A file system holding the reference log. */
  static FaultInjectingFileLayer copy() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(0);
    fs.createDirectories(WAL);
    for (var e : reference.entrySet()) {
      fs.putFile(e.getKey(), e.getValue());
    }
    return fs;
  }

  @Test
  void tornTailAtEveryCutPointOfTheLastRecordIsTruncatedAndReported() throws IOException {
    byte[] last = reference.get(lastSegment);
    List<Integer> offsets = recordOffsets(last);
    int lastStart = offsets.get(offsets.size() - 1);
    int recordsInLast = offsets.size();
    for (int cut = lastStart; cut < last.length; cut++) {
      FaultInjectingFileLayer fs = copy();
      fs.putFile(lastSegment, Arrays.copyOf(last, cut));

      Recovery r = SegmentedLog.open(fs, WAL, SEGMENT_SIZE);
      int nonZeroEnd = cut;
      while (nonZeroEnd > lastStart && last[nonZeroEnd - 1] == 0) {
        nonZeroEnd--;
      }
      if (nonZeroEnd == lastStart) {
        // Ends at a record boundary, or only zeros follow it (a cut inside the record's zero bytes
        // is indistinguishable from preallocated space): a clean end, not cut off.
        assertThat(r.tornTail()).as("cut at %d", cut).isNull();
        assertThat(fs.readFile(lastSegment)).hasSize(cut);
      } else {
        // The bytes dropped end where the trailing zeros begin.
        assertThat(r.tornTail()).as("cut at %d", cut).isEqualTo(new TornTail(lastSegment, lastStart, nonZeroEnd - lastStart));
        assertThat(fs.readFile(lastSegment)).hasSize(lastStart);
      }
      assertThat(r.lastIndex()).isEqualTo(RECORDS - 1);
      assertThat(recordOffsets(Arrays.copyOf(fs.readFile(lastSegment), lastStart))).hasSize(recordsInLast - 1);

      try (SegmentedLog log = r.openForAppend()) {
        log.append(RECORDS, payload(RECORDS, 3, cut));
      }
      Recovery again = SegmentedLog.open(fs, WAL, SEGMENT_SIZE);
      assertThat(again.tornTail()).isNull();
      Map<Long, byte[]> all = records(again);
      assertThat(all.keySet()).containsExactlyElementsOf(range(1, RECORDS));
      assertThat(all.get((long) RECORDS)).isEqualTo(payload(RECORDS, 3, cut));
    }
  }

  @Test
  void damagedLastRecordWithNothingAfterItIsATornTail() throws IOException {
    byte[] last = reference.get(lastSegment);
    List<Integer> offsets = recordOffsets(last);
    int lastStart = offsets.get(offsets.size() - 1);
    for (int at = lastStart; at < last.length; at++) {
      FaultInjectingFileLayer fs = copy();
      fs.flipBit(lastSegment, at, at % 8);
      Recovery r = SegmentedLog.open(fs, WAL, SEGMENT_SIZE);
      assertThat(r.tornTail()).as("bit flipped at %d", at)
          .isEqualTo(new TornTail(lastSegment, lastStart, last.length - lastStart));
      assertThat(r.lastIndex()).isEqualTo(RECORDS - 1);
    }
  }

  @Test
  void zerosAfterTheLastRecordAreACleanEndAndAreKept() throws IOException {
    byte[] last = reference.get(lastSegment);
    for (int zeros : new int[] {1, 7, 8, 100}) {
      FaultInjectingFileLayer fs = copy();
      fs.putFile(lastSegment, Arrays.copyOf(last, last.length + zeros));
      Recovery r = SegmentedLog.open(fs, WAL, SEGMENT_SIZE);
      assertThat(r.tornTail()).isNull(); // preallocated space
      assertThat(r.lastIndex()).isEqualTo(RECORDS);
      assertThat(fs.readFile(lastSegment)).hasSize(last.length + zeros);
      assertThat(SegmentedLog.forEachRecord(fs, WAL, 0, (i, p) -> { })).isNull();
    }
  }

  @Test
  void tornRecordFollowedByZerosIsReportedUpToTheZerosAndAppendingContinues() throws IOException {
    byte[] last = reference.get(lastSegment);
    byte[] torn = Arrays.copyOf(last, (int) SEGMENT_SIZE + 40); // preallocated past the segment size
    byte[] partial = {0, 0, 0, 20, 1, 2, 3, 4, 5}; // a record header and a bit of body, then zeros
    System.arraycopy(partial, 0, torn, last.length, partial.length);
    FaultInjectingFileLayer fs = copy();
    fs.putFile(lastSegment, torn);

    assertThat(SegmentedLog.forEachRecord(fs, WAL, 0, (i, p) -> { }))
        .isEqualTo(new TornTail(lastSegment, last.length, partial.length));
    assertThat(fs.readFile(lastSegment)).isEqualTo(torn); // the read-only walk changes nothing

    Recovery r = SegmentedLog.open(fs, WAL, SEGMENT_SIZE);
    assertThat(r.tornTail()).isEqualTo(new TornTail(lastSegment, last.length, partial.length));
    assertThat(r.lastIndex()).isEqualTo(RECORDS);
    try (SegmentedLog log = r.openForAppend()) {
      log.append(RECORDS + 1, payload(RECORDS + 1, 4, 7));
    }
    byte[] after = fs.readFile(lastSegment);
    assertThat(after).hasSize((int) SEGMENT_SIZE); // preallocated again after the cut
    assertThat(WalFixtures.dataOnly(after)).hasSize(last.length + 8 + 16 + 4);
    fs.crash(); // everything above was durable
    Recovery again = SegmentedLog.open(fs, WAL, SEGMENT_SIZE);
    assertThat(again.tornTail()).isNull();
    Map<Long, byte[]> all = records(again);
    assertThat(all.keySet()).containsExactlyElementsOf(range(1, RECORDS + 1));
    assertThat(all.get(RECORDS + 1L)).isEqualTo(payload(RECORDS + 1, 4, 7));
  }

  @Test
  void tornHeaderOfTheLastSegmentDropsTheFile() throws IOException {
    Path next = WAL.resolve(WalFormat.segmentFileName(RECORDS + 1));
    byte[] header = WalFormat.encodeHeader(RECORDS + 1).array();
    for (int cut = 0; cut <= WalFormat.HEADER_LENGTH; cut++) {
      FaultInjectingFileLayer fs = copy();
      byte[] content = Arrays.copyOf(header, cut);
      if (cut == WalFormat.HEADER_LENGTH) {
        content[cut - 1] ^= 1; // complete but with a failing CRC
      }
      fs.putFile(next, content);
      Recovery r = SegmentedLog.open(fs, WAL, SEGMENT_SIZE);
      assertThat(r.tornTail()).as("header cut at %d", cut).isEqualTo(new TornTail(next, 0, cut));
      assertThat(fs.exists(next)).isFalse();
      assertThat(r.lastIndex()).isEqualTo(RECORDS);
      try (SegmentedLog log = r.openForAppend()) {
        log.append(RECORDS + 1, payload(1, 1, 1));
      }
      assertThat(records(SegmentedLog.open(fs, WAL, SEGMENT_SIZE)).keySet()).containsExactlyElementsOf(range(1, RECORDS + 1));
    }
    FaultInjectingFileLayer fs = copy();
    fs.putFile(next, new byte[100]); // preallocated, all zero
    assertThat(SegmentedLog.open(fs, WAL, SEGMENT_SIZE).tornTail()).isEqualTo(new TornTail(next, 0, 100));
  }

  @Test
  void damagedHeaderOfTheLastSegmentFollowedByRecordsIsCorruption() throws IOException {
    for (int at = 0; at < WalFormat.HEADER_LENGTH; at++) {
      FaultInjectingFileLayer fs = copy();
      fs.flipBit(lastSegment, at, 3);
      assertCorruption(() -> SegmentedLog.open(fs, WAL, SEGMENT_SIZE), lastSegment, 0);
    }
  }

  @Test
  void flippedBitInAMiddleRecordFollowedByValidRecordsIsCorruption() throws IOException {
    byte[] last = reference.get(lastSegment);
    List<Integer> offsets = recordOffsets(last);
    int start = offsets.get(offsets.size() - 2);
    int end = offsets.get(offsets.size() - 1);
    for (int at = start; at < end; at++) {
      FaultInjectingFileLayer fs = copy();
      fs.flipBit(lastSegment, at, at % 8);
      assertCorruption(() -> SegmentedLog.open(fs, WAL, SEGMENT_SIZE), lastSegment, start);
      assertThat(fs.readFile(lastSegment)).hasSize(last.length); // nothing was cut
    }
    // Zeroed bytes and an oversized length field in the middle are damage as well.
    FaultInjectingFileLayer zeroed = copy();
    byte[] z = last.clone();
    Arrays.fill(z, start, start + 8, (byte) 0);
    zeroed.putFile(lastSegment, z);
    assertCorruption(() -> SegmentedLog.open(zeroed, WAL, SEGMENT_SIZE), lastSegment, start);
    FaultInjectingFileLayer oversized = copy();
    byte[] o = last.clone();
    ByteBuffer.wrap(o).putInt(start, WalFormat.MAX_BODY_LENGTH + 1);
    oversized.putFile(lastSegment, o);
    assertCorruption(() -> SegmentedLog.open(oversized, WAL, SEGMENT_SIZE), lastSegment, start);
  }

  /**
   * A log in one segment: records 1..3 synced, then 4..7 appended in one unsynced window (watermark
   * 3), then, if {@code syncThenMore}, a sync and record 8 (watermark 7). Returns the file system.
   */
  private static FaultInjectingFileLayer unsyncedWindow(boolean syncThenMore) throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(0);
    try (SegmentedLog log = SegmentedLog.open(fs, WAL, 4096).openForAppend()) {
      for (long i = 1; i <= 3; i++) {
        log.append(i, payload(i, 12, 0));
      }
      log.sync();
      for (long i = 4; i <= 7; i++) {
        log.append(i, payload(i, 12, 0));
      }
      if (syncThenMore) {
        log.sync();
        log.append(8, payload(8, 12, 0));
      }
    }
    return fs;
  }

  @Test
  void damagedRecordFollowedOnlyByRecordsOfTheSameUnsyncedWindowIsATornTail() throws IOException {
    // Writeback of one unsynced group write may reach the disk out of order: record 4 torn, 5..7 intact.
    Path file = WAL.resolve(WalFormat.segmentFileName(1));
    for (int damaged = 4; damaged <= 6; damaged++) {
      FaultInjectingFileLayer fs = unsyncedWindow(false);
      byte[] data = WalFixtures.dataOnly(fs.readFile(file));
      List<Integer> offsets = recordOffsets(data);
      assertThat(offsets).hasSize(7);
      int x = offsets.get(damaged - 1);
      for (int at = x; at < offsets.get(damaged); at++) {
        FaultInjectingFileLayer copy = new FaultInjectingFileLayer(0);
        copy.createDirectories(WAL);
        byte[] bytes = fs.readFile(file);
        bytes[at] ^= (byte) (1 << (at % 8));
        copy.putFile(file, bytes);

        TornTail expected = new TornTail(file, x, data.length - x);
        assertThat(SegmentedLog.forEachRecord(copy, WAL, 0, (i, p) -> { })).as("bit at %d", at).isEqualTo(expected);
        Recovery r = SegmentedLog.open(copy, WAL, 4096);
        assertThat(r.tornTail()).as("bit at %d", at).isEqualTo(expected);
        assertThat(r.lastIndex()).isEqualTo(damaged - 1);
        assertThat(copy.readFile(file)).hasSize(x); // the later, unacknowledged records are dropped too
        try (SegmentedLog log = r.openForAppend()) {
          log.append(damaged, payload(damaged, 5, 9));
        }
        Recovery again = SegmentedLog.open(copy, WAL, 4096);
        assertThat(again.tornTail()).isNull();
        Map<Long, byte[]> all = records(again);
        assertThat(all.keySet()).containsExactlyElementsOf(range(1, damaged));
        assertThat(all.get((long) damaged)).isEqualTo(payload(damaged, 5, 9));
      }
    }
  }

  @Test
  void damagedRecordFollowedByARecordAppendedAfterItWasSyncedIsCorruption() throws IOException {
    Path file = WAL.resolve(WalFormat.segmentFileName(1));
    FaultInjectingFileLayer fs = unsyncedWindow(true);
    byte[] data = WalFixtures.dataOnly(fs.readFile(file));
    List<Integer> offsets = recordOffsets(data);
    assertThat(offsets).hasSize(8);
    // Records 5..7 carry watermark 3, below 4, but record 8 carries 7: record 4 had been synced.
    for (int damaged = 4; damaged <= 7; damaged++) {
      int x = offsets.get(damaged - 1);
      for (int at = x; at < offsets.get(damaged); at++) {
        FaultInjectingFileLayer copy = new FaultInjectingFileLayer(0);
        copy.createDirectories(WAL);
        byte[] bytes = fs.readFile(file);
        bytes[at] ^= (byte) (1 << (at % 8));
        copy.putFile(file, bytes);
        assertCorruption(() -> SegmentedLog.open(copy, WAL, 4096), file, x);
        assertThat(copy.readFile(file)).isEqualTo(bytes); // nothing was cut
        assertCorruption(() -> SegmentedLog.forEachRecord(copy, WAL, 0, (i, p) -> { }), file, x);
      }
    }
    // Damage to record 8, the last one, is still a torn tail.
    int x = offsets.get(7);
    FaultInjectingFileLayer copy = new FaultInjectingFileLayer(0);
    copy.createDirectories(WAL);
    byte[] bytes = fs.readFile(file);
    bytes[x + 20] ^= 1;
    copy.putFile(file, bytes);
    assertThat(SegmentedLog.open(copy, WAL, 4096).tornTail()).isEqualTo(new TornTail(file, x, data.length - x));
  }

  @Test
  void damageInASegmentThatIsNotTheLastIsCorruption() throws IOException {
    byte[] middle = reference.get(middleSegment);
    List<Integer> offsets = recordOffsets(middle);
    int lastStart = offsets.get(offsets.size() - 1);

    FaultInjectingFileLayer flipped = copy(); // would be a torn tail if this were the last segment
    flipped.flipBit(middleSegment, middle.length - 1, 0);
    assertCorruption(() -> SegmentedLog.open(flipped, WAL, SEGMENT_SIZE), middleSegment, lastStart);

    FaultInjectingFileLayer cut = copy();
    cut.putFile(middleSegment, Arrays.copyOf(middle, middle.length - 3));
    assertCorruption(() -> SegmentedLog.open(cut, WAL, SEGMENT_SIZE), middleSegment, lastStart);

    FaultInjectingFileLayer garbage = copy(); // anything but zeros after the last record
    byte[] g = Arrays.copyOf(middle, middle.length + 8);
    g[middle.length + 5] = 1;
    garbage.putFile(middleSegment, g);
    assertCorruption(() -> SegmentedLog.open(garbage, WAL, SEGMENT_SIZE), middleSegment, middle.length);

    FaultInjectingFileLayer zeros = copy(); // rolled before its preallocated space was used up
    zeros.putFile(middleSegment, Arrays.copyOf(middle, middle.length + 8));
    Recovery clean = SegmentedLog.open(zeros, WAL, SEGMENT_SIZE);
    assertThat(clean.tornTail()).isNull();
    assertThat(records(clean).keySet()).containsExactlyElementsOf(range(1, RECORDS));

    FaultInjectingFileLayer header = copy();
    header.putFile(middleSegment, Arrays.copyOf(middle, 10));
    assertCorruption(() -> SegmentedLog.open(header, WAL, SEGMENT_SIZE), middleSegment, 0);

    // The read-only walk of a verifier reports the same damage.
    assertCorruption(() -> SegmentedLog.forEachRecord(flipped, WAL, 0, (i, p) -> { }), middleSegment, lastStart);
  }

  @Test
  void indexGapBetweenSegmentsIsCorruption() throws IOException {
    FaultInjectingFileLayer fs = copy();
    fs.delete(middleSegment);
    Path after = reference.higherKey(middleSegment);
    assertCorruption(() -> SegmentedLog.open(fs, WAL, SEGMENT_SIZE), after, 12);

    FaultInjectingFileLayer renamed = copy(); // header and file name disagree
    Path wrongName = WAL.resolve(WalFormat.segmentFileName(RECORDS + 5));
    renamed.rename(lastSegment, wrongName);
    assertCorruption(() -> SegmentedLog.open(renamed, WAL, SEGMENT_SIZE), wrongName, 12);
  }

  @Test
  void readOnlyWalkReportsATornTailWithoutCuttingIt() throws IOException {
    byte[] last = reference.get(lastSegment);
    FaultInjectingFileLayer fs = copy();
    fs.putFile(lastSegment, Arrays.copyOf(last, last.length - 2));
    List<Integer> offsets = recordOffsets(last);
    int lastStart = offsets.get(offsets.size() - 1);
    List<Long> seen = new ArrayList<>();
    TornTail t = SegmentedLog.forEachRecord(fs, WAL, 5, (i, p) -> seen.add(i));
    assertThat(t).isEqualTo(new TornTail(lastSegment, lastStart, last.length - 2 - lastStart));
    assertThat(seen).containsExactlyElementsOf(range(6, RECORDS - 1));
    assertThat(fs.readFile(lastSegment)).hasSize(last.length - 2);
  }

  @Test
  void replayNoticesASegmentChangedAfterRecovery() throws IOException {
    FaultInjectingFileLayer fs = copy();
    Recovery r = SegmentedLog.open(fs, WAL, SEGMENT_SIZE);
    fs.flipBit(middleSegment, WalFormat.HEADER_LENGTH + 12, 0);
    assertCorruption(() -> r.forEach(0, (i, p) -> { }), middleSegment, WalFormat.HEADER_LENGTH);
  }

  /** Asserts a CorruptionException naming {@code file} and, unless {@code offset} is -1, that offset. */
  private static void assertCorruption(ThrowingCallable call, Path file, long offset) {
    assertThatThrownBy(call).isInstanceOfSatisfying(CorruptionException.class, e -> {
      assertThat(e.file()).isEqualTo(file);
      if (offset >= 0) {
        assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
      }
    });
  }
}
