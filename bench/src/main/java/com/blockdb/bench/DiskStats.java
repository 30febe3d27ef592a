package com.blockdb.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Flush (cache-flush) requests the block device completed, from {@code /proc/diskstats} (Linux 5.5+,
 * field 18): an fsync-count that needs no help from the system under test, so it counts SQLite's,
 * H2's and PostgreSQL's flushes as well as BlockDB's (WAL and block file). Everything on the device
 * counts, so it is only meaningful while the benchmark is the device's only writer.
 */
final class DiskStats {

  private final String device;

  private DiskStats(String device) {
    this.device = device;
  }

  /** The device holding {@code dir}, or a DiskStats that reports -1 when it cannot be found. */
  static DiskStats forDirectory(Path dir) {
    try {
      FileStore store = Files.getFileStore(dir);
      String name = store.name(); // e.g. /dev/vda or /dev/nvme0n1p1
      String dev = name.startsWith("/dev/") ? name.substring(5) : null;
      if (dev != null && read(dev) < 0) {
        dev = null;
      }
      return new DiskStats(dev);
    } catch (IOException | RuntimeException e) {
      return new DiskStats(null);
    }
  }

  boolean available() {
    return device != null;
  }

  String device() {
    return device;
  }

  /** Flushes completed so far, or -1. */
  long flushes() {
    return device == null ? -1 : read(device);
  }

  private static long read(String dev) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/diskstats"));
      for (String line : lines) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 20 && f[2].equals(dev)) {
          return Long.parseLong(f[18]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or an older kernel without flush counters
    }
    return -1;
  }
}
