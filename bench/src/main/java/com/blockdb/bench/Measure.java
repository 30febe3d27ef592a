package com.blockdb.bench;

import java.util.Arrays;
import java.util.List;

/** Small statistics helpers: a growable long array, percentiles, medians. */
final class Measure {

  private Measure() {}

  /** A growable array of longs (latencies in nanoseconds), cheap to append from a hot loop. */
  static final class LongList {
    private long[] a;
    private int n;

    LongList(int capacity) {
      a = new long[Math.max(16, capacity)];
    }

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    void addAll(LongList o) {
      for (int i = 0; i < o.n; i++) {
        add(o.a[i]);
      }
    }

    int size() {
      return n;
    }

    void clear() {
      n = 0;
    }

    long[] sorted() {
      long[] s = Arrays.copyOf(a, n);
      Arrays.sort(s);
      return s;
    }
  }

  /** The {@code p}-th percentile (0..100) of sorted values, nearest rank. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** Percentiles of latencies, in microseconds. */
  record Latency(double p50Micros, double p99Micros, int samples) {
    static Latency of(LongList nanos) {
      long[] s = nanos.sorted();
      return new Latency(percentile(s, 50) / 1000.0, percentile(s, 99) / 1000.0, s.length);
    }
  }
}
