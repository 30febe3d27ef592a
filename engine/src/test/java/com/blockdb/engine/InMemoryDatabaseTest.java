package com.blockdb.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.io.MemoryFileLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole engine on a {@link MemoryFileLayer}: what {@code jdbc:blockdb:mem:<name>} relies on. */
class InMemoryDatabaseTest {

  private static final int ENTRIES = 3000;
  private static final int BATCH = 50;

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(UTF_8);
  }

  private static byte[] value(int i) {
    return ("value of entry " + i + " ").repeat(1 + i % 5).getBytes(UTF_8);
  }

  /** Small memtables, segments and blocks, so that a few thousand entries exercise every file kind. */
  private static Options options(MemoryFileLayer memory) {
    return Options.defaults().withFileLayer(memory).withMemtableSizeLimit(32 * 1024)
        .withWalSegmentSize(64 * 1024).withCompactionThreshold(3).withBlockchainBatchSize(200);
  }

  private static List<String> scanKeys(BlockDb db, String from, String to) {
    List<String> keys = new ArrayList<>();
    try (EntryIterator it = db.scan(Tables.KV, from.getBytes(UTF_8), to.getBytes(UTF_8), db.lastSequence())) {
      it.forEachRemaining(e -> keys.add(new String(e.key(), UTF_8)));
    }
    return keys;
  }

  private static void assertAllReadable(BlockDb db) {
    for (int i = 0; i < ENTRIES; i++) {
      assertThat(db.get(key(i))).as("entry %d", i).isEqualTo(value(i));
    }
    assertThat(db.get("key999999".getBytes(UTF_8))).isNull();
    assertThat(scanKeys(db, "key001000", "key001100")).hasSize(100).first().isEqualTo("key001000");
  }

  @Test
  void writeFlushCompactVerifyAndReopenOnTheSameLayer() throws IOException {
    MemoryFileLayer memory = new MemoryFileLayer();
    Path dir = Path.of("/mem/orders");
    Digest digest;
    try (BlockDb db = BlockDb.open(dir, options(memory))) {
      for (int start = 0; start < ENTRIES; start += BATCH) {
        WriteBatch batch = new WriteBatch();
        for (int i = start; i < start + BATCH; i++) {
          batch.put(key(i), value(i));
        }
        db.write(batch);
      }
      assertAllReadable(db);
      db.flush();
      db.compact();
      assertThat(db.stats().sstables()).isEqualTo(1);
      assertAllReadable(db);
      digest = db.seal();
      VerifyResult r = db.verify(null, null);
      assertThat(r.ok()).as(r.message()).isTrue();
      assertThat(r.entriesChecked()).isEqualTo(ENTRIES);
    }
    assertThat(Files.exists(dir)).as("nothing on disk").isFalse();
    assertThat(memory.list(dir.resolve("sst"))).hasSize(1);
    assertThat(memory.list(dir.resolve("wal"))).isNotEmpty();

    try (BlockDb db = BlockDb.open(dir, options(memory))) {
      assertThat(db.recoveryNotes()).isEmpty();
      assertThat(db.digest()).isEqualTo(digest);
      assertThat(db.lastSequence()).isEqualTo(ENTRIES);
      assertAllReadable(db);
      VerifyResult r = db.verify(digest, null);
      assertThat(r.ok()).as(r.message()).isTrue();
      db.put("after-reopen".getBytes(UTF_8), "x".getBytes(UTF_8));
    }
    try (BlockDb db = BlockDb.open(dir, options(memory))) {
      assertThat(db.get("after-reopen".getBytes(UTF_8))).isEqualTo("x".getBytes(UTF_8));
      assertThat(db.verify(digest, null).ok()).isTrue();
    }
  }

  @Test
  void unflushedWritesSurviveCloseAndReopenThroughTheLog() {
    MemoryFileLayer memory = new MemoryFileLayer();
    Path dir = Path.of("/mem/log-only");
    Options big = Options.defaults().withFileLayer(memory);
    try (BlockDb db = BlockDb.open(dir, big)) {
      for (int i = 0; i < 500; i++) {
        db.put(key(i), value(i));
      }
      assertThat(db.stats().sstables()).isZero();
    }
    try (BlockDb db = BlockDb.open(dir, big)) {
      assertThat(db.get(key(499))).isEqualTo(value(499));
      assertThat(db.lastSequence()).isEqualTo(500);
    }
  }

  @Test
  void databasesWithDifferentNamesOrLayersAreSeparate() {
    MemoryFileLayer memory = new MemoryFileLayer();
    try (BlockDb a = BlockDb.open(Path.of("/mem/a"), options(memory));
        BlockDb b = BlockDb.open(Path.of("/mem/b"), options(memory))) {
      a.put(key(1), value(1));
      assertThat(b.get(key(1))).isNull();
    }
    try (BlockDb fresh = BlockDb.open(Path.of("/mem/a"), options(new MemoryFileLayer()))) {
      assertThat(fresh.get(key(1))).isNull();
      assertThat(fresh.lastSequence()).isZero();
    }
  }
}
