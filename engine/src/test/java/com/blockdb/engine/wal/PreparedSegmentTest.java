package com.blockdb.engine.wal;

import static com.blockdb.engine.wal.SegmentedLogTest.WAL;
import static com.blockdb.engine.wal.SegmentedLogTest.range;
import static com.blockdb.engine.wal.WalFixtures.payload;
import static com.blockdb.engine.wal.WalFixtures.records;
import static com.blockdb.engine.wal.WalFixtures.segments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The next segment's file, filled with durable zeros in the background: the writer rolls into it
 * when it reaches the end of its zeros, and neither a crash nor a failed preparation loses a record.
 */
class PreparedSegmentTest {

  private static final long CHUNK = SegmentedLog.PREALLOCATION_CHUNK;
  /** Large enough that segments are preallocated in chunks and the next one is prepared ahead. */
  private static final long SEGMENT = 4 * CHUNK;
  private static final long FIRST = WalFormat.HEADER_LENGTH + CHUNK; // a new log's first segment
  private static final int PAYLOAD = 60_000;
  private static final long RECORD = WalFormat.RECORD_HEADER_LENGTH + WalFormat.BODY_PREFIX_LENGTH + PAYLOAD;

  @Test
  void theWriterRollsIntoThePreparedFileAtTheEndOfItsZerosOnRealFiles(@TempDir Path tmp) throws IOException {
    FileLayer fs = FileLayer.real();
    Path wal = tmp.resolve("wal");
    Path spare = wal.resolve(SegmentPreparer.SPARE_NAME);
    Path first = wal.resolve(WalFormat.segmentFileName(1));
    SegmentedLog log = SegmentedLog.open(fs, wal, SEGMENT).openForAppend();
    long index = 0;
    while (log.sizeBytes() < FIRST / 2) {
      index = appendAndSync(log, index, 5);
    }
    assertThat(log.spareReady() || log.preparingSpare()).as("halfway through the zeros, the next file is asked for")
        .isTrue();
    awaitPreparation(log);
    assertThat(log.spareReady()).isTrue();
    assertThat(Files.size(spare)).as("twice the current segment").isEqualTo(2 * FIRST);
    assertThat(allZero(spare)).isTrue();

    while (log.segmentCount() == 1) {
      index = appendAndSync(log, index, 1);
    }
    assertThat(Files.size(first)).as("the writer never extended the first segment: it rolled at the end of its zeros")
        .isEqualTo(FIRST);
    assertThat(Files.size(first)).isLessThan(SEGMENT);
    Path second = segments(fs, wal).lastEntry().getValue();
    assertThat(second.getFileName().toString()).isEqualTo(WalFormat.segmentFileName(index));
    assertThat(Files.size(second)).as("the prepared file became the segment").isEqualTo(2 * FIRST);
    assertThat(Files.exists(spare)).isFalse();
    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(second), 0, WalFormat.HEADER_LENGTH);
    assertThat(header.getLong(0)).isEqualTo(WalFormat.MAGIC);
    assertThat(header.getLong(12)).isEqualTo(index);

    // Halfway through the second segment the third is asked for; closing deletes it, unused.
    while (log.sizeBytes() < FIRST + FIRST + FIRST / 2 + RECORD) {
      index = appendAndSync(log, index, 5);
    }
    awaitPreparation(log);
    assertThat(Files.exists(spare)).isTrue();
    log.close();
    assertThat(Files.exists(spare)).as("a closed log leaves only its segments").isFalse();

