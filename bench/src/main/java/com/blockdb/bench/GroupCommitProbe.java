package com.blockdb.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A diagnostic, not a workload: group commit with no engine around it, to show what the machine
 * itself allows. One commit thread takes requests from a {@link LinkedBlockingQueue}, optionally
 * waits (yielding, for at most a quarter of the last fsync) until as many requests are queued as
 * the last group had, writes one 150-byte record per request, fsyncs once, and completes each
 * request's {@link CompletableFuture}; N writer threads do nothing but submit and wait.
 *
 * <pre>
 * java -cp "bench/target/blockdb-bench.jar:bench/target/lib/*" com.blockdb.bench.GroupCommitProbe \
 *     DIR THREADS cohort|nocohort append|prealloc MILLIS
 * </pre>
 */
public final class GroupCommitProbe {

  private static final class Req {
    final CompletableFuture<Long> done = new CompletableFuture<>();
    final byte[] rec;

    Req(byte[] rec) {
      this.rec = rec;
    }
  }

  private GroupCommitProbe() {}

  public static void main(String[] a) throws Exception {
    if (a.length != 5) {
      System.err.println("usage: GroupCommitProbe DIR THREADS cohort|nocohort append|prealloc MILLIS");
      System.exit(2);
    }
    Path dir = Path.of(a[0]);
    int threads = Integer.parseInt(a[1]);
    boolean cohort = a[2].equals("cohort");
    boolean prealloc = a[3].equals("prealloc");
    long millis = Long.parseLong(a[4]);
    Path f = Files.createTempFile(dir, "group-commit-probe", ".dat");
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      if (prealloc) {
        ByteBuffer z = ByteBuffer.allocate(1 << 20);
        for (int i = 0; i < 256; i++) {
          z.clear();
          ch.write(z);
        }
        ch.force(true);
        ch.position(0);
      }
      run(ch, threads, cohort, prealloc, millis);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  private static void run(FileChannel ch, int threads, boolean cohort, boolean prealloc, long millis)
      throws InterruptedException {
    LinkedBlockingQueue<Req> q = new LinkedBlockingQueue<>();
    AtomicLong fsyncs = new AtomicLong();
    AtomicLong fsyncNanos = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Thread commit = new Thread(() -> {
      List<Req> g = new ArrayList<>();
      int last = 0;
      long lastFsync = 100_000;
      try {
        while (!stop.get()) {
          Req first = q.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          if (cohort && last > 1) {
            long deadline = System.nanoTime() + Math.min(200_000, lastFsync / 4);
            while (q.size() + 1 < last && System.nanoTime() < deadline) {
              Thread.yield();
            }
          }
          g.add(first);
          q.drainTo(g, 4096);
          for (Req r : g) {
            ch.write(ByteBuffer.wrap(r.rec));
          }
          long t = System.nanoTime();
          ch.force(false);
          lastFsync = System.nanoTime() - t;
          fsyncs.incrementAndGet();
          fsyncNanos.addAndGet(lastFsync);
          for (Req r : g) {
            r.done.complete(0L);
          }
          last = g.size();
          g.clear();
        }
      } catch (IOException | InterruptedException e) {
        e.printStackTrace();
      }
    }, "commit");
    commit.start();
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    long end = warmEnd + millis * 1_000_000L;
    long[] counted = new long[threads];
    List<Thread> ws = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      final int ti = i;
      Thread t = new Thread(() -> {
        byte[] rec = new byte[150];
        long now;
        while ((now = System.nanoTime()) < end) {
          Req r = new Req(rec);
          q.add(r);
          r.done.join();
          if (now > warmEnd) {
            counted[ti]++;
          }
        }
      }, "writer-" + i);
      ws.add(t);
      t.start();
    }
    Thread.sleep(1000);
    long f0 = fsyncs.get();
    long n0 = fsyncNanos.get();
    Thread.sleep(millis);
    long f1 = fsyncs.get();
    long n1 = fsyncNanos.get();
    for (Thread t : ws) {
      t.join();
    }
    stop.set(true);
    commit.join();
    long total = 0;
    for (long c : counted) {
      total += c;
    }
    double secs = millis / 1000.0;
    System.out.printf(Locale.ROOT, "threads=%d cohort=%s prealloc=%s: %.0f ops/s, %.0f fsyncs/s, %.3f fsyncs/op,"
        + " mean fsync %.0f us, mean cycle %.0f us%n", threads, cohort, prealloc, total / secs, (f1 - f0) / secs,
        (double) (f1 - f0) / total, (n1 - n0) / 1e3 / (f1 - f0), secs * 1e6 / (f1 - f0));
  }
}
