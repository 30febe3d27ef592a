package com.blockdb.engine.powerloss;

import com.blockdb.engine.testing.LedgerModel;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Options;
import com.blockdb.engine.Stats;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WAL segments whose records are all in SSTables are deleted: with small segments and a small
 * memtable the segment count stays small while writing and after {@code flush()}, instead of growing
 * with the data; and a reopen (after a clean close or a power loss) still recovers every entry.
 */
class WalRetentionTest {

  private static final int PUTS = 2000;
  private static final int SEGMENT = 4096;

  @BeforeEach
  void quiet() {
    Engines.quietLogs();
  }

  @AfterEach
  void loud() {
    Engines.normalLogs();
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String value(int i) {
    return "value-" + i + "-" + "y".repeat(100);
  }

  @ParameterizedTest(name = "background={0}, crash={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void flushedSegmentsAreDeletedAndReopenRecoversEverything(boolean background, boolean crash) throws Exception {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(background ? 1 : 2);
    Options o = Options.defaults().withWalSegmentSize(SEGMENT).withMemtableSizeLimit(8 * 1024)
        .withCompactionThreshold(3).withBlockchainBatchSize(50).withBackground(background)
        .withFileLayer(new FencedFileLayer(fs));
    BlockDb db = BlockDb.open(Engines.DIR, o);
    int maxSegments = 0;
    for (int i = 0; i < PUTS; i++) {
      db.put(b("k" + i), b(value(i)));
      if (i % 50 == 0) {
        maxSegments = Math.max(maxSegments, db.stats().walSegments());
      }
    }
    Stats before = db.stats();
    db.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    Stats after = db.stats();
    while (after.walSegments() > 2 && System.nanoTime() < deadline) {
      Thread.sleep(10); // released segments are deleted by the commit thread between groups
      after = db.stats();
    }
    int files = fs.list(Engines.DIR.resolve("wal")).size();
    long written = before.walBytes() + (long) SEGMENT * (before.walSegments() - 1); // lower bound, for the message
    System.out.printf("WalRetentionTest(background=%s, crash=%s): %d puts, %d flushes, max %d WAL segments while "
            + "writing, %d before flush(), %d after (%d files), %d sstables%n", background, crash, PUTS,
        after.flushes(), maxSegments, before.walSegments(), after.walSegments(), files, after.sstables());
    assertThat(after.flushes()).as("memtable flushes happened").isGreaterThan(10);
    assertThat(maxSegments).as("WAL segments while writing " + PUTS + " puts (about " + written / SEGMENT
        + " segments' worth were written)").isLessThanOrEqualTo(8);
    assertThat(after.walSegments()).as("WAL segments after flush()").isLessThanOrEqualTo(2);
    assertThat(files).as("segment files in the wal directory").isEqualTo(after.walSegments());

    if (crash) {
      fs.crash();
      Engines.abandon(db, 10_000);
    } else {
      db.close();
    }
    try (BlockDb again = BlockDb.open(Engines.DIR, o.withFileLayer(new FencedFileLayer(fs)))) {
      LedgerModel m = new LedgerModel();
      for (int i = 0; i < PUTS; i++) {
        m.attempted.put("k" + i, value(i));
        m.acked.add("k" + i);
      }
      m.assertClean(m.check(again, null, true), "reopen after " + (crash ? "power loss" : "close"));
      assertThat(again.lastSequence()).isEqualTo(PUTS);
      assertThat(again.stats().walSegments()).as("WAL segments after reopen").isLessThanOrEqualTo(3);
    }
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void segmentCountStaysBoundedWithoutExplicitFlushes() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(3);
    Options o = Options.defaults().withWalSegmentSize(SEGMENT).withMemtableSizeLimit(8 * 1024)
        .withCompactionThreshold(2).withBackground(true).withFileLayer(new FencedFileLayer(fs));
    try (BlockDb db = BlockDb.open(Engines.DIR, o)) {
      int max = 0;
      for (int i = 0; i < 3 * PUTS; i++) {
        db.put(b("k" + i), b(value(i)));
        if (i % 25 == 0) {
          max = Math.max(max, fs.list(Engines.DIR.resolve("wal")).size());
        }
      }
      assertThat(max).as("WAL segment files at any time while writing " + 3 * PUTS + " puts").isLessThanOrEqualTo(8);
    }
  }
}
