package com.blockdb.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.ledger.BlockFile;
import com.blockdb.engine.ledger.BlockHeader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify runs while the sealer appends blocks: a record half written past the sealed extent, with
 * a complete record after it (what a scan sees when the sealer finishes one record and writes the
 * next while the scan looks), is not damage of the ledger being verified. Found by the server's
 * load test, where VERIFY_CHAIN() under write load now and then said FALSE ("the record of block N
 * is damaged and valid records follow it").
 */
class VerifyWhileSealingTest {
  @TempDir
  Path dir;

  @Test
  void aRecordBeingAppendedPastTheSealedBlocksIsNotReportedAsDamage() throws Exception {
    try (BlockDb db = BlockDb.open(dir)) {
      for (int i = 0; i < 20; i++) {
        db.put(("k" + i).getBytes(UTF_8), "v".getBytes(UTF_8));
      }
      VerifyResult before = db.verify(null, null);
      assertThat(before.ok()).as(before.message()).isTrue();
      long end = db.stats().ledgerBytes();
      long blocks = db.stats().blocks();

      // Two records of the next heights, as the sealer writes them into the preallocated zeros:
      // the first one not yet complete (one byte of its leaves still zero), the second complete.
      ByteBuffer torn = record(blocks);
      torn.put(torn.limit() - 10, (byte) 0);
      ByteBuffer next = record(blocks + 1);
      try (FileChannel ch = FileChannel.open(dir.resolve("ledger").resolve("blocks.dat"), StandardOpenOption.WRITE)) {
        ch.write(torn, end);
        ch.write(next, end + torn.limit());
      }

      VerifyResult during = db.verify(null, null);
      assertThat(during.ok()).as(during.message()).isTrue();
      assertThat(during.blocksChecked()).isEqualTo(blocks);
    }
  }

  private static ByteBuffer record(long height) {
    byte[] leaf = new byte[32];
    java.util.Arrays.fill(leaf, (byte) height);
    BlockHeader h = new BlockHeader(BlockHeader.VERSION, height, new byte[32], new byte[32], 1, 1000 + height,
        1000 + height, 0);
    return BlockFile.encodeRecord(h, List.of(leaf));
  }
}
