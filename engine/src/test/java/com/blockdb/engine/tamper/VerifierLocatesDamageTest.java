package com.blockdb.engine.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockInfo;
import com.blockdb.engine.Options;
import com.blockdb.engine.Tables;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.tamper.StoreFiles.SstEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A damaged SSTable data block must be reported by verify with the first ledger block it affects:
 * verification reads every other data block, the memtables and the other tables, and names the
 * ledger block of the first sealed sequence it could not read, the file, the data block's offset
 * and the keys the table's index gives that block.
 *
 * <p>Keys are written in a shuffled order, in batches of one to four, so a data block's entries
 * (in key order) come from scattered sequences and several ledger blocks: the expected bad block
 * is that of the smallest sequence in the damaged data block, computed from the file before the
 * damage, not simply the block of its first key.
 */
class VerifierLocatesDamageTest {

  static final Options OPTS = Options.defaults().withMemtableSizeLimit(1 << 20).withCompactionThreshold(100)
      .withBlockchainBatchSize(6).withSstableBlockSize(256).withBlockIntervalMs(3_600_000);

  static final int KEYS = 300;

  static Path root;
  static Path threeTables; // three flushed tables and entries only in the memtable (WAL)
  static Path compacted; // the same writes, compacted into one table
  static int copies;

  @BeforeAll
  static void buildStores() throws IOException {
    root = Files.createTempDirectory("blockdb-verify-damage");
    threeTables = root.resolve("three-tables");
    compacted = root.resolve("compacted");
    List<Integer> order = shuffledKeys();
    for (Path dir : List.of(threeTables, compacted)) {
      try (BlockDb db = BlockDb.open(dir, OPTS)) {
        write(db, order, 0, 100);
        db.flush();
        write(db, order, 100, 200);
        db.flush();
        write(db, order, 200, 260);
        db.flush();
        write(db, order, 260, KEYS); // left in the memtable
        if (dir.equals(compacted)) {
          db.compact();
          assertThat(db.stats().sstables()).isEqualTo(1);
        } else {
          assertThat(db.stats().sstables()).isEqualTo(3);
        }
        assertThat(db.stats().blocks()).as("many ledger blocks").isGreaterThan(40);
      }
    }
  }

  @AfterAll
  static void cleanUp() {
    if (root != null) {
      StoreFiles.deleteTree(root);
    }
  }

