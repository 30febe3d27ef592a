package com.blockdb.engine.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.util.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Example-based checks of the table reader and writer: block budget, limits, edge cases. */
class TableReaderTest {

  @TempDir Path dir;

  private static byte[] key(int i) {
    return TableFixtures.utf8(String.format("user/%08d", i));
  }

  @Test
  void pointGetReadsAtMostOneDataBlock() throws IOException {
    NavigableMap<byte[], byte[]> model = TableFixtures.model();
    for (int i = 0; i < 5000; i += 2) { // even keys present, odd keys absent but in range
      model.put(key(i), TableFixtures.utf8("value-" + i));
    }
    Path file = dir.resolve("t.sst");
    TableFixtures.write(file, model, 256);
    try (TableReader t = TableFixtures.open(file)) {
      assertThat(t.index().blockCount()).isGreaterThan(100);
      assertThat(t.blocksRead()).as("open reads no data block").isZero();
      for (int i = 0; i < 5000; i++) {
        long before = t.blocksRead();
        byte[] v = t.get(key(i));
        long read = t.blocksRead() - before;
        if (i % 2 == 0) {
          assertThat(v).isEqualTo(TableFixtures.utf8("value-" + i));
          assertThat(read).isEqualTo(1);
        } else {
          assertThat(v).isNull();
          assertThat(read).isLessThanOrEqualTo(1);
        }
      }
      // 10 bits per key gives about 1% false positives; allow 3%.
      assertThat(t.bloomNegatives()).isGreaterThan(2500 * 97 / 100);
      long before = t.blocksRead();
      assertThat(t.get(TableFixtures.utf8("a"))).isNull(); // below the smallest key
      assertThat(t.get(TableFixtures.utf8("zzz"))).isNull(); // above the largest key
      assertThat(t.blocksRead()).isEqualTo(before);

      before = t.blocksRead();
      TableIterator it = t.iterator();
      it.seek(key(2501));
      assertThat(t.blocksRead() - before).as("seek reads one block").isEqualTo(1);
      assertThat(it.next()).isTrue();
      assertThat(it.key()).isEqualTo(key(2502));

      before = t.blocksRead();
      it.seekToFirst();
      assertThat(TableFixtures.drain(it)).hasSize(2500);
      assertThat(t.blocksRead() - before).as("a scan reads each block once")
          .isEqualTo(t.index().blockCount());
    }
  }

  @Test
  void largeValuesGetTheirOwnBlock() throws IOException {
    NavigableMap<byte[], byte[]> model = TableFixtures.model();
    byte[] big = new byte[16 << 20];
    new Random(1).nextBytes(big);
    model.put(key(1), TableFixtures.utf8("small"));
    model.put(key(2), big);
    model.put(key(3), new byte[0]);
    Path file = dir.resolve("big.sst");
    TableFixtures.write(file, model, 4096);
    try (TableReader t = TableFixtures.open(file)) {
      assertThat(t.index().blockCount()).isEqualTo(3);
      assertThat(t.index().size(0)).isLessThan(100);
      assertThat(t.get(key(2))).isEqualTo(big);
      assertThat(t.get(key(3))).isEmpty();
      TableIterator it = t.iterator();
      assertThat(TableFixtures.drain(it)).extracting(Map.Entry::getValue)
          .containsExactly(TableFixtures.utf8("small"), big, new byte[0]);
    }
  }

  @Test
  void emptyTable() throws IOException {
    Path file = dir.resolve("empty.sst");
    TableInfo info = TableFixtures.write(file, TableFixtures.model(), 4096);
    assertThat(info).isEqualTo(new TableInfo(0, Files.size(file), null, null));
    try (TableReader t = TableFixtures.open(file)) {
      assertThat(t.entryCount()).isZero();
      assertThat(t.smallestKey()).isNull();
      assertThat(t.largestKey()).isNull();
      assertThat(t.get(new byte[0])).isNull();
      TableIterator it = t.iterator();
      assertThat(it.next()).isFalse();
      it.seek(new byte[0]);
      assertThat(it.next()).isFalse();
      assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void builderRejectsUnorderedKeysAndNonEmptyFiles() throws IOException {
    Path file = dir.resolve("t.sst");
    try (WritableFile out = FileLayer.real().create(file)) {
      TableBuilder b = new TableBuilder(out, file, 4096, 10);
      b.add(new byte[] {1}, new byte[0]);
      assertThatThrownBy(() -> b.add(new byte[] {1}, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.add(new byte[] {0, 5}, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class);
      b.add(new byte[] {(byte) 0x80}, new byte[0]); // unsigned: 0x80 sorts after 0x01
      assertThat(b.finish().entryCount()).isEqualTo(2);
      assertThatThrownBy(() -> b.add(new byte[] {(byte) 0x90}, new byte[0]))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> new TableBuilder(out, file, 4096, 10))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void unknownVersionIsUnsupportedFormat() throws IOException {
    NavigableMap<byte[], byte[]> model = TableFixtures.model();
    model.put(key(1), key(1));
    Path file = dir.resolve("v2.sst");
    TableFixtures.write(file, model, 4096);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer footer = ByteBuffer.wrap(bytes, bytes.length - Footer.ENCODED_LENGTH,
        Footer.ENCODED_LENGTH).slice();
    footer.putInt(Footer.VERSION_OFFSET, 2); // a well-formed footer of a newer writer
    footer.putInt(Footer.CRC_OFFSET,
        Checksums.crc32c(bytes, bytes.length - Footer.ENCODED_LENGTH, Footer.CRC_OFFSET));
    Files.write(file, bytes);
    assertThatThrownBy(() -> TableFixtures.open(file))
        .isInstanceOfSatisfying(BlockDbException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT))
        .hasMessageContaining(file.toString());
  }

  @Test
  void concurrentReaders() throws Exception {
    NavigableMap<byte[], byte[]> model = TableFixtures.model();
    for (int i = 0; i < 3000; i++) {
      model.put(key(i), TableFixtures.utf8("v" + i));
    }
    Path file = dir.resolve("t.sst");
    TableFixtures.write(file, model, 512);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (TableReader t = TableFixtures.open(file)) {
      List<Future<?>> done = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int seed = thread;
        done.add(pool.submit(() -> {
          Random r = new Random(seed);
          for (int n = 0; n < 5000; n++) {
            int i = r.nextInt(3000);
            assertThat(t.get(key(i))).isEqualTo(TableFixtures.utf8("v" + i));
          }
          assertThat(TableFixtures.drain(t.iterator())).hasSize(3000);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