    Recovery r = SegmentedLog.open(fs, wal, SEGMENT);
    assertThat(r.tornTail()).isNull();
    assertThat(r.segmentCount()).isEqualTo(2);
    Map<Long, byte[]> all = records(r);
    assertThat(all.keySet()).containsExactlyElementsOf(range(1, index));
    assertThat(all.get(index)).isEqualTo(payload(index, PAYLOAD, 0));
  }

  @Test
  void aLeftoverSpareIsIgnoredByRecoveryAndDeletedWhenTheLogOpens() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(3);
    try (SegmentedLog log = SegmentedLog.open(fs, WAL, 1024).openForAppend()) {
      for (long i = 1; i <= 5; i++) {
        log.append(i, payload(i, 20, 0));
      }
    }
    // What a crash between the header's sync and the rename leaves: a header for the next index, then zeros.
    Path spare = WAL.resolve(SegmentPreparer.SPARE_NAME);
    byte[] content = new byte[4096];
    WalFormat.encodeHeader(6).get(content, 0, WalFormat.HEADER_LENGTH);
    fs.putFile(spare, content);

    Map<Long, byte[]> walked = new TreeMap<>();
    assertThat(SegmentedLog.forEachRecord(fs, WAL, 0, walked::put)).isNull();
    assertThat(walked.keySet()).containsExactlyElementsOf(range(1, 5));
    assertThat(fs.exists(spare)).as("a read-only walk changes nothing").isTrue();

    Recovery r = SegmentedLog.open(fs, WAL, 1024);
    assertThat(r.tornTail()).isNull();
    assertThat(r.segmentCount()).isEqualTo(1);
    try (SegmentedLog log = r.openForAppend()) {
      assertThat(fs.exists(spare)).as("opening for append deletes the leftover").isFalse();
      log.append(6, payload(6, 20, 0));
    }
    assertThat(records(SegmentedLog.open(fs, WAL, 1024)).keySet()).containsExactlyElementsOf(range(1, 6));
  }

  @Test
  void aFailedPreparationIsDroppedAndTheWriterExtendsItsSegmentItself() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(5);
    SegmentedLog log = SegmentedLog.open(fs, WAL, SEGMENT).openForAppend();
    // Room for one more chunk, as the writer needs, but not for a prepared file twice the segment's size.
    fs.failWritesWhenBytesExceed(FIRST + CHUNK + CHUNK / 2);
    long index = 0;
    while (log.sizeBytes() < FIRST / 2) {
      index = appendAndSync(log, index, 10);
    }
    awaitPreparation(log);
    assertThat(log.spareReady()).as("the preparation ran out of space").isFalse();
    assertThat(fs.exists(WAL.resolve(SegmentPreparer.SPARE_NAME))).as("and its file was deleted").isFalse();

    while (log.sizeBytes() < FIRST + CHUNK / 4) {
      index = appendAndSync(log, index, 10);
    }
    assertThat(log.segmentCount()).isEqualTo(1);
    Path only = segments(fs, WAL).firstEntry().getValue();
    assertThat((long) fs.readFile(only).length).as("zeros ahead of the writer, laid down by the writer")
        .isGreaterThan(FIRST).isGreaterThanOrEqualTo(log.sizeBytes());
    fs.crash();
    Recovery r = SegmentedLog.open(fs, WAL, SEGMENT);
    assertThat(r.tornTail()).isNull();
    assertThat(records(r).keySet()).containsExactlyElementsOf(range(1, index));
  }

  @Test
  void aFailedSyncDuringTheRollIntoAPreparedFileLeavesARecoverableLog() throws IOException {
    // The roll's syncs, in order: the old segment, the header written into the prepared file, the directory.
    for (int n = 1; n <= 3; n++) {
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(10 + n);
      SegmentedLog log = SegmentedLog.open(fs, WAL, SEGMENT).openForAppend();
      long index = 0;
      while (log.sizeBytes() + 2 * RECORD <= FIRST) {
        index = appendAndSync(log, index, 1);
      }
      awaitPreparation(log);
      assertThat(log.spareReady()).isTrue();
      if (log.sizeBytes() + RECORD > FIRST) {
        fail("test setup: record " + (index + 1) + " should still fit the first segment");
      }
      log.append(++index, payload(index, PAYLOAD, 0)); // fits, not synced
      long unsynced = index;
      fs.failSyncAfter(n, new IOException("injected"));
      long next = ++index;
      assertThatThrownBy(() -> log.append(next, payload(next, PAYLOAD, 0))).as("sync %d fails", n)
          .isInstanceOf(IOException.class);
      assertThat(log.lastIndex()).isEqualTo(unsynced);
      fs.crash();

      Recovery r = SegmentedLog.open(fs, WAL, SEGMENT);
      // Once the old segment's sync succeeded, its last record is durable even though the roll failed.
      assertThat(r.lastIndex()).as("sync %d failed", n).isBetween(n == 1 ? unsynced - 1 : unsynced, unsynced);
      assertThat(records(r).keySet()).containsExactlyElementsOf(range(1, r.lastIndex()));
      try (SegmentedLog again = r.openForAppend()) {
        assertThat(fs.exists(WAL.resolve(SegmentPreparer.SPARE_NAME))).isFalse();
        again.append(r.lastIndex() + 1, payload(r.lastIndex() + 1, 10, 1));
        again.sync();
      }
      List<Long> expected = new ArrayList<>(range(1, r.lastIndex() + 1));
      assertThat(records(SegmentedLog.open(fs, WAL, SEGMENT)).keySet()).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aPowerLossWhilePreparingOrRollingLosesNothingSynced() throws IOException {
    for (int seed = 1; seed <= 4; seed++) {
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(seed);
      java.util.Random rnd = new java.util.Random(seed);
      SegmentedLog log = SegmentedLog.open(fs, WAL, SEGMENT).openForAppend();
      // Somewhere past the first half of the first segment: while the next file is being filled, or
      // after the writer rolled into it (or, had it not been ready in time, extended its own zeros).
      long stopAt = FIRST + rnd.nextInt((int) (2 * FIRST));
      long synced = 0;
      long index = 0;
      while (log.sizeBytes() < stopAt) {
        index = appendAndSync(log, index, 1 + rnd.nextInt(8));
        synced = index;
      }
      log.append(++index, payload(index, PAYLOAD, 0)); // never synced: may or may not survive
      fs.crash(); // whatever the preparer was doing, its handle dies with the power
      try {
        log.close(); // fails (its files are gone), but stops the preparer and must not hang
      } catch (IOException expected) {
        assertThat(expected).hasMessageContaining("power loss");
      }

      Recovery r = SegmentedLog.open(fs, WAL, SEGMENT);
      assertThat(r.lastIndex()).as("seed %d", seed).isBetween(synced, synced + 1);
      Map<Long, byte[]> all = records(r);
      assertThat(all.keySet()).containsExactlyElementsOf(range(1, r.lastIndex()));
      assertThat(all.get(synced)).isEqualTo(payload(synced, PAYLOAD, 0));
      try (SegmentedLog again = r.openForAppend()) {
        assertThat(fs.exists(WAL.resolve(SegmentPreparer.SPARE_NAME))).isFalse();
        again.append(r.lastIndex() + 1, payload(r.lastIndex() + 1, 10, 2));
      }
      assertThat(SegmentedLog.open(fs, WAL, SEGMENT).lastIndex()).isEqualTo(r.lastIndex() + 1);
    }
  }

  /** Appends {@code n} records of {@link #PAYLOAD} bytes after {@code index}, syncs, and returns the last index. */
  private static long appendAndSync(SegmentedLog log, long index, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      index++;
      log.append(index, payload(index, PAYLOAD, 0));
    }
    log.sync();
    return index;
  }

  /** Waits for the background preparation to end (ready or given up). */
  private static void awaitPreparation(SegmentedLog log) {
    long deadline = System.nanoTime() + 120_000_000_000L; // generous: a hang, not a slow disk, fails this
    while (log.preparingSpare()) {
      if (System.nanoTime() > deadline) {
        fail("the next segment's file was never prepared");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  private static boolean allZero(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != 0) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
