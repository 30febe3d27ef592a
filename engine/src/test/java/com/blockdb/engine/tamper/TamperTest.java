package com.blockdb.engine.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.BlockInfo;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.InclusionProof;
import com.blockdb.engine.Options;
import com.blockdb.engine.ProofVerifier;
import com.blockdb.engine.Tables;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.commit.CommitRecord;
import com.blockdb.engine.impl.DbImpl;
import com.blockdb.engine.ledger.BlockFile;
import com.blockdb.engine.ledger.LedgerEntry;
import com.blockdb.engine.tamper.StoreFiles.SstEntry;
import com.blockdb.engine.tamper.StoreFiles.WalRecord;
import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damage to the files of a closed store, on real files: single bit flips anywhere in the SSTables,
 * the WAL, the block file and the manifest must be detected (by open, or by verify), and forged
 * changes whose checksums were recomputed must still be caught by re-hashing (verify) or, for a
 * rewritten ledger, by a digest saved beforehand.
 *
 * <p>The pristine store: 361 entries in single puts and batches, three SSTables (flushed at 120,
 * 240 and 300 entries; the compaction threshold of 4 is not reached), 61 entries only in the WAL
 * (and the ledger), two 4 KiB WAL segments (the first also holding flushed records), blocks of at
 * most 7 entries, and a SEAL record at the tail of the WAL (written by close for the last, partial
 * block). A bit flip is judged on a fresh copy of it: open, verify, full scan.
 *
 * <p>Accepted outcomes of a flip: open fails naming the file; verify fails naming the file, block
 * or key; the flip hit the last WAL record and recovery truncated it as a torn tail, losing exactly
 * that record's entries (none for the SEAL record) with verify passing; or the flip hit the last
 * block record, which recovery truncates as a torn tail and seals again, identically, from the WAL
 * (the state, digest included, must then equal the pristine one). Anything else fails the test.
 */
class TamperTest {

  static final Options OPTS = Options.defaults().withMemtableSizeLimit(1 << 20).withCompactionThreshold(4)
      .withBlockchainBatchSize(7).withSstableBlockSize(256).withWalSegmentSize(4096).withBlockIntervalMs(3_600_000);

  /** Sampled flip positions per file besides the first and last 64 bytes (every byte if smaller). */
  static final int POSITIONS_PER_FILE = Integer.getInteger("blockdb.tamper.positions", 700);

  static Path root;
  static Path pristine;
  static State expected;

  /** Everything a reader can observe: all entries with their metadata, the digest, the last sequence. */
  record State(List<String> entries, Digest digest, long lastSequence, long blocks) {
    static State of(BlockDb db) {
      List<String> out = new ArrayList<>();
      try (EntryIterator it = db.scan(Tables.KV, null, null, Long.MAX_VALUE)) {
        it.forEachRemaining(e -> out.add(describe(e)));
      }
      return new State(out, db.digest(), db.lastSequence(), db.stats().blocks());
    }
  }

