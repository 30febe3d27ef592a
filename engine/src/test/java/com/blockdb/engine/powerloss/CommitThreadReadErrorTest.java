package com.blockdb.engine.powerloss;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Options;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The commit thread checks every write for duplicate keys by reading the stored tables. An I/O error
 * on that read (EIO on read, or, in the crash test, a file handle that died with the power) must fail
 * that write, not kill the commit thread: otherwise the write and every later one wait forever. Found
 * by {@link PowerLossCrashTest}: after a crash, writers hung in {@code CommitPipeline.await}.
 */
class CommitThreadReadErrorTest {

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

  /** Runs a write on its own daemon thread; returns null, or its exception; fails if it does not return. */
  private static Throwable writeWithin(BlockDb db, String key, long ms) throws InterruptedException {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        db.put(b(key), b("v"));
        f.complete(null);
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "writer-read-error");
    t.setDaemon(true);
    t.start();
    try {
      f.get(ms, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("put('" + key + "') did not return within " + ms + " ms: the commit thread is gone:\n"
          + Engines.dumpThreads());
    }
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aReadErrorDuringTheDuplicateCheckFailsTheWriteNotTheCommitThread() throws Exception {
    FencedFileLayer layer = new FencedFileLayer(new FaultInjectingFileLayer(7));
    Options o = Options.defaults().withBackground(false).withFileLayer(layer);
    BlockDb db = BlockDb.open(Engines.DIR, o);
    try {
      for (int i = 0; i < 50; i++) {
        db.put(b("k" + i), b("v" + i));
      }
      db.flush(); // k0..k49 are now only in an SSTable
      layer.failReads(p -> p.toString().endsWith(".sst"));
      // k7 is stored: the bloom filter says "maybe", so the duplicate check reads a data block, which fails.
      Throwable first = writeWithin(db, "k7", 5_000);
      assertThat(first).as("the write whose duplicate check hit a read error")
          .isInstanceOf(BlockDbException.class).isNotInstanceOf(DuplicateKeyException.class);
      layer.failReads(p -> false);
      assertThat(writeWithin(db, "fresh", 5_000)).as("a later write, with the disk readable again").isNull();
      assertThat(writeWithin(db, "k8", 5_000)).as("a later duplicate").isInstanceOf(DuplicateKeyException.class);
      assertThat(db.get(b("fresh"))).isEqualTo(b("v"));
    } finally {
      Engines.abandon(db, 10_000);
    }
  }
}
