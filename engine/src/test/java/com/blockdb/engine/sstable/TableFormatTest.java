package com.blockdb.engine.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the on-disk format to the worked example and hash test vectors of docs/FORMAT.md ("SSTable"),
 * which an independent implementation written from that document reproduced byte for byte. If
 * this test fails, the format changed: bump {@link Footer#FORMAT_VERSION} and update the doc.
 */
class TableFormatTest {

  @TempDir Path dir;

  @Test
  void bloomHashMatchesDocumentedVectors() {
    assertThat(BloomFilter.hash(new byte[0])).isEqualTo(0xefd01f60ba992926L);
    assertThat(BloomFilter.hash(TableFixtures.utf8("a"))).isEqualTo(0x82a2a958a9bece5bL);
    assertThat(BloomFilter.hash(TableFixtures.utf8("user/00000001")))
        .isEqualTo(0x5d9aa9236c603042L);
    assertThat(BloomFilter.hash(new byte[] {0, (byte) 0xFF})).isEqualTo(0xacb64f88d28b68b8L);
  }

  @Test
  void writesTheDocumentedExampleByteForByte() throws IOException {
    NavigableMap<byte[], byte[]> model = TableFixtures.model();
    model.put(TableFixtures.utf8("a"), TableFixtures.utf8("1"));
    model.put(TableFixtures.utf8("b"), new byte[0]);
    model.put(TableFixtures.utf8("c"), TableFixtures.utf8("xyz"));
    Path file = dir.resolve("example.sst");
    TableInfo info = TableFixtures.write(file, model, 8);
    assertThat(Bytes.hex(Files.readAllBytes(file))).isEqualTo(""
        + "01016131010062" + "ee5de30c" // data block 0 + CRC
        + "01036378797a" + "abcfaecd" // data block 1 + CRC
        + "00000002" + "0161" // index: 2 blocks, smallest key "a"
        + "0162" + "0000000000000000" + "00000007" // "b" @ 0, 7 bytes
        + "0163" + "000000000000000b" + "00000006" + "d39cc062" // "c" @ 11, 6 bytes; CRC
        + "07" + "185104a30246198c" + "6c9e96e2" // bloom: k = 7, 64 bits; CRC
        + "0000000000000015" + "00000022" // footer: index handle
        + "000000000000003b" + "00000009" // bloom handle
        + "0000000000000003" + "00000001" + "4244425353540d0a" + "5cc88cb3");
    assertThat(info.fileSize()).isEqualTo(120);
  }
}