  static String describe(Entry e) {
    return e.table() + "|" + Bytes.hex(e.key()) + "|" + Bytes.hex(e.value()) + "|" + e.sequence() + "|"
        + e.commitTimestamp() + "|" + e.principal();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String key(int i) {
    return String.format("k%05d", i);
  }

  static byte[] value(int i) {
    return b("value-" + i + "-" + "x".repeat(i % 23));
  }

  @BeforeAll
  static void buildPristineStore() throws IOException {
    quietEngineLog();
    root = Files.createTempDirectory("blockdb-tamper");
    pristine = root.resolve("pristine");
    try (BlockDb db = BlockDb.open(pristine, OPTS)) {
      writeRange(db, 0, 120);
      db.flush();
      writeRange(db, 120, 240);
      db.flush();
      writeRange(db, 240, 300);
      db.flush();
      writeRange(db, 300, 361); // only in the WAL (and the ledger); leaves a partial block to seal
    }
    try (BlockDb db = openCopy("check")) {
      expected = State.of(db);
      VerifyResult r = db.verify(null, null);
      assertThat(r.ok()).as(r.message()).isTrue();
      assertThat(db.stats().sstables()).isEqualTo(3);
    }
    assertThat(expected.entries()).hasSize(361);
    List<Path> segments = StoreFiles.filesUnder(pristine.resolve("wal"));
    assertThat(segments.size()).as("WAL segments").isGreaterThan(1);
    List<WalRecord> tail = StoreFiles.walRecords(segments.get(segments.size() - 1));
    assertThat(tail.get(tail.size() - 1).decode()).as("close sealed the partial block through the WAL")
        .isInstanceOf(CommitRecord.Seal.class);
  }

  /** The engine logs every torn tail it truncates; thousands of flips would flood the test output. */
  static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("com.blockdb");
  static java.util.logging.Level savedLevel;

  static void quietEngineLog() {
    savedLevel = ENGINE_LOG.getLevel();
    ENGINE_LOG.setLevel(java.util.logging.Level.OFF);
  }

  @AfterAll
  static void restoreEngineLog() {
    ENGINE_LOG.setLevel(savedLevel);
  }

  /** Puts keys {@code from..to-1}: mostly single puts, every tenth group of three as one batch. */
  static void writeRange(BlockDb db, int from, int to) {
    int i = from;
    while (i < to) {
      if (i % 10 == 3 && i + 3 <= to) {
        db.write(new WriteBatch().put(b(key(i)), value(i)).put(b(key(i + 1)), value(i + 1))
            .put(b(key(i + 2)), value(i + 2)));
        i += 3;
      } else {
        db.put(b(key(i)), value(i));
        i++;
      }
    }
  }

  @AfterAll
  static void cleanUp() {
    if (root != null) {
      StoreFiles.deleteTree(root);
    }
  }

  static int copies;

  static Path copyOfPristine(String name) throws IOException {
    return copyOf(pristine, name);
  }

  static Path copyOf(Path source, String name) throws IOException {
    Path p = root.resolve(name + "-" + (copies++));
    StoreFiles.copyTree(source, p);
    return p;
  }

  static BlockDb openCopy(String name) throws IOException {
    return BlockDb.open(copyOfPristine(name), OPTS);
  }

  // ================================================================ every bit flip

  enum Outcome {
    OPEN_FAILED, VERIFY_FAILED, WAL_TAIL_TRUNCATED, LEDGER_TAIL_REBUILT, MISSED
  }

  @Test
  void everySingleBitFlipIsDetected() throws IOException {
    List<Path> files = new ArrayList<>();
    files.addAll(StoreFiles.filesUnder(pristine.resolve("sst")));
    files.addAll(StoreFiles.filesUnder(pristine.resolve("wal")));
    files.addAll(StoreFiles.filesUnder(pristine.resolve("ledger")));
    files.add(pristine.resolve("MANIFEST"));

    Path lastSegment = StoreFiles.filesUnder(pristine.resolve("wal")).get(
        StoreFiles.filesUnder(pristine.resolve("wal")).size() - 1);
    List<WalRecord> tailRecords = StoreFiles.walRecords(lastSegment);
    WalRecord lastRecord = tailRecords.get(tailRecords.size() - 1);
    List<BlockFile.Record> blocks = StoreFiles.blocks(pristine.resolve("ledger/blocks.dat"));
    long lastBlockOffset = blocks.get(blocks.size() - 1).offset();

    Map<String, Map<Outcome, Integer>> tally = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    long started = System.nanoTime();
    int flips = 0;
    long fdsBefore = openFds();
    for (int fi = 0; fi < files.size(); fi++) {
      Path file = files.get(fi);
      String rel = pristine.relativize(file).toString();
      long len = Files.size(file);
      TreeSet<Long> positions = positions(len);
      if (file.equals(lastSegment)) {
        for (long p = lastRecord.offset(); p < lastRecord.end(); p++) {
          positions.add(p); // the only record a torn-tail truncation may drop: every byte
        }
      }
      if (rel.endsWith("blocks.dat")) {
        for (long p = lastBlockOffset; p < len; p++) {
          positions.add(p); // the record recovery may treat as a torn tail: every byte
        }
      }
      Map<Outcome, Integer> counts = tally.computeIfAbsent(rel + " (" + len + " bytes)",
          k -> new java.util.EnumMap<>(Outcome.class));
      for (long pos : positions) {
        int bit = (int) ((pos * 5 + fi) % 8);
        boolean inLastWalRecord = file.equals(lastSegment) && pos >= lastRecord.offset();
        boolean inLastBlock = rel.endsWith("blocks.dat") && pos >= lastBlockOffset;
        Outcome o = flipAndCheck(pristine, expected, rel, pos, bit, inLastWalRecord ? lastRecord : null, inLastBlock,
            failures);
        counts.merge(o, 1, Integer::sum);
        flips++;
      }
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    StringBuilder report = new StringBuilder("bit flips: " + flips + " in " + ms + " ms; open file descriptors "
        + fdsBefore + " -> " + openFds() + "\n");
    tally.forEach((f, c) -> report.append("  ").append(f).append(": ").append(c).append('\n'));
    System.out.println(report);
    assertThat(failures).as("undetected or badly reported flips\n%s", report).isEmpty();
  }

  /** Every byte of a small file; else the first and last 64 bytes and evenly spread samples. */
  static TreeSet<Long> positions(long len) {
    TreeSet<Long> s = new TreeSet<>();
    if (len <= POSITIONS_PER_FILE + 128) {
      for (long p = 0; p < len; p++) {
        s.add(p);
      }
      return s;
    }
    for (long p = 0; p < 64; p++) {
      s.add(p);
      s.add(len - 1 - p);
    }
    for (int i = 0; i < POSITIONS_PER_FILE; i++) {
      s.add(64 + (len - 128) * i / POSITIONS_PER_FILE);
    }
    return s;
  }

  static Outcome flipAndCheck(Path source, State expected, String rel, long pos, int bit, WalRecord lastWalRecord,
      boolean inLastBlock, List<String> failures) throws IOException {
    Path dir = copyOf(source, "flip");
    String fileName = Path.of(rel).getFileName().toString();
    String what = rel + " byte " + pos + " bit " + bit;
    try {
      StoreFiles.flipBit(dir.resolve(rel), pos, bit);
      BlockDb db;
      try {
        db = BlockDb.open(dir, OPTS);
      } catch (BlockDbException e) {
        if (!String.valueOf(e.getMessage()).contains(fileName)) {
          failures.add(what + ": open failed without naming the file: " + e.getMessage());
        }
        return Outcome.OPEN_FAILED;
      }
      try (db) {
        VerifyResult r = db.verify(null, null);
        if (!r.ok()) {
          boolean named = (r.file() != null && r.file().endsWith(fileName)) || r.message().contains(fileName)
              || r.badBlock() >= 0 || r.badKey() != null;
          if (!named) {
            failures.add(what + ": verify failed without naming the file, block or key: " + r);
          }
          return Outcome.VERIFY_FAILED;
        }
        State s;
        try {
          s = State.of(db);
        } catch (RuntimeException e) {
          failures.add(what + ": verify passed but a full scan failed: " + e);
          return Outcome.MISSED;
        }
        List<String> notes = db instanceof DbImpl d ? d.recoveryNotes() : List.of();
        if (lastWalRecord != null && notes.stream().anyMatch(n -> n.contains("write-ahead log"))) {
          State want = withoutRecord(expected, lastWalRecord);
          if (s.entries().equals(want.entries()) && s.lastSequence() == want.lastSequence()) {
            return Outcome.WAL_TAIL_TRUNCATED;
          }
          failures.add(what + ": torn WAL tail truncated, but the store did not lose exactly that record's "
              + "entries: " + diff(want, s));
          return Outcome.MISSED;
        }
        if (inLastBlock && notes.stream().anyMatch(n -> n.contains("blocks.dat")) && s.equals(expected)) {
          // Treated as a torn last block: truncated, then sealed again from the WAL, identically.
          return Outcome.LEDGER_TAIL_REBUILT;
        }
        failures.add(what + ": not detected; recovery notes " + notes + (s.equals(expected) ? "; content unchanged"
            : "; store now differs: " + diff(expected, s)));
        return Outcome.MISSED;
      }
    } finally {
      StoreFiles.deleteTree(dir);
    }
  }

  /** The expected state after losing the entries of one WAL record. */
  static State withoutRecord(State full, WalRecord r) {
    CommitRecord c = r.decode();
    if (!(c instanceof CommitRecord.Commit commit)) {
      return full;
    }
    List<String> out = new ArrayList<>(full.entries());
    for (WriteBatch.Put p : commit.puts()) {
      String prefix = p.table() + "|" + Bytes.hex(p.key()) + "|";
      out.removeIf(e -> e.startsWith(prefix));
    }
    return new State(out, null, full.lastSequence() - commit.puts().size(), -1);
  }

  static String diff(State want, State got) {
    List<String> missing = new ArrayList<>(want.entries());
    missing.removeAll(got.entries());
    List<String> extra = new ArrayList<>(got.entries());
    extra.removeAll(want.entries());
    return "missing " + abbreviate(missing) + ", unexpected " + abbreviate(extra) + ", lastSequence "
        + want.lastSequence() + " -> " + got.lastSequence() + ", digest " + want.digest() + " -> " + got.digest();
  }

  static String abbreviate(List<String> l) {
    return l.size() <= 3 ? l.toString() : l.subList(0, 3) + " and " + (l.size() - 3) + " more";
  }

  static long openFds() {
    String[] fds = new java.io.File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /**
   * When the WAL ends with a COMMIT record (the last transaction filled its block, so close had
   * nothing to seal), a torn-tail truncation of that record would lose entries the ledger already
   * holds: every flip of it must be detected, by open or by verify.
   */
  @Test
  void everyFlipOfALastCommitRecordIsDetected() throws IOException {
    Path store = root.resolve("commit-tail");
    try (BlockDb db = BlockDb.open(store, OPTS)) {
      writeRange(db, 0, 10);
      db.flush(); // seals the 3 pending entries first
      for (int i = 10; i < 24; i++) { // two full blocks of 7: nothing pending at close, no SEAL record
        db.put(b(key(i)), value(i));
      }
    }
    State want;
    try (BlockDb db = BlockDb.open(copyOf(store, "commit-tail-check"), OPTS)) {
      want = State.of(db);
    }
    List<Path> segments = StoreFiles.filesUnder(store.resolve("wal"));
    Path last = segments.get(segments.size() - 1);
    List<WalRecord> records = StoreFiles.walRecords(last);
    WalRecord lastRecord = records.get(records.size() - 1);
    assertThat(lastRecord.decode()).isInstanceOf(CommitRecord.Commit.class);
    String rel = store.relativize(last).toString();
    List<String> failures = new ArrayList<>();
    Map<Outcome, Integer> counts = new java.util.EnumMap<>(Outcome.class);
    for (long pos = lastRecord.offset(); pos < lastRecord.end(); pos++) {
      counts.merge(flipAndCheck(store, want, rel, pos, (int) (pos % 8), lastRecord, false, failures), 1, Integer::sum);
    }
    System.out.println("flips of the last (COMMIT) record of " + rel + ": " + counts);
    assertThat(failures).isEmpty();
  }

  // ================================================================ forged values with valid checksums

  /** Height of the sealed block holding {@code seq}. */
  static long blockOf(BlockDb db, long seq) {
    for (BlockInfo bi : db.blocks(1, Integer.MAX_VALUE)) {
      if (bi.firstSequence() <= seq && seq <= bi.lastSequence()) {
        return bi.height();
      }
    }
    throw new AssertionError("no block holds sequence " + seq);
  }

  @Test
  void sstableValueRewrittenWithValidBlockCrcIsCaughtByVerify() throws IOException {
    Path dir = copyOfPristine("sst-forgery");
    String target = key(50);
    Path sst = null;
    SstEntry victim = null;
    byte[] f = null;
    for (Path p : StoreFiles.filesUnder(dir.resolve("sst"))) {
      byte[] bytes = Files.readAllBytes(p);
      for (SstEntry e : StoreFiles.sstEntries(bytes)) {
        if (e.table() == Tables.KV && Arrays.equals(e.userKey(), b(target))) {
          sst = p;
          victim = e;
          f = bytes;
        }
      }
    }
    assertThat(victim).as("key %s in an SSTable", target).isNotNull();
    assertThat(victim.block()).as("not in the first data block, to exercise the index").isPositive();
    long seq = victim.sequence(f);
    int at = victim.userValueOffset(f);
    assertThat(StoreFiles.utf8(Arrays.copyOfRange(f, at, victim.valueOffset() + victim.valueLength())))
        .isEqualTo(StoreFiles.utf8(value(50)));
    f[at + 6] = (byte) '9'; // "value-50..." -> "value-90...", same length
    StoreFiles.fixBlockCrc(f, victim.blockOffset(), victim.blockSize());
    Files.write(sst, f);

    try (BlockDb db = BlockDb.open(dir, OPTS)) {
      assertThat(StoreFiles.utf8(db.get(b(target)))).as("checksums pass: the forged value is served")
          .startsWith("value-90");
      VerifyResult r = db.verify(null, null);
      assertThat(r.ok()).as("verify must catch a forged value: %s", r.message()).isFalse();
      assertThat(r.badKey()).as(r.message()).isEqualTo(target);
      assertThat(r.badBlock()).as(r.message()).isEqualTo(blockOf(db, seq));
      assertThat(r.message()).contains(target);
    }
  }

  @Test
  void walValueRewrittenWithValidRecordCrcIsCaughtByVerify() throws IOException {
    Path dir = copyOfPristine("wal-forgery");
    String target = key(333); // written after the last flush: only in the WAL and the ledger
    WalRecord victim = null;
    for (Path seg : StoreFiles.filesUnder(dir.resolve("wal"))) {
      for (WalRecord r : StoreFiles.walRecords(seg)) {
        if (r.decode() instanceof CommitRecord.Commit c
            && c.puts().stream().anyMatch(p -> Arrays.equals(p.key(), b(target)))) {
          victim = r;
        }
      }
    }
    assertThat(victim).as("a WAL record holding %s", target).isNotNull();
    byte[] seg = Files.readAllBytes(victim.file());
    byte[] needle = value(333);
    int at = indexOf(seg, needle, victim.offset(), victim.end());
    assertThat(at).as("value bytes inside the record").isPositive();
    seg[at + 6] = (byte) '9'; // "value-333..." -> "value-933...", same length
    StoreFiles.fixWalRecordCrc(seg, victim.offset());
    Files.write(victim.file(), seg);

    try (BlockDb db = BlockDb.open(dir, OPTS)) {
      Entry e = db.getEntry(Tables.KV, b(target), Long.MAX_VALUE);
      assertThat(StoreFiles.utf8(e.value())).as("checksums pass: the forged value is replayed").startsWith("value-933");
      VerifyResult r = db.verify(null, null);
      assertThat(r.ok()).as("verify must catch a forged value: %s", r.message()).isFalse();
      assertThat(r.badKey()).as(r.message()).isEqualTo(target);
      assertThat(r.badBlock()).as(r.message()).isEqualTo(blockOf(db, e.sequence()));
    }
  }

  static int indexOf(byte[] hay, byte[] needle, int from, int to) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // ================================================================ rewritten history

  @Test
  void rewrittenHistoryDoesNotExtendTheSavedDigest() throws IOException {
    Path dir = copyOfPristine("history");
    String target = key(1);
    String savedJson;
    InclusionProof honestProof;
    Entry original;
    try (BlockDb db = BlockDb.open(dir, OPTS)) {
      savedJson = db.digest().toJson();
      honestProof = db.prove(Tables.KV, b(target));
      original = db.getEntry(Tables.KV, b(target), Long.MAX_VALUE);
    }
    Digest saved = Digest.fromJson(savedJson);
    assertThat(ProofVerifier.verify(honestProof, saved)).isTrue();

    // The forger changes an early entry's value in its SSTable (fixing the block CRC) ...
    byte[] forgedValue = original.value().clone();
    forgedValue[6] = (byte) '7'; // "value-1-x" -> "value-7-x"
    boolean found = false;
    for (Path p : StoreFiles.filesUnder(dir.resolve("sst"))) {
      byte[] f = Files.readAllBytes(p);
      for (SstEntry e : StoreFiles.sstEntries(f)) {
        if (Arrays.equals(e.userKey(), b(target))) {
          System.arraycopy(forgedValue, 0, f, e.userValueOffset(f), forgedValue.length);
          StoreFiles.fixBlockCrc(f, e.blockOffset(), e.blockSize());
          Files.write(p, f);
          found = true;
        }
      }
    }
    assertThat(found).isTrue();
    // ... and rebuilds the ledger: the entry's leaf, its block's Merkle root and header, and the
    // previous-hash chain and record CRC of every later block.
    Path blockFile = dir.resolve("ledger/blocks.dat");
    List<BlockFile.Record> blocks = StoreFiles.blocks(blockFile);
    BlockFile.Record holder = blocks.stream()
        .filter(r -> r.header().entryCount() > 0 && r.header().firstSequence() <= original.sequence()
            && original.sequence() <= r.header().lastSequence())
        .findFirst().orElseThrow();
    assertThat(holder.header().height()).as("an early block").isLessThan(blocks.size() - 5);
    List<byte[]> leaves = new ArrayList<>(holder.leaves());
    int index = (int) (original.sequence() - holder.header().firstSequence());
    Entry forged = new Entry(original.table(), original.key(), forgedValue, original.sequence(),
        original.commitTimestamp(), original.principal());
    assertThat(leaves.get(index)).isEqualTo(LedgerEntry.leafHash(original));
    leaves.set(index, LedgerEntry.leafHash(forged));
    StoreFiles.rewriteLedger(blockFile, holder.header().height(), leaves);

    try (BlockDb db = BlockDb.open(dir, OPTS)) {
      assertThat(db.get(b(target))).isEqualTo(forgedValue);
      assertThat(db.digest()).as("a different ledger").isNotEqualTo(saved);
      assertThat(db.digest().blockCount()).isEqualTo(saved.blockCount());
      VerifyResult alone = db.verify(null, null);
      assertThat(alone.ok()).as("the forgery is self-consistent, so verify without a digest passes: %s",
          alone.message()).isTrue();
      VerifyResult r = db.verify(saved, null);
      assertThat(r.ok()).as(r.message()).isFalse();
      assertThat(r.message()).contains("does not extend the saved digest");
      InclusionProof forgedProof = db.prove(Tables.KV, b(target));
      assertThat(ProofVerifier.verify(forgedProof).value()).isEqualTo(forgedValue);
      assertThat(ProofVerifier.verify(forgedProof, saved)).as("a proof of the forged entry against the saved digest")
          .isFalse();
      assertThat(ProofVerifier.verify(honestProof, saved)).as("the old proof still checks against its digest").isTrue();
      assertThatThrows(() -> db.proveConsistency(saved));
    }
  }

  static void assertThatThrows(Runnable r) {
    try {
      r.run();
    } catch (BlockDbException e) {
      assertThat(e.getMessage()).contains("does not extend");
      return;
    }
    throw new AssertionError("a consistency proof from the saved digest must be refused");
  }

  // ================================================================ a damaged last block of a flushed store

  /**
   * The last block's record is damaged while its entries are only in SSTables (flushed, so the
   * WAL replay no longer covers them). Recovery treats the record as a torn tail and truncates it,
   * but nothing can seal those entries again: the store must not come up verifying OK with the
   * block silently gone.
   */
  @Test
  void damagedLastBlockOfAFlushedStoreIsNotSilentlyDropped() throws IOException {
    Path dir = root.resolve("flushed-last-block");
    Digest saved;
    try (BlockDb db = BlockDb.open(dir, OPTS)) {
      writeRange(db, 0, 20); // three blocks, all sealed before the flush; the flush moves all 20 to an SSTable
      db.flush();
      saved = db.digest();
    }
    Path blockFile = dir.resolve("ledger/blocks.dat");
    List<BlockFile.Record> blocks = StoreFiles.blocks(blockFile);
    long last = blocks.get(blocks.size() - 1).offset();
    StoreFiles.flipBit(blockFile, last + 4 + 106 + 5, 3); // inside the last block's first leaf hash

    BlockDb db;
    try {
      db = BlockDb.open(dir, OPTS);
    } catch (BlockDbException e) {
      assertThat(e.getMessage()).contains("blocks.dat");
      return; // detected at open: fine
    }
    try (db) {
      VerifyResult r = db.verify(null, null);
      if (!r.ok()) {
        return; // detected by verify: fine
      }
      // Not detected. Show what was lost, and what happens to the next write.
      Digest now = db.digest();
      long stranded = db.stats().pendingEntries();
      List<String> notes = ((DbImpl) db).recoveryNotes();
      VerifyResult saved1 = db.verify(saved, null);
      db.put(b("after"), b("damage"));
      VerifyResult later = db.verify(null, null);
      assertThat(now).as("the store opened and verified OK (%s) although its ledger lost the last block; "
          + "%d entries are now in no block (pendingEntries), recovery notes %s; verify against the digest "
          + "saved before: %s; after one more put, verify says: %s", r.message(), stranded, notes,
          saved1.message(), later.message()).isEqualTo(saved);
    }
  }
}
