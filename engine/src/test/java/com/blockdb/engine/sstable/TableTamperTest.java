package com.blockdb.engine.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages every byte of a small table, one at a time (one flipped bit, then all eight), and
 * requires each change to be reported: as a {@link CorruptionException} naming the file and an
 * offset inside the damaged region, or, for the footer's version field, as
 * {@code UNSUPPORTED_FORMAT}. Nothing is exempt: every byte lies in a CRC32C-covered payload or is
 * one of those CRCs, a CRC32C detects every error confined to 32 consecutive bits, and open + full
 * scan + get of every key reads all regions.
 */
class TableTamperTest {

  @TempDir Path dir;

  @Test
  void everyByteFlipIsDetected() throws IOException {
    NavigableMap<byte[], byte[]> model = TableFixtures.model();
    for (int i = 0; i < 40; i++) {
      model.put(TableFixtures.utf8("key-" + (1000 + 7 * i)), TableFixtures.utf8("v".repeat(i)));
    }
    model.put(new byte[] {0}, new byte[0]);
    model.put(new byte[] {(byte) 0xFF}, new byte[300]); // larger than a block
    Path clean = dir.resolve("clean.sst");
    TableFixtures.write(clean, model, 128);
    byte[] original = Files.readAllBytes(clean);
    List<long[]> regions = regions(clean, original.length);
    assertThat(regions.size()).as("several data blocks").isGreaterThan(6);
    assertThat(original.length).isLessThan(20_000); // small enough to damage every byte

    Path bad = dir.resolve("tampered.sst");
    int versionField = original.length - Footer.ENCODED_LENGTH + Footer.VERSION_OFFSET;
    for (int pos = 0; pos < original.length; pos++) {
      // One bit (cycling through the 8 positions along the file) and the whole byte inverted.
      for (int mask : new int[] {1 << (pos % 8), 0xFF}) {
        byte[] copy = original.clone();
        copy[pos] ^= (byte) mask;
        Files.write(bad, copy);
        try {
          readEverything(bad, model);
          fail("xor 0x%02x at offset %d went undetected", mask, pos);
        } catch (CorruptionException e) {
          assertThat(e.file()).isEqualTo(bad);
          assertThat(e.getMessage()).contains(bad.toString());
          long[] region = regionOf(regions, pos);
          assertThat(e.offset()).as("offset of flip at %d: %s", pos, e.getMessage())
              .isBetween(region[0], region[1] - 1);
        } catch (BlockDbException e) {
          assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
          assertThat(pos).isBetween(versionField, versionField + 3);
          assertThat(e.getMessage()).contains(bad.toString());
        }
      }
    }
  }

  @Test
  void truncationAndGarbageAreDetected() throws IOException {
    NavigableMap<byte[], byte[]> model = TableFixtures.model();
    for (int i = 0; i < 20; i++) {
      model.put(TableFixtures.utf8("k" + (100 + i)), TableFixtures.utf8("value " + i));
    }
    Path clean = dir.resolve("clean.sst");
    TableFixtures.write(clean, model, 64);
    byte[] original = Files.readAllBytes(clean);
    Path bad = dir.resolve("bad.sst");
    for (int len = 0; len < original.length; len++) { // every truncation
      Files.write(bad, java.util.Arrays.copyOf(original, len));
      assertCorrupt(bad, model);
    }
    byte[] longer = java.util.Arrays.copyOf(original, original.length + 1); // appended byte
    Files.write(bad, longer);
    assertCorrupt(bad, model);
    byte[] shifted = new byte[original.length + 1]; // prepended byte
    System.arraycopy(original, 0, shifted, 1, original.length);
    Files.write(bad, shifted);
    assertCorrupt(bad, model);
  }

  private static void assertCorrupt(Path bad, NavigableMap<byte[], byte[]> model)
      throws IOException {
    try {
      readEverything(bad, model);
      fail("damage to %s went undetected", bad);
    } catch (CorruptionException e) {
      assertThat(e.file()).isEqualTo(bad);
    }
  }

  /** Opens, scans and gets every key, as a reader of a damaged file would at worst. */
  private static void readEverything(Path file, NavigableMap<byte[], byte[]> model)
      throws IOException {
    try (TableReader t = TableFixtures.open(file)) {
      TableIterator it = t.iterator();
      while (it.next()) {
        it.key();
        it.value();
      }
      for (byte[] key : model.keySet()) {
        t.get(key);
      }
    }
  }

  /** [start, end) of every checksummed region: each data block, index, bloom filter, footer. */
  private static List<long[]> regions(Path file, long length) throws IOException {
    List<long[]> regions = new ArrayList<>();
    try (TableReader t = TableFixtures.open(file)) {
      IndexBlock index = t.index();
      for (int i = 0; i < index.blockCount(); i++) {
        regions.add(new long[] {index.offset(i),
            index.offset(i) + index.size(i) + BlockTrailer.ENCODED_LENGTH});
      }
    }
    byte[] footerBytes = java.util.Arrays.copyOfRange(Files.readAllBytes(file),
        (int) length - Footer.ENCODED_LENGTH, (int) length);
    Footer footer = Footer.decode(footerBytes, file, length - Footer.ENCODED_LENGTH);
    regions.add(new long[] {footer.indexHandle().offset(), footer.indexHandle().end()});
    regions.add(new long[] {footer.bloomHandle().offset(), footer.bloomHandle().end()});
    regions.add(new long[] {length - Footer.ENCODED_LENGTH, length});
    long expected = 0; // the regions tile the file: no byte is outside a checksum
    for (long[] r : regions) {
      assertThat(r[0]).isEqualTo(expected);
      expected = r[1];
    }
    assertThat(expected).isEqualTo(length);
    return regions;
  }

  private static long[] regionOf(List<long[]> regions, long pos) {
    return regions.stream().filter(r -> r[0] <= pos && pos < r[1]).findFirst().orElseThrow();
  }
}
