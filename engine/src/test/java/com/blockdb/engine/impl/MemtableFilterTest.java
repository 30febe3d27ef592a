package com.blockdb.engine.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The memtable's key filter: never a false negative, and few false positives at its design load. */
class MemtableFilterTest {

  @Property(tries = 50)
  void everyAddedKeyMayBeContained(@ForAll @Size(max = 2000) List<@Size(max = 40) byte[]> keys) {
    MemtableFilter f = new MemtableFilter(4096);
    for (byte[] k : keys) {
      f.add(k);
    }
    for (byte[] k : keys) {
      assertThat(f.mayContain(k)).isTrue();
    }
  }

  @Test
  void fewFalsePositivesAtTheLoadItIsSizedFor() {
    long limit = 8L * 1024 * 1024; // sized for 65,536 keys
    MemtableFilter f = new MemtableFilter(limit);
    int keys = (int) (limit / 128);
    for (int i = 0; i < keys; i++) {
      f.add(key(i));
    }
    int positives = 0;
    int probes = 200_000;
    for (int i = 0; i < probes; i++) {
      if (f.mayContain(key(keys + i))) {
        positives++;
      }
    }
    assertThat((double) positives / probes).as("false-positive rate").isLessThan(0.03);
  }

  @Test
  void anEmptyFilterContainsNothing() {
    MemtableFilter f = new MemtableFilter(64L * 1024 * 1024);
    for (int i = 0; i < 1000; i++) {
      assertThat(f.mayContain(key(i))).isFalse();
    }
  }

  /** Keys shaped like SQL primary keys: a table prefix, then an ascending big-endian id. */
  private static byte[] key(long id) {
    return ByteBuffer.allocate(13).putInt(7).put((byte) 1).putLong(id).array();
  }
}
