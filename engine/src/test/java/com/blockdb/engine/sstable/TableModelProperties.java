package com.blockdb.engine.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** A table must answer gets, scans and seeks exactly like a TreeMap holding the same entries. */
class TableModelProperties {

  private static Path dir;

  @BeforeContainer
  static void createDir() throws IOException {
    dir = Files.createTempDirectory("sstable-props");
  }

  @AfterContainer
  static void deleteDir() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Property
  void behavesLikeSortedMap(@ForAll("entries") List<Map.Entry<byte[], byte[]>> entries,
      @ForAll("keys") List<byte[]> probes, @ForAll @IntRange(min = 8, max = 300) int blockSize)
      throws IOException {
    NavigableMap<byte[], byte[]> model = TableFixtures.model();
    entries.forEach(e -> model.putIfAbsent(e.getKey(), e.getValue()));
    Path file = Files.createTempFile(dir, "t", ".sst");
    TableInfo info = TableFixtures.write(file, model, blockSize);

    assertThat(info.entryCount()).isEqualTo(model.size());
    assertThat(info.fileSize()).isEqualTo(Files.size(file));
    try (TableReader t = TableFixtures.open(file)) {
      assertThat(t.entryCount()).isEqualTo(model.size());
      assertThat(t.fileSize()).isEqualTo(Files.size(file));
      assertThat(t.path()).isEqualTo(file);
      byte[] first = model.isEmpty() ? null : model.firstKey();
      byte[] last = model.isEmpty() ? null : model.lastKey();
      assertThat(t.smallestKey()).isEqualTo(first).isEqualTo(info.smallestKey());
      assertThat(t.largestKey()).isEqualTo(last).isEqualTo(info.largestKey());

      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(t.get(e.getKey())).as("get %s", Bytes.hex(e.getKey())).isEqualTo(e.getValue());
      }
      for (byte[] probe : probes) {
        assertThat(t.get(probe)).as("get %s", Bytes.hex(probe)).isEqualTo(model.get(probe));
      }

      TableIterator it = t.iterator();
      assertSameEntries(TableFixtures.drain(it), model);
      assertThat(it.next()).as("stays at the end").isFalse();

      for (byte[] probe : probes) {
        it.seek(probe);
        assertSameEntries(TableFixtures.drain(it), model.tailMap(probe, true));
      }
      for (byte[] present : model.keySet()) {
        it.seek(present);
        assertThat(it.next()).isTrue();
        assertThat(it.key()).isEqualTo(present);
      }
      it.seekToFirst();
      assertSameEntries(TableFixtures.drain(it), model);
    } finally {
      Files.delete(file);
    }
  }

  private static void assertSameEntries(List<Map.Entry<byte[], byte[]>> actual,
      NavigableMap<byte[], byte[]> expected) {
    List<String> want = new ArrayList<>();
    expected.forEach((k, v) -> want.add(Bytes.hex(k) + "=" + Bytes.hex(v)));
    List<String> got = new ArrayList<>();
    actual.forEach(e -> got.add(Bytes.hex(e.getKey()) + "=" + Bytes.hex(e.getValue())));
    assertThat(got).isEqualTo(want);
  }

  @Provide
  Arbitrary<List<Map.Entry<byte[], byte[]>>> entries() {
    return Combinators.combine(key(), value()).as(Map::entry).list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<byte[]>> keys() {
    return key().list().ofMaxSize(10);
  }

  /** Short keys over a skewed alphabet: collisions, shared prefixes, 0x00 and 0xFF are common. */
  private static Arbitrary<byte[]> key() {
    Arbitrary<Byte> edgy = Arbitraries.of((byte) 0x00, (byte) 0xFF, (byte) 0x01, (byte) 0x7F,
        (byte) 0x80, (byte) 0xFE);
    Arbitrary<Byte> b = Arbitraries.frequencyOf(Tuple.of(3, edgy), Tuple.of(2, Arbitraries.bytes()));
    return b.array(byte[].class).ofMinSize(0).ofMaxSize(5);
  }

  /** Mostly small values, some empty, some far larger than the block size. */
  private static Arbitrary<byte[]> value() {
    Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
    Arbitrary<byte[]> large = Arbitraries.integers().between(301, 5000)
        .map(n -> {
          byte[] v = new byte[n];
          for (int i = 0; i < n; i++) {
            v[i] = (byte) (i * 31 + n);
          }
          return v;
        });
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(new byte[0])), Tuple.of(6, small),
        Tuple.of(1, large));
  }
}
