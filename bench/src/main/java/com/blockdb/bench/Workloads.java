package com.blockdb.bench;

import com.blockdb.bench.Measure.Latency;
import com.blockdb.bench.Measure.LongList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/** The measurements. Each returns plain figures; {@link Main} turns them into table cells. */
final class Workloads {

  private Workloads() {}

  // ---------------------------------------------------------------- machine

  static final long SLICE_MILLIS = 250;
  static final long PREALLOCATED_MIB = 4;

  /**
   * The disk's fsync rate: append 100 bytes and FileChannel.force(false), in a loop; the rate is the
   * median of 250 ms slices, the latencies those of every fsync.
   */
  record Fsync(double perSecond, double p50Micros, double p99Micros, double deviceFlushesPerFsync, long count) {}

  static Fsync fsync(Path dir, long millis, DiskStats disk) throws IOException {
    return fsync(dir, millis, disk, false);
  }

  /**
   * The same on a file written and fsynced beforehand, overwritten in place: no size change, so
   * fdatasync need not commit the file system's journal (SQLite's WAL and PostgreSQL's recycled WAL
   * segments are written this way).
   */
  static Fsync fsyncPreallocated(Path dir, long millis, DiskStats disk) throws IOException {
    return fsync(dir, millis, disk, true);
  }

