package com.blockdb.engine.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.util.Bytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The memtable's skip list against a TreeMap: any mix of ascending runs (the finger's case),
 * random keys and keys that are prefixes of each other gives the same gets, ceilings and ranges.
 * Plus readers walking the list while the writer appends.
 */
class SkipListProperties {

  /** Keys over a small alphabet, so prefixes, equal lengths and unsigned bytes (0xFF) all occur. */
  @Provide
  Arbitrary<List<byte[]>> keys() {
    Arbitrary<byte[]> random = Arbitraries.bytes().filter(b -> b == 0 || b == 1 || b == (byte) 0x7F
            || b == (byte) 0x80 || b == (byte) 0xFF).array(byte[].class).ofMaxSize(4);
    Arbitrary<List<byte[]>> ascendingRun = Arbitraries.integers().between(0, 1000)
        .flatMap(start -> Arbitraries.integers().between(1, 40).map(len -> {
          List<byte[]> run = new ArrayList<>();
          for (int i = 0; i < len; i++) {
            run.add(ByteBuffer.allocate(4).putInt(start * 50 + i).array());
          }
          return run;
        }));
    Arbitrary<List<byte[]>> single = random.map(List::of);
    return Arbitraries.oneOf(single, ascendingRun).list().ofMaxSize(12).map(lists -> {
      List<byte[]> all = new ArrayList<>();
      lists.forEach(all::addAll);
      return all;
    });
  }

  @Property
  void behavesLikeASortedMap(@ForAll("keys") List<byte[]> keys, @ForAll("keys") List<byte[]> probes) {
    SkipList list = new SkipList();
    TreeMap<byte[], byte[]> model = new TreeMap<>(Bytes.ORDER);
    for (byte[] k : keys) {
      byte[] v = ("v" + Bytes.printable(k)).getBytes();
      if (model.containsKey(k)) {
        assertThatThrownBy(() -> list.insert(k, v)).isInstanceOf(IllegalStateException.class);
        continue;
      }
      list.insert(k, v);
      model.put(k, v);
    }
    assertThat(list.size()).isEqualTo(model.size());
    assertThat(keysOf(list.iterator(null, null))).containsExactlyElementsOf(model.keySet());
    List<byte[]> values = new ArrayList<>();
    list.iterator(null, null).forEachRemaining(n -> values.add(n.getValue()));
    assertThat(values).containsExactlyElementsOf(model.values());
    List<byte[]> all = new ArrayList<>(keys);
    all.addAll(probes);
    for (byte[] p : all) {
      SkipList.Node found = list.find(p);
      assertThat(found == null ? null : found.getValue()).isEqualTo(model.get(p));
      SkipList.Node c = list.ceiling(p);
      byte[] expected = model.ceilingKey(p);
      assertThat(c == null ? null : c.getKey()).isEqualTo(expected);
      for (byte[] q : probes) {
        List<byte[]> range = keysOf(list.iterator(p, q));
        List<byte[]> want = Bytes.compare(p, q) < 0 ? new ArrayList<>(model.subMap(p, true, q, false).keySet())
            : List.of();
        assertThat(range).containsExactlyElementsOf(want);
      }
      assertThat(keysOf(list.iterator(p, null))).containsExactlyElementsOf(model.tailMap(p, true).keySet());
      assertThat(keysOf(list.iterator(null, p))).containsExactlyElementsOf(model.headMap(p, false).keySet());
    }
  }

