package com.blockdb.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Options;
import com.blockdb.engine.io.MemoryFileLayer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The engine meters follow the engine's figures as it writes, and read NaN once it is closed. */
class EngineMetricsTest {

  @Test
  void metersFollowTheEngine() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BlockDb db = BlockDb.open(Path.of("/mem/engine-metrics"), Options.defaults().withFileLayer(new MemoryFileLayer()));
    try {
      new EngineMetrics(db).bindTo(registry);
      assertThat(registry.get("blockdb.commits").functionCounter().count()).isZero();
      db.put(b("a"), b("1"));
      db.put(b("b"), b("2"));
      assertThat(registry.get("blockdb.commits").functionCounter().count()).isEqualTo(2);
      assertThat(registry.get("blockdb.wal.fsyncs").functionCounter().count()).isEqualTo(db.stats().fsyncs()).isPositive();
      assertThat(registry.get("blockdb.ledger.entries").gauge().value()).isEqualTo(2);
      assertThat(registry.get("blockdb.ledger.pending.entries").gauge().value()).isEqualTo(2);
      double height = registry.get("blockdb.ledger.height").gauge().value();
      db.seal();
      assertThat(registry.get("blockdb.ledger.height").gauge().value()).isEqualTo(height + 1);
      assertThat(registry.get("blockdb.ledger.blocks").gauge().value()).isEqualTo(db.stats().blocks());
      assertThat(registry.get("blockdb.ledger.pending.entries").gauge().value()).isZero();
      assertThat(registry.get("blockdb.write.stall").functionCounter().getId().getBaseUnit()).isEqualTo("seconds");
      db.close();
      assertThat(registry.get("blockdb.ledger.entries").gauge().value()).isNaN();
    } finally {
      db.close(); // idempotent
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