  private static Fsync fsync(Path dir, long millis, DiskStats disk, boolean preallocate) throws IOException {
    Path f = dir.resolve("fsync-probe.dat");
    byte[] rec = new byte[100];
    ThreadLocalRandom.current().nextBytes(rec);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      long wrapAt = Long.MAX_VALUE;
      if (preallocate) {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (int i = 0; i < PREALLOCATED_MIB; i++) {
          zeros.clear();
          ch.write(zeros);
        }
        ch.force(true);
        ch.position(0);
        wrapAt = (PREALLOCATED_MIB << 20) - rec.length;
      }
      long warmEnd = System.nanoTime() + Math.min(200, millis / 4) * 1_000_000L;
      while (System.nanoTime() < warmEnd) {
        ch.write(ByteBuffer.wrap(rec));
        ch.force(false);
        if (ch.position() > wrapAt) {
          ch.position(0);
        }
      }
      LongList lat = new LongList(20_000);
      long d0 = disk.flushes();
      long start = System.nanoTime();
      long end = start + millis * 1_000_000L;
      // The rate is the median over slices of SLICE_MILLIS: a burst of I/O from another process
      // stalls one slice, not the figure.
      long sliceNanos = Math.min(SLICE_MILLIS, Math.max(1, millis / 4)) * 1_000_000L;
      List<Double> sliceRates = new ArrayList<>();
      long sliceStart = start;
      long sliceCount = 0;
      long t1;
      do {
        long t0 = System.nanoTime();
        ch.write(ByteBuffer.wrap(rec));
        ch.force(false);
        t1 = System.nanoTime();
        lat.add(t1 - t0);
        if (ch.position() > wrapAt) {
          ch.position(0); // stays inside the preallocated bytes
        }
        sliceCount++;
        if (t1 - sliceStart >= sliceNanos) {
          sliceRates.add(sliceCount / ((t1 - sliceStart) / 1e9));
          sliceStart = t1;
          sliceCount = 0;
        }
      } while (t1 < end);
      long d1 = disk.flushes();
      Latency l = Latency.of(lat);
      double rate = sliceRates.isEmpty() ? lat.size() / ((t1 - start) / 1e9) : Measure.median(sliceRates);
      double dpf = d0 < 0 || d1 < 0 ? Double.NaN : (double) (d1 - d0) / lat.size();
      return new Fsync(rate, l.p50Micros(), l.p99Micros(), dpf, lat.size());
    } finally {
      Files.deleteIfExists(f);
    }
  }

  /** Size of the messages of the bulk SHA-256 figure: the hashing throughput without per-message cost. */
  static final int SHA_BULK_BYTES = 16 * 1024;

  /**
   * SHA-256 through {@link MessageDigest}, one thread: 100-byte messages (hashes per second and the
   * MB/s that makes, median of rounds), and {@link #SHA_BULK_BYTES}-byte messages (MB/s).
   */
  record Sha(double hashesPerSecond, double megabytesPerSecond, double bulkMegabytesPerSecond) {}

  static Sha sha256(long millis, int rounds) throws NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    double small = hashRate(md, 100, millis, rounds);
    double bulk = hashRate(md, SHA_BULK_BYTES, millis, rounds);
    return new Sha(small, small * 100 / 1e6, bulk * SHA_BULK_BYTES / 1e6);
  }

  /** Hashes per second of {@code size}-byte messages: a warm-up of {@code millis}, then the median of rounds. */
  private static double hashRate(MessageDigest md, int size, long millis, int rounds) {
    byte[] msg = new byte[size];
    ThreadLocalRandom.current().nextBytes(msg);
    byte[] sink;
    long warmEnd = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < warmEnd) {
      md.update(msg);
      sink = md.digest();
      msg[0] ^= sink[0]; // a data dependency, so the JIT cannot drop the hashing
    }
    int perCheck = Math.max(1, 100_000 / size);
    List<Double> rates = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      long n = 0;
      long start = System.nanoTime();
      long end = start + millis * 1_000_000L;
      long now;
      do {
        for (int i = 0; i < perCheck; i++) {
          md.update(msg);
          sink = md.digest();
          msg[0] ^= sink[0];
        }
        n += perCheck;
        now = System.nanoTime();
      } while (now < end);
      rates.add(n / ((now - start) / 1e9));
    }
    return Measure.median(rates);
  }

  // ---------------------------------------------------------------- single puts

  /**
   * Durable single puts from {@code threads} threads. Before each measured round the disk's fsync
   * rate is probed again for {@link Config#probeMillis()} (writers idle), so each round's figures can
   * be divided by an fsync figure taken moments before: a ratio that holds when other processes
   * slow the disk down for a while.
   *
   * @param opsPerSecond median of the rounds
   * @param latency of every measured put
   * @param puts measured puts
   * @param fsyncsPerPut the system's own fsync count over the measured rounds per put, or NaN
   * @param deviceFlushesPerPut flush requests the disk completed per put during the rounds, or NaN
   * @param opsPerFsyncRate median over rounds of (ops/s) / (threads × the paired fsync rate)
   * @param p50PerFsyncP50 median over rounds of (put p50) / (the paired fsync p50)
   * @param pairedFsyncRate median of the paired fsync rates
   */
  record Puts(double opsPerSecond, Latency latency, long puts, double fsyncsPerPut, double deviceFlushesPerPut,
      double opsPerFsyncRate, double p50PerFsyncP50, double pairedFsyncRate) {}

  static Puts puts(Subject.Store store, int threads, Config c, DiskStats disk, Path probeDir) throws Exception {
    Subject.Writer[] ws = new Subject.Writer[threads];
    for (int i = 0; i < threads; i++) {
      ws[i] = store.writer(false);
    }
    long[] next = new long[threads];
    LongList[] lat = new LongList[threads];
    for (int i = 0; i < threads; i++) {
      lat[i] = new LongList(100_000);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bench-writer");
      t.setDaemon(true);
      return t;
    });
    try {
      putPhase(pool, ws, next, lat, c.warmupMillis());
      for (LongList l : lat) {
        l.clear();
      }
      List<Double> rates = new ArrayList<>();
      List<Double> rateRatios = new ArrayList<>();
      List<Double> p50Ratios = new ArrayList<>();
      List<Double> probeRates = new ArrayList<>();
      LongList all = new LongList(100_000);
      LongList round = new LongList(100_000);
      long fsyncs = 0;
      long flushes = 0;
      boolean fsyncsKnown = true;
      boolean flushesKnown = true;
      long total = 0;
      for (int r = 0; r < c.rounds(); r++) {
        Fsync probe = fsync(probeDir, c.probeMillis(), disk);
        probeRates.add(probe.perSecond());
        long f0 = store.fsyncs();
        long d0 = disk.flushes();
        long[] phase = putPhase(pool, ws, next, lat, c.roundMillis());
        long f1 = store.fsyncs();
        long d1 = disk.flushes();
        fsyncsKnown &= f0 >= 0 && f1 >= 0;
        flushesKnown &= d0 >= 0 && d1 >= 0;
        fsyncs += f1 - f0;
        flushes += d1 - d0;
        double rate = phase[0] / (phase[1] / 1e9);
        rates.add(rate);
        total += phase[0];
        round.clear();
        for (LongList l : lat) {
          all.addAll(l);
          round.addAll(l);
          l.clear();
        }
        rateRatios.add(rate / (threads * probe.perSecond()));
        p50Ratios.add(Latency.of(round).p50Micros() / probe.p50Micros());
      }
      double fpp = fsyncsKnown ? (double) fsyncs / total : Double.NaN;
      double dpp = flushesKnown ? (double) flushes / total : Double.NaN;
      return new Puts(Measure.median(rates), Latency.of(all), total, fpp, dpp, Measure.median(rateRatios),
          Measure.median(p50Ratios), Measure.median(probeRates));
    } finally {
      pool.shutdownNow();
      for (Subject.Writer w : ws) {
        w.close();
      }
    }
  }

  /** Runs every writer for {@code millis}; returns {puts, elapsed nanos}. */
  private static long[] putPhase(ExecutorService pool, Subject.Writer[] ws, long[] next, LongList[] lat, long millis)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    long[] startBox = new long[1];
    List<Future<Long>> fs = new ArrayList<>();
    for (int i = 0; i < ws.length; i++) {
      final int t = i;
      fs.add(pool.submit(() -> {
        go.await();
        long end = startBox[0] + millis * 1_000_000L;
        byte[] value = new byte[Keys.VALUE_BYTES];
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long n = 0;
        long t1;
        do {
          byte[] key = Keys.key(t, next[t]++);
          rnd.nextBytes(value);
          long t0 = System.nanoTime();
          ws[t].put(key, value);
          t1 = System.nanoTime();
          lat[t].add(t1 - t0);
          n++;
        } while (t1 < end);
        return n;
      }));
    }
    startBox[0] = System.nanoTime();
    go.countDown();
    long n = 0;
    for (Future<Long> f : fs) {
      n += f.get();
    }
    long elapsed = System.nanoTime() - startBox[0];
    return new long[] {n, elapsed};
  }

  // ---------------------------------------------------------------- batched puts

  /** Batched puts, one thread: entries per second (median of rounds), entries written in all. */
  record Batches(double entriesPerSecond, long entries) {}

  static Batches batches(Subject.Store store, Config c) throws Exception {
    try (Subject.Writer w = store.writer(true)) {
      int bs = c.batchSize();
      byte[][] keys = new byte[bs][];
      byte[][] values = new byte[bs][];
      for (int i = 0; i < bs; i++) {
        values[i] = new byte[Keys.VALUE_BYTES];
      }
      long[] next = {0};
      long entries = 0;
      for (int b = 0; b < c.warmupBatches(); b++) {
        oneBatch(w, keys, values, next);
        entries += bs;
      }
      List<Double> rates = new ArrayList<>();
      for (int r = 0; r < c.rounds(); r++) {
        long start = System.nanoTime();
        long cap = start + c.batchRoundCapMillis() * 1_000_000L;
        long n = 0;
        long now;
        int b = 0;
        do {
          oneBatch(w, keys, values, next);
          n += bs;
          b++;
          now = System.nanoTime();
        } while (b < c.batchesPerRound() && now < cap);
        rates.add(n / ((now - start) / 1e9));
        entries += n;
      }
      return new Batches(Measure.median(rates), entries);
    }
  }

  private static void oneBatch(Subject.Writer w, byte[][] keys, byte[][] values, long[] next) throws Exception {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int i = 0; i < keys.length; i++) {
      keys[i] = Keys.key(50, next[0]++);
      rnd.nextBytes(values[i]);
    }
    w.putBatch(keys, values, keys.length);
  }

  // ---------------------------------------------------------------- random gets

  /** Random point reads right after loading ("hot": BlockDB's memtable) and from the files ("cold"). */
  record Gets(Latency hot, Latency cold, String hotState, String coldState) {}

  static Gets gets(Subject.Store store, Path dir, Config c) throws Exception {
    int n = c.getKeys();
    byte[][] all = new byte[n][];
    try (Subject.Writer w = store.writer(true)) {
      int bs = Math.min(c.batchSize(), n);
      byte[][] keys = new byte[bs][];
      byte[][] values = new byte[bs][];
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      for (int i = 0; i < n; i += bs) {
        int m = Math.min(bs, n - i);
        for (int j = 0; j < m; j++) {
          keys[j] = Keys.key(60, i + j);
          all[i + j] = keys[j];
          values[j] = new byte[Keys.VALUE_BYTES];
          rnd.nextBytes(values[j]);
        }
        w.putBatch(keys, values, m);
      }
    }
    String hotState = store.state();
    Latency hot = readRandom(store, all, c);
    Subject.Store cold = store.cold(dir);
    String coldState = cold.state();
    Latency coldLat = readRandom(cold, all, c);
    if (cold != store) {
      cold.close();
    }
    return new Gets(hot, coldLat, hotState, coldState);
  }

  private static Latency readRandom(Subject.Store store, byte[][] keys, Config c) throws Exception {
    SplittableRandom rnd = new SplittableRandom(42);
    try (Subject.Reader r = store.reader()) {
      for (int i = 0; i < c.getWarmup(); i++) {
        check(r.get(keys[rnd.nextInt(keys.length)]));
      }
      LongList lat = new LongList(c.getSamples() * c.rounds());
      int[] order = new int[c.getSamples()];
      for (int round = 0; round < c.rounds(); round++) {
        for (int i = 0; i < order.length; i++) {
          order[i] = rnd.nextInt(keys.length);
        }
        for (int i = 0; i < order.length; i++) {
          byte[] k = keys[order[i]];
          long t0 = System.nanoTime();
          byte[] v = r.get(k);
          long t1 = System.nanoTime();
          lat.add(t1 - t0);
          check(v);
        }
      }
      return Latency.of(lat);
    }
  }

  private static void check(byte[] v) {
    if (v == null || v.length != Keys.VALUE_BYTES) {
      throw new IllegalStateException("a loaded key read back " + (v == null ? "null" : v.length + " bytes"));
    }
  }

  // ---------------------------------------------------------------- verify

  /** Full verification: entries per second (median of rounds) over a store of {@code entries}. */
  record Verify(double entriesPerSecond, long entries, long blocks, double seconds) {}

  static Verify verify(BlockDbSubject.DbStore store, int rounds) {
    List<Double> rates = new ArrayList<>();
    List<Double> secs = new ArrayList<>();
    long entries = 0;
    long blocks = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      var res = store.verify();
      long t1 = System.nanoTime();
      if (!res.ok()) {
        throw new IllegalStateException("verify failed: " + res.message());
      }
      entries = res.entriesChecked();
      blocks = res.blocksChecked();
      rates.add(entries / ((t1 - t0) / 1e9));
      secs.add((t1 - t0) / 1e9);
    }
    return new Verify(Measure.median(rates), entries, blocks, Measure.median(secs));
  }
}
