package com.blockdb.engine.impl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Options;
import com.blockdb.engine.Stats;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.testing.ForwardingFileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A steady load of ascending keys, flushed many times: compaction rewrites each entry a few times
 * (size tiers), not the whole database every few flushes, and everything stays readable.
 */
class CompactionTiersTest {

  @TempDir
  Path dir;

  @Test
  void aSteadyLoadRewritesEachEntryLogarithmicallyOften() throws Exception {
    SstBytes sst = new SstBytes(FileLayer.real());
    // A memtable this small flushes tables of about 30 KB, half its limit, as a full one does.
    Options o = Options.defaults().withMemtableSizeLimit(64 * 1024).withCompactionThreshold(4).withFileLayer(sst)
        .withBackground(false); // flushes and merges inline: the counts do not depend on timing
    int key = 0;
    try (BlockDb db = BlockDb.open(dir, o)) {
      while (db.stats().flushes() < 48) {
        WriteBatch b = new WriteBatch();
        for (int i = 0; i < 100; i++, key++) {
          b.put(String.format("key-%08d", key).getBytes(UTF_8), ("value-" + key).getBytes(UTF_8));
        }
        db.write(b);
      }
      Stats s = db.stats();
      // Tiers of 4: 48 flushed tables -> 12 merges of 4, 3 of 16 (each about 4 and 16 flushes big):
      // every entry written about 3 times. Merging the 4 smallest tables whatever their sizes
      // rewrote everything every 3 flushes: about 9 times.
      double amplification = (double) sst.written.get() / s.sstableBytes();
      assertThat(amplification).as("SST bytes written / live SST bytes").isLessThan(4.0);
      assertThat(s.sstables()).as("tables left: at most 3 per tier").isLessThanOrEqualTo(9);
      for (int k = 0; k < key; k += 97) {
        assertThat(db.get(String.format("key-%08d", k).getBytes(UTF_8))).isEqualTo(("value-" + k).getBytes(UTF_8));
      }
      VerifyResult r = db.verify(null, null);
      assertThat(r.ok()).as(r.message()).isTrue();
      assertThat(r.entriesChecked()).isEqualTo(key);
    }
  }

  /** The real file layer, counting the bytes appended to SSTable files (directory {@code sst}). */
  private static final class SstBytes extends ForwardingFileLayer {
    final AtomicLong written = new AtomicLong();

    SstBytes(FileLayer real) {
      super(real);
    }

    @Override
    public WritableFile create(Path file) throws IOException {
      WritableFile w = real.create(file);
      if (file.getParent() == null || !file.getParent().getFileName().toString().equals("sst")) {
        return w;
      }
      return new WritableFile() {
        @Override
        public void append(ByteBuffer data) throws IOException {
          written.addAndGet(data.remaining());
          w.append(data);
        }

        @Override
        public long length() throws IOException {
          return w.length();
        }

        @Override
        public void sync() throws IOException {
          w.sync();
        }

        @Override
        public void close() throws IOException {
          w.close();
        }
      };
    }
  }
}