  static List<Integer> shuffledKeys() {
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      keys.add(i);
    }
    Collections.shuffle(keys, new Random(42));
    return keys;
  }

  /** Writes keys {@code order[from..to)} in batches of one to four entries. */
  static void write(BlockDb db, List<Integer> order, int from, int to) {
    int i = from;
    while (i < to) {
      int n = Math.min(to - i, 1 + i % 4);
      WriteBatch batch = new WriteBatch();
      for (int j = i; j < i + n; j++) {
        int k = order.get(j);
        batch.put(b(key(k)), b("value-" + k + "-" + "x".repeat(k % 17)));
      }
      db.write(batch);
      i += n;
    }
  }

  static String key(int i) {
    return String.format("key%04d", i);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Path copyOf(Path source) throws IOException {
    Path p = root.resolve("copy-" + (copies++));
    StoreFiles.copyTree(source, p);
    return p;
  }

  // ---------------------------------------------------------------- a data block of an .sst file

  /** One data block of one table, read from the file's bytes before any damage. */
  record DataBlock(Path file, int index, int blockCount, int offset, int size, List<SstEntry> entries,
      byte[] fileBytes, String previousLastKey) {

    long smallestSequence() {
      return entries.stream().mapToLong(e -> e.sequence(fileBytes)).min().orElseThrow();
    }

    String lastKey() {
      return StoreFiles.utf8(entries.get(entries.size() - 1).userKey());
    }

    /** Flips one bit in the middle of the block's payload. */
    void damage() throws IOException {
      StoreFiles.flipBit(file, offset + size / 2, 3);
    }
  }

  static List<DataBlock> dataBlocks(Path sst) throws IOException {
    byte[] f = Files.readAllBytes(sst);
    List<SstEntry> all = StoreFiles.sstEntries(f);
    int count = all.get(all.size() - 1).block() + 1;
    List<DataBlock> out = new ArrayList<>();
    String previousLast = null;
    for (int i = 0; i < count; i++) {
      int block = i;
      List<SstEntry> entries = all.stream().filter(e -> e.block() == block).collect(Collectors.toList());
      for (SstEntry e : entries) {
        assertThat(e.table()).isEqualTo(Tables.KV);
      }
      DataBlock d = new DataBlock(sst, i, count, entries.get(0).blockOffset(), entries.get(0).blockSize(), entries,
          f, previousLast);
      out.add(d);
      previousLast = d.lastKey();
    }
    return out;
  }

  static List<Path> tables(Path dir) throws IOException {
    return StoreFiles.filesUnder(dir.resolve("sst"));
  }

  static long blockOf(BlockDb db, long seq) {
    for (BlockInfo bi : db.blocks(1, Integer.MAX_VALUE)) {
      if (bi.firstSequence() <= seq && seq <= bi.lastSequence()) {
        return bi.height();
      }
    }
    throw new AssertionError("no block holds sequence " + seq);
  }

  /** Damages {@code blocks} (in one store), reopens, verifies and checks the report names the first one affected. */
  static VerifyResult damageAndVerify(Path dir, List<DataBlock> blocks) throws IOException {
    for (DataBlock d : blocks) {
      d.damage();
    }
    DataBlock first = blocks.stream().min((x, y) -> Long.compare(x.smallestSequence(), y.smallestSequence()))
        .orElseThrow();
    try (BlockDb db = BlockDb.open(dir, OPTS)) {
      long expectedBlock = blockOf(db, first.smallestSequence());
      long total = db.stats().entries();
      VerifyResult r = db.verify(null, null);
      assertThat(r.ok()).as("verify of a damaged data block: %s", r.message()).isFalse();
      assertThat(r.badBlock()).as("the ledger block of sequence %d: %s", first.smallestSequence(), r.message())
          .isEqualTo(expectedBlock);
      assertThat(r.message()).as("names the ledger block").startsWith("block " + expectedBlock + ":");
      assertThat(r.entriesChecked()).as("entries checked before the first unreadable one")
          .isEqualTo(first.smallestSequence() - 1).isLessThan(total);
      return r;
    }
  }

  static void assertNames(VerifyResult r, DataBlock d) {
    String fileName = d.file().getFileName().toString();
    assertThat(r.file()).as(r.message()).endsWith(fileName);
    assertThat(r.message()).contains(fileName).contains("data block at offset " + d.offset() + " ")
        .contains("checksum mismatch");
    String range = d.previousLastKey() == null
        ? "from '" + StoreFiles.utf8(d.entries().get(0).userKey()) + "' up to '" + d.lastKey() + "'"
        : "after '" + d.previousLastKey() + "' up to '" + d.lastKey() + "'";
    assertThat(r.message()).as("the damaged block's key range").contains("keys " + range);
    assertThat(r.badKey()).as(r.message()).isEqualTo(range);
  }

  // ---------------------------------------------------------------- tests

  @Test
  void undamagedStoresVerify() throws IOException {
    for (Path source : List.of(threeTables, compacted)) {
      try (BlockDb db = BlockDb.open(copyOf(source), OPTS)) {
        VerifyResult r = db.verify(null, null);
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.entriesChecked()).isEqualTo(KEYS);
      }
    }
  }

  @Test
  void aDamagedMiddleDataBlockNamesTheFirstLedgerBlockItAffects() throws IOException {
    Path dir = copyOf(threeTables);
    List<Path> sst = tables(dir);
    List<DataBlock> blocks = dataBlocks(sst.get(1));
    assertThat(blocks.size()).as("data blocks in the second table").isGreaterThan(4);
    DataBlock d = blocks.get(blocks.size() / 2);
    VerifyResult r = damageAndVerify(dir, List.of(d));
    assertNames(r, d);
    assertThat(r.message()).doesNotContain("data blocks are damaged");
  }

  @Test
  void aDamagedFirstDataBlockIsLocated() throws IOException {
    Path dir = copyOf(threeTables);
    DataBlock d = dataBlocks(tables(dir).get(0)).get(0);
    VerifyResult r = damageAndVerify(dir, List.of(d));
    assertNames(r, d);
  }

  @Test
  void aDamagedLastDataBlockIsLocated() throws IOException {
    Path dir = copyOf(threeTables);
    List<DataBlock> blocks = dataBlocks(tables(dir).get(2));
    DataBlock d = blocks.get(blocks.size() - 1);
    VerifyResult r = damageAndVerify(dir, List.of(d));
    assertNames(r, d);
  }

  @Test
  void aDamagedDataBlockOfACompactedTableIsLocated() throws IOException {
    Path dir = copyOf(compacted);
    List<Path> sst = tables(dir);
    assertThat(sst).hasSize(1);
    List<DataBlock> blocks = dataBlocks(sst.get(0));
    for (int i : new int[] {0, blocks.size() / 3, blocks.size() - 1}) {
      Path copy = copyOf(compacted);
      DataBlock d = dataBlocks(tables(copy).get(0)).get(i);
      VerifyResult r = damageAndVerify(copy, List.of(d));
      assertNames(r, d);
    }
  }

  /** With two damaged blocks in different tables, the one holding the earlier sequence decides. */
  @Test
  void twoDamagedDataBlocksReportTheEarliestAffectedLedgerBlock() throws IOException {
    Path dir = copyOf(threeTables);
    List<Path> sst = tables(dir);
    DataBlock early = dataBlocks(sst.get(0)).get(2);
    List<DataBlock> later = dataBlocks(sst.get(2));
    DataBlock late = later.get(later.size() / 2);
    assertThat(early.smallestSequence()).isLessThan(late.smallestSequence());
    VerifyResult r = damageAndVerify(dir, List.of(late, early));
    assertThat(r.message()).as("both damaged blocks are named").contains("2 data blocks are damaged")
        .contains("data block at offset " + early.offset() + " of").contains(early.file().getFileName().toString())
        .contains("data block at offset " + late.offset() + " of").contains(late.file().getFileName().toString());
  }

}
