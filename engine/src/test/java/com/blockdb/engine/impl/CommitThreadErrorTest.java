package com.blockdb.engine.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Error on the commit thread (an OutOfMemoryError in a server whose heap ran out) makes the
 * database refuse writes instead of leaving writers, later writers and close() waiting forever;
 * what was acknowledged before it is kept.
 */
class CommitThreadErrorTest {

  @TempDir
  Path tmp;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anErrorOnTheCommitThreadRefusesWritesAndCloseStillReturns() throws Exception {
    Path dir = tmp.resolve("db");
    BlockDb db = BlockDb.open(dir, Options.defaults());
    db.put(b("before"), b("kept"));
    Field f = DbImpl.class.getDeclaredField("pipeline");
    f.setAccessible(true);
    CommitPipeline pipeline = (CommitPipeline) f.get(db);

    CompletableFuture<Throwable> failed = CompletableFuture.supplyAsync(() -> {
      try {
        pipeline.runOnCommitThread(() -> {
          throw new OutOfMemoryError("simulated: Java heap space");
        });
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    Throwable t = failed.get(30, TimeUnit.SECONDS); // before the fix: never completes
    assertThat(t).isInstanceOf(BlockDbException.class);
    assertThat(((BlockDbException) t).code()).isEqualTo(ErrorCode.READ_ONLY);
    assertThat(t.getMessage()).contains("commit thread failed").contains("Java heap space");

    CompletableFuture<Throwable> later = CompletableFuture.supplyAsync(() -> {
      try {
        db.put(b("after"), b("x"));
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    assertThat(later.get(30, TimeUnit.SECONDS)).isInstanceOf(BlockDbException.class)
        .hasMessageContaining("commit thread failed");
    CompletableFuture.runAsync(db::close).get(30, TimeUnit.SECONDS);

    try (BlockDb reopened = BlockDb.open(dir, Options.defaults())) {
      assertThat(reopened.get(b("before"))).isEqualTo(b("kept"));
      assertThat(reopened.get(b("after"))).isNull();
      assertThat(reopened.verify(null, null).ok()).isTrue();
    }
  }
}
