package com.blockdb.server.metrics;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Stats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The engine's figures ({@link Stats}) as meters, read when Prometheus scrapes: counters for what
 * only grows while the database is open (commits, fsyncs, flushes, compactions, stall time, reads)
 * and gauges for what is (entries, blocks, ledger height, sizes, read-only). Each meter reads a
 * fresh {@link BlockDb#stats()}, which takes no lock a writer waits for; a closed database reads
 * as NaN rather than failing the scrape.
 *
 * <p>The meters hold the engine weakly, as Micrometer does: whoever owns the database keeps it.
 */
public final class EngineMetrics implements MeterBinder {
  private final BlockDb engine;

  public EngineMetrics(BlockDb engine) {
    this.engine = engine;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "blockdb.commits", null, "commit records written since the database was opened",
        Stats::commits);
    counter(registry, "blockdb.wal.fsyncs", null,
        "fsyncs of the write-ahead log since open (group commit shares one among waiting writers)",
        Stats::fsyncs);
    counter(registry, "blockdb.memtable.flushes", null, "memtables flushed to SSTables since open",
        Stats::flushes);
    counter(registry, "blockdb.compactions", null, "compactions since open", Stats::compactions);
    counter(registry, "blockdb.write.stall", "seconds",
        "time writers spent slowed or stalled by flow control since open", s -> s.stallMillis() / 1000.0);
    counter(registry, "blockdb.point.gets", null, "point lookups since open", Stats::pointGets);
    counter(registry, "blockdb.sstable.blocks.read", null, "SSTable data blocks read from files since open",
        Stats::dataBlocksRead);
    counter(registry, "blockdb.scan.entries", null, "stored entries range scans passed over since open",
        Stats::entriesScanned);

    gauge(registry, "blockdb.ledger.entries", null, "entries committed (the last sequence number)",
        Stats::entries);
    gauge(registry, "blockdb.ledger.blocks", null, "sealed blocks, genesis included", Stats::blocks);
    gauge(registry, "blockdb.ledger.height", null, "height of the newest sealed block", Stats::height);
    gauge(registry, "blockdb.ledger.pending.entries", null, "committed entries not yet sealed into a block",
        Stats::pendingEntries);
    gauge(registry, "blockdb.ledger.size", BaseUnits.BYTES, "bytes of the block file", Stats::ledgerBytes);
    gauge(registry, "blockdb.sstables", null, "live SSTable files", Stats::sstables);
    gauge(registry, "blockdb.sstable.size", BaseUnits.BYTES, "bytes of live SSTables", Stats::sstableBytes);
    gauge(registry, "blockdb.memtable.size", BaseUnits.BYTES, "approximate bytes held in memtables",
        Stats::memtableBytes);
    gauge(registry, "blockdb.wal.segments", null, "write-ahead log segment files", Stats::walSegments);
    gauge(registry, "blockdb.wal.size", BaseUnits.BYTES, "bytes of write-ahead log segments", Stats::walBytes);
    gauge(registry, "blockdb.disk.size", BaseUnits.BYTES, "bytes in the data directory", Stats::diskBytes);
    gauge(registry, "blockdb.read.only", null,
        "1 when the engine refuses writes (after a failed fsync) until it is reopened, else 0",
        s -> s.readOnlyReason() == null ? 0 : 1);
  }

  private void counter(MeterRegistry registry, String name, String unit, String help,
      ToDoubleFunction<Stats> f) {
    FunctionCounter.builder(name, engine, e -> read(e, f)).description(help).baseUnit(unit).register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String unit, String help,
      ToDoubleFunction<Stats> f) {
    Gauge.builder(name, engine, e -> read(e, f)).description(help).baseUnit(unit).register(registry);
  }

  private static double read(BlockDb engine, ToDoubleFunction<Stats> f) {
    try {
      return f.applyAsDouble(engine.stats());
    } catch (BlockDbException e) {
      return Double.NaN; // closed: the scrape goes on, the meter shows no value
    }
  }
}
