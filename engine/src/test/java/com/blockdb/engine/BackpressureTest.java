package com.blockdb.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.testing.ForwardingFileLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers are stalled, not allowed to pile up memtables, when flushing falls behind: with the
 * flusher held back, writes stop completing once two frozen memtables wait, and resume when it
 * is released. Memory therefore stays bounded, and the stall is counted in stats.
 */
class BackpressureTest {

  @TempDir
  Path dir;

  /** The real file system, except that creating an SSTable waits until released. */
  static final class GatedSstables extends ForwardingFileLayer {
    final CountDownLatch gate = new CountDownLatch(1);

    GatedSstables() {
      super(FileLayer.real());
    }

    @Override
    public WritableFile create(Path file) throws IOException {
      if (file.getParent().getFileName().toString().equals("sst")) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
      return real.create(file);
    }
  }

  @Test
  void writersStallWhileTwoMemtablesWaitForTheFlusherAndResumeAfter() throws Exception {
    GatedSstables fs = new GatedSstables();
    Options o = Options.defaults().withFileLayer(fs).withMemtableSizeLimit(4096);
    AtomicLong written = new AtomicLong();
    try (BlockDb db = BlockDb.open(dir, o)) {
      Thread writer = new Thread(() -> {
        for (int i = 0; i < 2000; i++) {
          db.put(("key-" + i).getBytes(UTF_8), new byte[200]);
          written.incrementAndGet();
        }
      });
      writer.start();
      // Each memtable holds about 15 entries; with the flusher stuck, the writer must stop after
      // the active memtable and two frozen ones (plus the one the flusher is holding) are full.
      long last = -1;
      while (written.get() != last) {
        last = written.get();
        writer.join(500);
      }
      assertThat(writer.isAlive()).as("the writer is stalled").isTrue();
      assertThat(written.get()).as("entries written before the stall").isLessThan(200);
      Stats during = db.stats();
      assertThat(during.memtableBytes()).as("memory stays bounded").isLessThan(5 * 4096 + 4096);

      fs.gate.countDown();
      writer.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(writer.isAlive()).isFalse();
      assertThat(written.get()).isEqualTo(2000);
      Stats after = db.stats();
      assertThat(after.stallMillis()).as("stall time is counted").isPositive();
      assertThat(after.flushes()).isPositive();
      VerifyResult v = db.verify(null, null);
      assertThat(v.ok()).as(v.message()).isTrue();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
