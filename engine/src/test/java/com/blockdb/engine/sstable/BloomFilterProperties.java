package com.blockdb.engine.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The bloom filter's probes as the format defines them ({@code (a + i*b) mod m}, docs/FORMAT.md),
 * computed incrementally by writer and reader, and no false negatives.
 */
class BloomFilterProperties {

  @Property(tries = 300)
  void incrementalProbesEqualTheFormatsFormula(@ForAll long h, @ForAll @IntRange(min = 1, max = 1 << 28) int bytes) {
    long m = 8L * bytes;
    long bit = BloomFilter.probe(h, 0, m);
    long step = BloomFilter.step(h, m);
    for (int i = 0; i < BloomFilter.MAX_HASH_COUNT; i++) {
      assertThat(bit).as("probe %d", i).isEqualTo(BloomFilter.probe(h, i, m));
      bit = BloomFilter.next(bit, step, m);
    }
  }

  @Property(tries = 50)
  void everyAddedKeyMayBeContained(@ForAll @Size(max = 300) List<byte[]> keys) {
    BloomFilterBuilder b = new BloomFilterBuilder(keys.size());
    for (byte[] k : keys) {
      b.add(k);
    }
    BloomFilter f = b.toFilter();
    for (byte[] k : keys) {
      assertThat(f.mayContain(k)).isTrue();
    }
  }

  @Property(tries = 20)
  void bitsSetAreExactlyTheFormulasBits(@ForAll byte[] key, @ForAll @IntRange(min = 0, max = 5000) int expected) {
    BloomFilterBuilder b = new BloomFilterBuilder(expected);
    b.add(key);
    byte[] block = b.payload();
    long m = 8L * (block.length - 1);
    long h = BloomFilter.hash(key);
    byte[] want = new byte[block.length];
    want[0] = block[0];
    for (int i = 0; i < BloomFilterBuilder.HASH_COUNT; i++) {
      long bit = BloomFilter.probe(h, i, m);
      want[1 + (int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
    }
    assertThat(block).isEqualTo(want);
  }
}
