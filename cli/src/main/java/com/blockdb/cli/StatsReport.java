package com.blockdb.cli;

import com.blockdb.engine.Options;
import com.blockdb.engine.Stats;
import com.blockdb.engine.util.Bytes;
import java.nio.file.Path;
import java.util.Locale;

/** Formats {@link Stats} for people: aligned labels, exact counts, sizes in bytes and binary units. */
final class StatsReport {
  private StatsReport() {}

  static String format(Path dataDir, Stats s) {
    StringBuilder b = new StringBuilder("BlockDB Statistics:\n");
    line(b, "Data directory", dataDir.toAbsolutePath().normalize().toString());
    line(b, "Entries", Long.toString(s.entries()));
    line(b, "Blocks", s.blocks() + " (height " + s.height() + ")");
    line(b, "Pending entries", Long.toString(s.pendingEntries()));
    line(b, "SSTables", s.sstables() + ", " + size(s.sstableBytes()));
    line(b, "Memtable", size(s.memtableBytes()));
    line(b, "WAL segments", s.walSegments() + ", " + size(s.walBytes()));
    line(b, "Ledger size", size(s.ledgerBytes()));
    line(b, "Disk usage", size(s.diskBytes()));
    if (s.digest() != null) {
      line(b, "Digest root", Bytes.hex(s.digest().root()));
    }
    if (s.readOnlyReason() != null) {
      line(b, "READ-ONLY", s.readOnlyReason());
    }
    Options o = s.options();
    b.append("Configuration:\n");
    line(b, "Memtable size limit", size(o.memtableSizeLimit()));
    line(b, "WAL sync interval", o.walSyncIntervalMs() + " ms"
        + (o.durabilityRelaxed() ? "" : " (fsync before every acknowledgement)"));
    line(b, "Compaction threshold", o.compactionThreshold() + " SSTables");
    line(b, "Blockchain batch size", o.blockchainBatchSize() + " entries per block");
    line(b, "Block interval", o.blockIntervalMs() + " ms");
    String warning = s.durabilityWarning();
    if (warning != null) {
      b.append(warning).append('\n');
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append("  ").append(label).append(':');
    b.append(" ".repeat(Math.max(1, 23 - label.length()))).append(value).append('\n');
  }

  /** "512 bytes", or "1536 bytes (1.5 KiB)": exact for scripts, then readable for people. */
  static String size(long bytes) {
    String exact = bytes + (bytes == 1 ? " byte" : " bytes");
    if (bytes < 1024) {
      return exact;
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = -1;
    double v = bytes;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    long scale = 1L << (10 * (unit + 1));
    String readable = bytes % scale == 0 ? (bytes / scale) + " " + units[unit]
        : String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    return exact + " (" + readable + ")";
  }
}