  /** Entries span many slabs, some straddle a slab's end, and large ones get arrays of their own. */
  @Test
  void valuesSurviveAcrossSlabsAndLargeEntries() {
    SkipList list = new SkipList();
    TreeMap<byte[], byte[]> model = new TreeMap<>(Bytes.ORDER);
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 5000; i++) {
      int size = i % 1000 == 999 ? SkipList.SLAB / 4 + random.nextInt(1000) : random.nextInt(2000);
      byte[] value = new byte[size];
      random.nextBytes(value);
      byte[] key = key(random.nextInt(1 << 30));
      if (model.putIfAbsent(key, value) == null) {
        list.insert(key, value);
      }
    }
    assertThat(keysOf(list.iterator(null, null))).containsExactlyElementsOf(model.keySet());
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      assertThat(list.find(e.getKey()).getValue()).isEqualTo(e.getValue());
    }
  }

  private static List<byte[]> keysOf(Iterator<? extends Map.Entry<byte[], byte[]>> it) {
    List<byte[]> out = new ArrayList<>();
    it.forEachRemaining(e -> out.add(e.getKey()));
    return out;
  }

  /**
   * Readers scan and look up while one writer inserts ascending and interleaved keys: every scan is
   * in strict order, and every key the writer had inserted before a reader started is found.
   */
  @Test
  void readersSeeAConsistentListWhileTheWriterInserts() throws Exception {
    SkipList list = new SkipList();
    int n = 200_000;
    java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
    AtomicReference<byte[]> lastInserted = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Thread t = new Thread(() -> {
        try {
          while (published.get() < n) {
            byte[] last = lastInserted.get();
            int before = published.get();
            byte[] prev = null;
            int seen = 0;
            for (Iterator<SkipList.Node> it = list.iterator(null, null); it.hasNext(); ) {
              byte[] k = it.next().getKey();
              if (prev != null && Bytes.compare(prev, k) >= 0) {
                throw new AssertionError("scan out of order at " + Bytes.printable(k));
              }
              prev = k;
              seen++;
            }
            if (seen < before) {
              throw new AssertionError("scan saw " + seen + " keys, " + before + " were inserted before it began");
            }
            if (last != null && list.find(last) == null) {
              throw new AssertionError("inserted key " + Bytes.printable(last) + " not found");
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      t.start();
      readers.add(t);
    }
    // Even numbers ascending first (the finger's path), then odd ones between them (full searches).
    int count = 0;
    for (int i = 0; i < n; i += 2) {
      list.insert(key(i), new byte[] {1});
      lastInserted.set(key(i));
      published.set(++count);
    }
    for (int i = 1; i < n; i += 2) {
      list.insert(key(i), new byte[] {2});
      lastInserted.set(key(i));
      published.set(++count);
    }
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(list.size()).isEqualTo(n);
    assertThat(keysOf(list.iterator(null, null))).hasSize(n);
  }

  /**
   * A key inserted earlier is found, and is a range's first entry, while the writer links new keys
   * right before it. Many small lists of keys from interleaved ascending streams (as a memtable just
   * after a switch sees them from several writers), read by two threads the whole time. A ceiling
   * that read the stopping node's link a second time returned the node linked there meanwhile, and
   * missed about one lookup in 10,000 here.
   */
  @Test
  void findsEarlierKeysWhileTheWriterLinksNodesBeforeThem() throws Exception {
    record Published(SkipList list, byte[][] keys, int count) {}
    AtomicReference<Published> current = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int seed = r;
      Thread t = new Thread(() -> {
        java.util.Random rnd = new java.util.Random(seed);
        try {
          while (!done.get() && failure.get() == null) {
            Published p = current.get();
            if (p == null || p.count() == 0) {
              continue;
            }
            byte[] k = p.keys()[rnd.nextInt(p.count())];
            lookups.incrementAndGet();
            if (p.list().find(k) == null) {
              throw new AssertionError("key " + Bytes.printable(k) + " inserted before the lookup was not found");
            }
            Iterator<SkipList.Node> it = p.list().iterator(k, null);
            if (!it.hasNext() || Bytes.compare(it.next().getKey(), k) != 0) {
              throw new AssertionError("a range from " + Bytes.printable(k) + " does not start at it");
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      t.start();
      readers.add(t);
    }
    java.util.Random rnd = new java.util.Random(42);
    try {
      for (int round = 0; round < 100_000 && failure.get() == null; round++) {
        int n = 8 + rnd.nextInt(200);
        byte[][] keys = new byte[n][];
        int[] next = new int[6];
        for (int i = 0; i < n; i++) {
          int stream = rnd.nextInt(next.length);
          keys[i] = ByteBuffer.allocate(8).putInt(stream).putInt(next[stream]++).array();
        }
        SkipList list = new SkipList();
        for (int i = 0; i < n; i++) {
          list.insert(keys[i], new byte[] {3});
          current.set(new Published(list, keys, i + 1));
        }
      }
    } finally {
      done.set(true);
      for (Thread t : readers) {
        t.join();
      }
    }
    assertThat(failure.get()).isNull();
    assertThat(lookups.get()).as("lookups made while the writer inserted").isGreaterThan(100_000);
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(5).put((byte) 9).putInt(i).array();
  }
}
