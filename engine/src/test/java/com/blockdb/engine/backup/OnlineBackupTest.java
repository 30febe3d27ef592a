package com.blockdb.engine.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BackupResult;
import com.blockdb.engine.BackupSink;
import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ConsistencyProof;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.PreparedTransaction;
import com.blockdb.engine.ProofVerifier;
import com.blockdb.engine.Tables;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.MemoryFileLayer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Online backup through the public API on real files: consistency under writes, pins, holds, 2PC. */
class OnlineBackupTest {

  @TempDir
  Path tmp;

  /** Small memtables, segments and blocks, so flushes, compactions and log releases happen often. */
  private static Options busy() {
    return Options.defaults().withMemtableSizeLimit(4096).withCompactionThreshold(2).withWalSegmentSize(4096)
        .withBlockchainBatchSize(5);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String key(int writer, long i) {
    return String.format("w%d/%08d", writer, i);
  }

  private static List<String> keys(BlockDb db) {
    List<String> out = new ArrayList<>();
    try (EntryIterator it = db.scan(Tables.KV, null, null, Long.MAX_VALUE)) {
      while (it.hasNext()) {
        Entry e = it.next();
        out.add(new String(e.key(), UTF_8));
      }
    }
    return out;
  }

  private static void assertVerifies(BlockDb db, Digest saved) {
    VerifyResult r = db.verify(saved, null);
    assertThat(r.ok()).as(r.message()).isTrue();
  }

  /** Restores {@code backup} into a new directory (checking every file) and opens it. */
  private BlockDb restore(Path backup, String name) throws IOException {
    Path restored = tmp.resolve(name);
    BackupRestore.copy(FileLayer.real(), backup, restored);
    return BlockDb.open(restored, busy());
  }

  @Test
  @Timeout(120)
  void aBackupTakenUnderWritesRestoresAPrefixOfEachWriterThatVerifiesAndTheSourceExtends() throws Exception {
    int writers = 2;
    AtomicLong[] acked = new AtomicLong[writers];
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Path backup = tmp.resolve("backup");
    try (BlockDb db = BlockDb.open(tmp.resolve("data"), busy())) {
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        acked[w] = new AtomicLong();
        Thread t = new Thread(() -> {
          try {
            for (long i = 0; !stop.get(); i++) {
              db.put(b(key(id, i)), b("value " + i + " of writer " + id));
              acked[id].set(i + 1); // keys 0..i are acknowledged
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        }, "writer-" + w);
        t.start();
        threads.add(t);
      }
      long[] before = new long[writers];
      for (int w = 0; w < writers; w++) {
        while (acked[w].get() < 300 && failure.get() == null) {
          Thread.onSpinWait();
        }
      }
      for (int w = 0; w < writers; w++) {
        before[w] = acked[w].get(); // acknowledged before backup() was called: must be in the copy
      }
      BackupResult result = db.backup(backup);
      long[] after = new long[writers];
      for (int w = 0; w < writers; w++) {
        after[w] = acked[w].get() + 1; // at most one more write was in flight when backup() returned
      }
      for (int w = 0; w < writers; w++) {
        long target = acked[w].get() + 200; // keep writing past the backup point
        while (acked[w].get() < target && failure.get() == null) {
          Thread.onSpinWait();
        }
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failure.get()).isNull();
      assertThat(db.stats().flushes()).as("flushes ran while writing").isPositive();

      try (BlockDb copy = restore(backup, "restored")) {
        assertVerifies(copy, result.digest());
        assertThat(copy.digest()).isEqualTo(result.digest());
        assertThat(copy.lastSequence()).isEqualTo(result.lastSequence());
        List<String> restoredKeys = keys(copy);
        assertThat((long) restoredKeys.size()).isEqualTo(result.lastSequence());
        long total = 0;
        for (int w = 0; w < writers; w++) {
          String prefix = "w" + w + "/";
          List<String> mine = restoredKeys.stream().filter(k -> k.startsWith(prefix)).toList();
          assertThat((long) mine.size()).as("writer %d", w).isBetween(before[w], after[w]);
          for (int i = 0; i < mine.size(); i++) {
            assertThat(mine.get(i)).as("a prefix of writer %d's writes", w).isEqualTo(key(w, i));
          }
          assertThat(copy.get(b(key(w, mine.size() - 1))))
              .isEqualTo(b("value " + (mine.size() - 1) + " of writer " + w));
          total += mine.size();
        }
        assertThat(total).isEqualTo(result.lastSequence());
      }
      // The source went on from the backup point: its ledger extends the backup's digest.
      assertVerifies(db, result.digest());
      ConsistencyProof proof = db.proveConsistency(result.digest());
      assertThat(ProofVerifier.verify(proof)).isTrue();
      assertThat(proof.newer().blockCount()).isGreaterThan(result.digest().blockCount());
    }
  }

  /**
   * A sink that, once the backup point is fixed and before any file is copied, runs
   * {@code duringCopy} on the source, then writes into a directory.
   */
  private static final class PausingSink implements BackupSink {
    private final DirectorySink target;
    private final Runnable duringCopy;

    PausingSink(Path dir, Runnable duringCopy) throws IOException {
      this.target = DirectorySink.create(FileLayer.real(), dir);
      this.duringCopy = duringCopy;
    }

    @Override
    public void begin(Digest digest, long lastSequence) {
      duringCopy.run(); // the point is fixed, no file is open yet
    }

    @Override
    public OutputStream file(String name, long size) throws IOException {
      return target.file(name, size);
    }

    @Override
    public void finish() throws IOException {
      target.finish();
    }
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void writeMany(BlockDb db, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      db.put(b(prefix + i), b("v" + i));
    }
  }

  @Test
  void theCopyStaysExactWhileCompactionRetiresItsTablesAndFlushesWouldReleaseItsLog() throws Exception {
    Path data = tmp.resolve("data");
    Path backup = tmp.resolve("backup");
    try (BlockDb db = BlockDb.open(data, busy())) {
      writeMany(db, "before/", 400);
      db.flush();
      writeMany(db, "pending/", 50); // in the log and memtables only
      List<String> heldWal = new ArrayList<>();
      BackupResult result = db.backup(new PausingSink(backup, () -> {
        try {
          List<String> walBefore = filesIn(data.resolve("wal"));
          writeMany(db, "during/", 400);
          db.flush();
          db.compact();
          db.put(b("during/x"), b("x")); // two groups after the flush: the commit thread has
          db.put(b("during/y"), b("y")); // run its log release in between
          List<String> walNow = filesIn(data.resolve("wal"));
          heldWal.addAll(walBefore);
          heldWal.retainAll(walNow);
          assertThat(heldWal).as("log segments the backup holds are kept").isNotEmpty();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }));
      BackupDescriptor d = BackupRestore.readDescriptor(FileLayer.real(), backup);
      List<String> copiedTables = d.files().stream().map(BackupDescriptor.FileEntry::name)
          .filter(n -> n.startsWith("sst/")).map(n -> n.substring(4)).toList();
      assertThat(copiedTables).isNotEmpty();
      assertThat(filesIn(data.resolve("sst"))).as("compaction retired the copied tables once the backup let"
          + " them go").doesNotContainAnyElementsOf(copiedTables);
      // Once the backup ends its hold is gone, and the next release drops the segments it kept.
      db.flush();
      db.put(b("after/x"), b("x"));
      db.put(b("after/y"), b("y"));
      assertThat(filesIn(data.resolve("wal"))).doesNotContainAnyElementsOf(heldWal);

      try (BlockDb copy = restore(backup, "restored")) {
        assertVerifies(copy, result.digest());
        assertThat(copy.digest()).isEqualTo(result.digest());
        List<String> k = keys(copy);
        assertThat(k).hasSize(450).allMatch(s -> s.startsWith("before/") || s.startsWith("pending/"));
      }
    }
  }

  @Test
  void anInDoubtXaTransactionStaysInDoubtInTheCopyWhileALocalOneIsRolledBackThere() throws Exception {
    Path backup = tmp.resolve("backup");
    byte[] xid = {1, 2, 3};
    BackupResult result;
    try (BlockDb db = BlockDb.open(tmp.resolve("data"), busy())) {
      db.put(b("a"), b("1"));
      db.prepare(7, xid, new WriteBatch().put(b("xa/1"), b("one")).put(b("xa/2"), b("two")), "alice");
      db.prepare(8, null, new WriteBatch().put(b("local/1"), b("one")), "bob");
      // Enough writes and flushes that the flushed index passes both PREPARE records and the log
      // rolls: only the manifest's oldest prepared index keeps them.
      writeMany(db, "k/", 400);
      db.flush();
      writeMany(db, "m/", 20);
      result = db.backup(backup);
      assertThat(db.preparedTransactions()).extracting(PreparedTransaction::txnId).containsExactly(7L, 8L);
    }
    try (BlockDb copy = restore(backup, "restored")) {
      List<PreparedTransaction> inDoubt = copy.preparedTransactions();
      assertThat(inDoubt).extracting(PreparedTransaction::txnId).containsExactly(7L);
      assertThat(inDoubt.get(0).xid()).isEqualTo(xid);
      assertThat(copy.recoveryNotes()).anyMatch(n -> n.contains("rolled back prepared transaction 8"));
      assertThatThrownBy(() -> copy.put(b("xa/1"), b("other")))
          .isInstanceOfSatisfying(BlockDbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_IN_DOUBT));
      assertThat(copy.get(b("xa/1"))).isNull();
      assertVerifies(copy, result.digest());
      copy.commitPrepared(7);
      assertThat(copy.get(b("xa/2"))).isEqualTo(b("two"));
      assertThat(copy.get(b("local/1"))).isNull();
      copy.put(b("local/1"), b("free again")); // the rolled-back transaction's key is free
      assertVerifies(copy, result.digest());
    }
  }

  @Test
  void theTargetMustBeANewOrEmptyDirectoryOutsideTheDataDirectory() throws Exception {
    Path data = tmp.resolve("data");
    try (BlockDb db = BlockDb.open(data)) {
      db.put(b("k"), b("v"));
      Path full = Files.createDirectories(tmp.resolve("full"));
      Files.writeString(full.resolve("keep.txt"), "mine");
      assertThatThrownBy(() -> db.backup(full))
          .isInstanceOfSatisfying(BlockDbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("not empty").hasMessageContaining(full.toString());
      assertThat(filesIn(full)).containsExactly("keep.txt");
      Path file = Files.writeString(tmp.resolve("a-file"), "x");
      assertThatThrownBy(() -> db.backup(file)).hasMessageContaining("not a directory");
      assertThatThrownBy(() -> db.backup(data.resolve("backup"))).hasMessageContaining("inside the data directory");
      assertThat(data.resolve("backup")).doesNotExist();

      Path empty = Files.createDirectories(tmp.resolve("empty"));
      BackupResult r = db.backup(empty);
      assertThat(r.files()).isEqualTo(filesUnder(empty).size());
      assertThat(r.lastSequence()).isEqualTo(1);
      assertThat(r.digest()).isEqualTo(db.digest());
      assertThat(r.bytes()).isEqualTo(bytesUnder(empty));
      assertThat(filesUnder(empty)).contains("MANIFEST", "BACKUP.json", "ledger/blocks.dat").noneMatch(n -> n.equals("LOCK"));
    }
  }

  private static List<String> filesUnder(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  private static long bytesUnder(Path dir) throws IOException {
    long n = 0;
    for (String f : filesUnder(dir)) {
      n += Files.size(dir.resolve(f));
    }
    return n;
  }

  @Test
  void aFailedBackupLeavesNoDescriptorBehind() throws Exception {
    Path backup = tmp.resolve("backup");
    try (BlockDb db = BlockDb.open(tmp.resolve("data"))) {
      db.put(b("k"), b("v"));
      assertThatThrownBy(() -> db.backup(new BackupSink() {
        private int n;

        @Override
        public OutputStream file(String name, long size) throws IOException {
          if (++n == 2) {
            throw new IOException("disk full");
          }
          return OutputStream.nullOutputStream();
        }

        @Override
        public void finish() {}
      })).isInstanceOfSatisfying(BlockDbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO_ERROR))
          .hasMessageContaining("disk full");
      // The engine let go of its pins: a later backup works.
      assertThat(db.backup(backup).lastSequence()).isEqualTo(1);
      db.put(b("k2"), b("v"));
    }
    db2Closed(backup);
  }

  private void db2Closed(Path backup) throws IOException {
    try (BlockDb copy = restore(backup, "restored")) {
      assertThat(keys(copy)).containsExactly("k");
    }
  }

  @Test
  void aClosedDatabaseRefusesABackup() {
    BlockDb db = BlockDb.open(tmp.resolve("data"));
    db.close();
    assertThatThrownBy(() -> db.backup(tmp.resolve("backup")))
        .isInstanceOfSatisfying(BlockDbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOSED));
    assertThat(tmp.resolve("backup")).doesNotExist();
  }

  @Test
  void anInMemoryDatabaseBacksUpIntoItsOwnFileLayer() throws Exception {
    MemoryFileLayer memory = new MemoryFileLayer();
    Options o = busy().withFileLayer(memory);
    BackupResult r;
    try (BlockDb db = BlockDb.open(Path.of("/mem/db"), o)) {
      writeMany(db, "k/", 100);
      r = db.backup(Path.of("/mem/backup"));
    }
    BackupRestore.copy(memory, Path.of("/mem/backup"), Path.of("/mem/restored"));
    try (BlockDb copy = BlockDb.open(Path.of("/mem/restored"), o)) {
      assertVerifies(copy, r.digest());
      assertThat(copy.digest()).isEqualTo(r.digest());
      assertThat(keys(copy)).hasSize(100);
    }
  }
  @Test
  void withRelaxedFsyncTheBackupHoldsEveryAcknowledgedWrite() throws Exception {
    Options relaxed = busy().withWalSyncIntervalMs(60_000); // nothing is fsynced on its own meanwhile
    BackupResult r;
    try (BlockDb db = BlockDb.open(tmp.resolve("data"), relaxed)) {
      writeMany(db, "k/", 250);
      r = db.backup(tmp.resolve("backup"));
    }
    assertThat(r.lastSequence()).isEqualTo(250);
    try (BlockDb copy = restore(tmp.resolve("backup"), "restored")) {
      assertVerifies(copy, r.digest());
      assertThat(keys(copy)).hasSize(250);
    }
  }
}
