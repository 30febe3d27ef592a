package com.blockdb.engine.impl;

import com.blockdb.engine.util.Bytes;
import com.blockdb.engine.BackupResult;
import com.blockdb.engine.BackupSink;
import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.BlockInfo;
import com.blockdb.engine.ConsistencyProof;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.InclusionProof;
import com.blockdb.engine.Options;
import com.blockdb.engine.PreparedTransaction;
import com.blockdb.engine.Replica;
import com.blockdb.engine.Stats;
import com.blockdb.engine.VerifyListener;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.backup.DirectorySink;
import com.blockdb.engine.commit.CommitRecord;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.ledger.BlockHeader;
import com.blockdb.engine.ledger.BlockStore;
import com.blockdb.engine.ledger.LedgerEntry;
import com.blockdb.engine.ledger.PendingBlock;
import com.blockdb.engine.merkle.MerkleTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine: opens and recovers a data directory, routes writes through the commit pipeline and
 * reads through a pinned {@link Version}, and answers ledger questions (digest, proofs, verify).
 * Flushing and compaction live in {@link Compactor}, verification in {@link Verifier}.
 *
 * <p>Threading: all public methods are thread-safe. State changes of the table set happen under
 * {@link #versionLock} and publish a new immutable {@link Version}.
 */
public final class DbImpl implements BlockDb, CommitPipeline.Host {

  private static final System.Logger LOG = System.getLogger(DbImpl.class.getName());

  final Path dir;
  final Options options;
  final FileLayer fs;
  private final DirectoryLock lock;
  final BlockStore blocks;
  private final WalCommitLog log; // null in replicated mode
  private final Applier applier;
  private CommitPipeline pipeline; // set once at the end of the constructor, after replay; null in replicated mode
  private final ReplicaImpl replica; // null unless replicated
  final Compactor compactor;
  final Object versionLock = new Object();
  final AtomicReference<Version> current = new AtomicReference<>();
  // Read counters (Stats): proof for push-down tests that a query read only what it needed.
  final java.util.concurrent.atomic.LongAdder dataBlocksRead = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder pointGets = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder entriesScanned = new java.util.concurrent.atomic.LongAdder();
  private final List<String> recoveryNotes = new ArrayList<>();
  private volatile boolean closed;

  private DbImpl(Path dir, Options options, DirectoryLock lock) throws IOException {
    this.dir = dir;
    this.options = options;
    this.fs = options.fileLayer();
    this.lock = lock;
    if (!options.replicatedLog()) {
      fs.createDirectories(dir.resolve("wal"));
    }
    fs.createDirectories(dir.resolve("sst"));
    fs.createDirectories(dir.resolve("ledger"));
    Manifest manifest = Manifest.read(fs, dir);
    checkMode(manifest);
    this.compactor = new Compactor(this, manifest);
    List<TableHandle> tables = compactor.openTables(manifest);
    Memtable memtable = new Memtable(options.memtableSizeLimit());
    current.set(new Version(memtable, List.of(), tables));
    for (TableHandle t : tables) {
      t.release(); // the version holds them now
    }
    BlockStore openedBlocks = null;
    WalCommitLog openedLog = null;
    try {
      openedBlocks = BlockStore.open(fs, dir.resolve("ledger").resolve("blocks.dat"));
      if (openedBlocks.recoveryNote() != null) {
        recoveryNotes.add(openedBlocks.recoveryNote());
      }
      if (options.replicatedLog()) {
        this.blocks = openedBlocks;
        this.log = null;
        this.applier = new Applier(new PendingBlock(blocks), options.blockchainBatchSize(), options.clock(),
            this::syncBeforeSeal, memtable, manifest.flushedSequence(), replicatedTimestampBase(manifest), true);
        restoreInDoubt(manifest);
        this.replica = new ReplicaImpl(this, applier, manifest.flushedIndex());
        return; // the external log re-delivers the records after the flushed index
      }
      this.replica = null;
      openedLog = WalCommitLog.open(fs, dir.resolve("wal"), options.walSegmentSize());
      if (openedLog.tornTail() != null) {
        recoveryNotes.add(openedLog.tornTail());
        LOG.log(System.Logger.Level.WARNING, openedLog.tornTail());
      }
      this.blocks = openedBlocks;
      this.log = openedLog;
      long lastTs = blocks.last().timestamp();
      this.applier = new Applier(new PendingBlock(blocks), options.blockchainBatchSize(), options.clock(),
          this::syncBeforeSeal, memtable, manifest.flushedSequence(), lastTs);
      replay(manifest);
      checkLedgerCoversData();
    } catch (IOException | RuntimeException e) {
      // A failed open holds no file: close what was opened, then report the cause.
      current.get().release();
      closeQuietly(openedLog);
      closeQuietly(openedBlocks);
      throw e;
    }
    this.pipeline = new CommitPipeline(log, applier, options, this);
  }

  /**
   * A replicated store's manifest is version 3 and a single-node store's is not; a store is never
   * silently switched between the two (its write-ahead log would be ignored, or a cluster's state
   * changed outside the cluster).
   */
  private void checkMode(Manifest manifest) throws IOException {
    if (options.replicatedLog()) {
      Path wal = dir.resolve("wal");
      if (!manifest.replicated() && (manifest.flushedIndex() > 0 || (fs.exists(wal) && !fs.list(wal).isEmpty()))) {
        throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, dir + " holds a single-node database (it has a"
            + " write-ahead log): a cluster node starts from an empty directory or a snapshot of the cluster");
      }
    } else if (manifest.replicated()) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, dir + " belongs to a cluster node (the Raft log"
          + " is its write-ahead log): open it through the cluster, or restore a backup to open it alone");
    }
  }

  /**
   * Replicated mode: the timestamp of the entry at the flushed sequence, from which entry
   * timestamps continue (see {@link Applier}). The flush happened at a block boundary, so it is the
   * timestamp of the block that ends there; blocks sealed after the flush may follow it in the file.
   */
  private long replicatedTimestampBase(Manifest manifest) {
    long flushed = manifest.flushedSequence();
    if (flushed == 0) {
      return blocks.header(0).timestamp();
    }
    long height = blocks.blockOf(flushed);
    if (height < 0 || blocks.header(height).lastSequence() != flushed) {
      throw new CorruptionException(blocks.file(), blocks.sizeBytes(), "the SSTables hold entries up to sequence "
          + flushed + " but no sealed block ends there: blocks are missing from the end of the block file");
    }
    return blocks.header(height).timestamp();
  }

  /** Replicated mode: the transactions in doubt at the flushed index, as the manifest stores them. */
  private void restoreInDoubt(Manifest manifest) {
    for (Manifest.InDoubt d : manifest.inDoubt() == null ? List.<Manifest.InDoubt>of() : manifest.inDoubt()) {
      CommitRecord r;
      try {
        r = CommitRecord.decode(d.record());
      } catch (IllegalArgumentException e) {
        throw new CorruptionException(dir.resolve(Manifest.NAME), 0, "the PREPARE record of log index " + d.index()
            + " in the manifest does not decode: " + e.getMessage());
      }
      if (!(r instanceof CommitRecord.Prepare p)) {
        throw new CorruptionException(dir.resolve(Manifest.NAME), 0, "the manifest lists log index " + d.index()
            + " as a prepared transaction, but its record is not a PREPARE");
      }
      applier.prepared().add(d.index(), p, Applier.internalKeys(p.puts()));
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // Already failing; the first exception is the one to report.
    }
  }

  /** Replayed records are already on disk; live ones may not be when fsync is relaxed. */
  private void syncBeforeSeal() throws IOException {
    if (pipeline != null) {
      pipeline.syncBeforeSeal();
    }
  }

  /** Opens a data directory; see {@link BlockDb#open}. */
  public static DbImpl open(Path dir, Options options) {
    Path abs = dir.toAbsolutePath().normalize();
    DirectoryLock lock = null;
    try {
      if (options.fileLayer() == FileLayer.real()) {
        java.nio.file.Files.createDirectories(abs);
        lock = DirectoryLock.acquire(abs);
      }
      DbImpl db = new DbImpl(abs, options, lock);
      db.blocks.startSealer(db::markReadOnly);
      if (db.replica != null) {
        db.compactor.start();
        return db; // nothing to resolve or seal: the cluster's log does that
      }
      db.pipeline.start();
      db.compactor.start();
      try {
        db.resolveInDoubt();
        // Entries committed but not sealed when the last process died are sealed now.
        db.pipeline.seal();
        db.drainBlocks();
      } catch (RuntimeException e) {
        db.abandon();
        throw e;
      }
      if (options.durabilityRelaxed()) {
        LOG.log(System.Logger.Level.WARNING, Stats.durabilityWarning(options.walSyncIntervalMs()));
      }
      return db;
    } catch (IOException e) {
      if (lock != null) {
        lock.close();
      }
      throw new BlockDbException(ErrorCode.IO_ERROR, "cannot open " + abs + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  /**
   * Re-applies the log records after the manifest's flushed index to rebuild the memtable. When a
   * PREPARE was in doubt at the last flush, replay starts at it: records up to the flushed index are
   * then replayed only for their effect on the prepared transactions (their entries are stored).
   */
  private void replay(Manifest manifest) throws IOException {
    long flushed = manifest.flushedIndex();
    long[] expected = {manifest.replayAfter() + 1};
    log.replay(manifest.replayAfter(), flushed, (index, payload, file) -> {
      if (index != expected[0]) {
        throw new CorruptionException(file, 0, "commit log jumps from index " + (expected[0] - 1) + " to " + index);
      }
      expected[0]++;
      CommitRecord r;
      try {
        r = CommitRecord.decode(payload);
      } catch (IllegalArgumentException e) {
        throw new CorruptionException(file, 0, "record " + index + " is not a commit record: " + e.getMessage());
      }
      try {
        if (index <= flushed) {
          applier.catchUp(index, r);
        } else {
          applier.apply(index, r);
        }
      } catch (IOException e) {
        throw new BlockDbException(ErrorCode.IO_ERROR, "sealing during recovery failed: " + e.getMessage(), e);
      } catch (IllegalStateException e) {
        throw new CorruptionException(file, 0, "record " + index + " cannot be applied: " + e.getMessage());
      }
    });
    if (manifest.oldestPreparedIndex() > 0 && expected[0] <= manifest.oldestPreparedIndex()) {
      throw new CorruptionException(dir.resolve("wal"), 0, "the manifest says the PREPARE record at index "
          + manifest.oldestPreparedIndex() + " is in doubt, but the commit log does not hold it");
    }
    if (log.lastIndex() < manifest.flushedIndex()) {
      throw new CorruptionException(dir.resolve("wal"), 0, "the commit log ends at index " + log.lastIndex()
          + " but SSTables hold records up to " + manifest.flushedIndex());
    }
  }

  /**
   * After replay every stored entry must be sealed or pending. A torn last block is truncated at
   * open on the promise that replay seals it again; if its entries were already flushed, replay
   * cannot, and the ledger would silently lose a block — so that is corruption.
   */
  private void checkLedgerCoversData() {
    long sealed = blocks.lastSequence();
    long pending = applier.pending().count();
    long stored = applier.lastSequence();
    if (sealed + pending == stored) {
      return;
    }
    com.blockdb.engine.wal.TornTail torn = log.tornTailRecord();
    if (sealed > stored && torn != null) {
      // The block proves its entries were durable, so the "torn" tail was damage, not a crash.
      throw new CorruptionException(torn.file(), torn.offset(), "the write-ahead log's last record was cut as a torn"
          + " write, but block " + (blocks.count() - 1) + " of " + blocks.file() + " had sealed its entries (up to"
          + " sequence " + sealed + ", the data now ends at " + stored + "): the log was damaged, not torn");
    }
    throw new CorruptionException(blocks.file(), blocks.sizeBytes(), "the ledger seals entries up to sequence "
        + sealed + (pending > 0 ? " (and " + pending + " pending)" : "") + " but the data holds entries up to "
        + stored + (sealed < stored ? ": blocks are missing from the end of the block file"
            : ": entries are missing from the data files"));
  }

  @Override
  public List<String> recoveryNotes() {
    return List.copyOf(recoveryNotes);
  }

  // ---- writes ----

  @Override
  public Replica replica() {
    if (replica == null) {
      return BlockDb.super.replica();
    }
    return replica;
  }

  /** Replicated mode refuses local writes: records come through the cluster. */
  private void checkLocalWrites(String what) {
    if (replica != null) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "cannot " + what + " a replicated database directly:"
          + " write through the cluster (its Raft log is the write-ahead log)");
    }
  }

  @Override
  public long write(WriteBatch batch, String principal) {
    checkOpen();
    checkLocalWrites("write to");
    if (batch.isEmpty()) {
      return lastSequence();
    }
    checkBatch(batch);
    String who = principal(principal);
    compactor.throttle();
    return pipeline.write(batch.puts(), who);
  }

  static void checkBatch(WriteBatch batch) {
    long bytes = batch.approximateBytes() + 12L * batch.size();
    if (bytes > com.blockdb.engine.Limits.MAX_BATCH_BYTES) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "a batch of " + batch.size() + " puts and " + bytes
          + " bytes exceeds the limit of " + com.blockdb.engine.Limits.MAX_BATCH_BYTES + " bytes per transaction");
    }
  }

  /** The principal to record: the given one or the configured default; it must fit its u16 length. */
  String principal(String principal) {
    String who = principal == null ? options.principal() : principal;
    // At most 3 UTF-8 bytes per char: only a long name needs encoding to be measured.
    if (who.length() > 0xFFFF / 3 && who.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 0xFFFF) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "a principal name longer than 65535 bytes (UTF-8)"
          + " cannot be recorded");
    }
    return who;
  }

  // ---- two-phase commit ----

  @Override
  public void prepare(long txnId, byte[] xid, WriteBatch batch, String principal) {
    checkOpen();
    checkLocalWrites("prepare a transaction in");
    checkBatch(batch);
    if (xid != null && xid.length > CommitRecord.MAX_XID_BYTES) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "the xid of transaction " + txnId + " has "
          + xid.length + " bytes; at most " + CommitRecord.MAX_XID_BYTES + " are allowed");
    }
    String who = principal(principal);
    compactor.throttle();
    // Copies: the prepared set keeps the puts past this call, while the caller may reuse the batch.
    pipeline.prepare(txnId, xid == null ? null : xid.clone(), List.copyOf(batch.puts()), who);
  }

  @Override
  public long commitPrepared(long txnId) {
    checkOpen();
    checkLocalWrites("commit a prepared transaction in");
    compactor.throttle();
    return pipeline.decide(txnId, CommitRecord.Outcome.COMMIT);
  }

  @Override
  public void abortPrepared(long txnId) {
    checkOpen();
    checkLocalWrites("abort a prepared transaction in");
    pipeline.decide(txnId, CommitRecord.Outcome.ABORT);
  }

  @Override
  public List<PreparedTransaction> preparedTransactions() {
    checkOpen();
    List<PreparedTransaction> out = new ArrayList<>();
    for (PreparedSet.Txn t : applier.prepared().snapshot()) {
      out.add(t.toPublic());
    }
    return out;
  }

  /**
   * At open, after replay: a local transaction still in doubt lost its coordinator (this engine's
   * previous process) before it decided, so it is rolled back with a logged ABORT decision (presumed
   * abort). External (XA) ones stay in doubt for their coordinator's recovery.
   */
  private void resolveInDoubt() {
    for (PreparedSet.Txn t : applier.prepared().snapshot()) {
      if (t.local()) {
        pipeline.decide(t.txnId(), CommitRecord.Outcome.ABORT);
        String note = "rolled back prepared transaction " + t.txnId() + " (" + t.record().puts().size()
            + " puts, principal '" + t.record().principal() + "', PREPARE record " + t.index() + "): this engine"
            + " coordinated it and no decision was logged before the process stopped (presumed abort);"
            + " an ABORT decision is now logged";
        recoveryNotes.add(note);
        LOG.log(System.Logger.Level.WARNING, note);
      } else {
        LOG.log(System.Logger.Level.WARNING, "prepared transaction " + t.txnId() + " (xid "
            + java.util.HexFormat.of().formatHex(t.record().xid()) + ", " + t.record().puts().size()
            + " puts) is in doubt: its keys stay reserved until its coordinator commits or aborts it");
      }
    }
  }

  @Override
  public Digest seal() {
    checkOpen();
    checkLocalWrites("seal a block of");
    pipeline.seal();
    drainBlocks();
    return blocks.digest();
  }

  @Override
  public CommitPipeline.KeyProbe pinForChecks() {
    Version v = acquire();
    return new CommitPipeline.KeyProbe() {
      @Override
      public boolean exists(byte[] internalKey) {
        return lookup(v, internalKey) != null;
      }

      @Override
      public boolean mayContainAny(byte[] lo, byte[] hi) {
        if (v.active.anyInRange(lo, hi)) {
          return true;
        }
        for (Memtable m : v.frozen) {
          if (m.anyInRange(lo, hi)) {
            return true;
          }
        }
        for (TableHandle t : v.tables) {
          byte[] smallest = t.reader.smallestKey();
          if (smallest != null && Bytes.compare(smallest, hi) <= 0 && Bytes.compare(t.reader.largestKey(), lo) >= 0) {
            return true;
          }
        }
        return false;
      }

      @Override
      public void close() {
        v.release();
      }
    };
  }

  @Override
  public long blocksQueued() {
    return blocks.blocksQueued();
  }

  @Override
  public void awaitSealed(long mark) throws IOException {
    blocks.awaitSealed(mark);
  }

  @Override
  public void afterGroup() throws IOException {
    Memtable active = current.get().active;
    if (active.approximateBytes() >= options.memtableSizeLimit()) {
      switchMemtable();
    }
  }

  /** On the commit thread: seal, freeze the active memtable and hand it to the flusher. */
  void switchMemtable() throws IOException {
    // Seal first so every flushed entry is in a durable block before the flush lets the log go:
    // replay never needs entries from SSTables. (A replica switches only at a block boundary.)
    if (pipeline != null) {
      pipeline.sealOnCommitThread();
    }
    blocks.drain();
    Memtable frozen;
    synchronized (versionLock) {
      Version old = current.get();
      if (old.active.isEmpty()) {
        return;
      }
      frozen = old.active;
      Memtable fresh = new Memtable(options.memtableSizeLimit());
      List<Memtable> f = new ArrayList<>();
      f.add(frozen);
      f.addAll(old.frozen);
      current.set(new Version(fresh, f, old.tables));
      applier.setTarget(fresh);
      old.release();
    }
    if (replica == null) {
      compactor.scheduleFlush(frozen, applier.prepared().oldestIndex(), null);
    } else {
      List<Manifest.InDoubt> inDoubt = new ArrayList<>();
      for (PreparedSet.Txn t : applier.prepared().snapshot()) {
        inDoubt.add(new Manifest.InDoubt(t.index(), CommitRecord.encode(t.record())));
      }
      compactor.scheduleFlush(frozen, 0, List.copyOf(inDoubt));
    }
  }

  /** Waits until every block handed to the sealer is sealed and durable. */
  void drainBlocks() {
    try {
      blocks.drain();
    } catch (IOException e) {
      throw new BlockDbException(ErrorCode.READ_ONLY, e.getMessage(), e);
    }
  }

  /** A background task failed: refuse writes from now on. */
  void markReadOnly(String reason) {
    if (replica != null) {
      replica.readOnly(reason);
    } else {
      pipeline.markReadOnly(reason);
    }
  }

  void releaseLog(long index) {
    if (pipeline != null) {
      pipeline.releaseUpTo(index); // a replica's log is the cluster's: it reads the manifest instead
    }
  }

  // ---- reads ----

  Version acquire() {
    while (true) {
      Version v = current.get();
      if (v.tryRetain()) {
        return v;
      }
    }
  }

  private byte[] lookup(byte[] internalKey) {
    Version v = acquire();
    try {
      return lookup(v, internalKey);
    } finally {
      v.release();
    }
  }

  /** The stored value of an internal key in a pinned version, or null. */
  private static byte[] lookup(Version v, byte[] internalKey) {
    try {
      byte[] s = v.active.get(internalKey);
      if (s != null) {
        return s;
      }
      for (Memtable m : v.frozen) {
        s = m.get(internalKey);
        if (s != null) {
          return s;
        }
      }
      for (TableHandle t : v.tables) {
        s = t.reader.get(internalKey);
        if (s != null) {
          return s;
        }
      }
      return null;
    } catch (IOException e) {
      throw new BlockDbException(ErrorCode.IO_ERROR, "read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Entry getEntry(int table, byte[] key, long atSequence) {
    checkOpen();
    byte[] ik = InternalKey.of(table, key);
    pointGets.increment();
    byte[] s = lookup(ik);
    if (s == null || StoredValue.sequence(s) > Math.min(atSequence, lastSequence())) {
      return null;
    }
    return StoredValue.toEntry(ik, s);
  }

  @Override
  public EntryIterator scan(int table, byte[] from, byte[] to, long atSequence) {
    checkOpen();
    long at = Math.min(atSequence, lastSequence()); // taken before pinning: a batch appears whole or not at all
    return new MergingIterator(acquire(), InternalKey.lowerBound(table, from), InternalKey.upperBound(table, to), at,
        entriesScanned);
  }

  @Override
  public long blockHeightOf(long sequence) {
    checkOpen();
    return blocks.blockOf(sequence);
  }

  @Override
  public long lastSequence() {
    return applier.visibleSequence();
  }

  // ---- ledger ----

  @Override
  public Digest digest() {
    checkOpen();
    drainBlocks();
    return blocks.digest();
  }

  @Override
  public List<BlockInfo> blocks(long fromHeight, int max) {
    checkOpen();
    drainBlocks();
    List<BlockInfo> out = new ArrayList<>();
    long count = blocks.count();
    for (long h = Math.max(0, fromHeight); h < count && out.size() < max; h++) {
      out.add(blocks.header(h).toInfo());
    }
    return out;
  }

  @Override
  public InclusionProof prove(int table, byte[] key) {
    checkOpen();
    Entry e = getEntry(table, key, Long.MAX_VALUE);
    if (e == null) {
      throw new BlockDbException(ErrorCode.NOT_FOUND, "key '" + com.blockdb.engine.util.Bytes.printable(key)
          + "' not found");
    }
    if (blocks.blockOf(e.sequence()) < 0) {
      if (replica == null) {
        pipeline.seal();
        drainBlocks();
      } else {
        awaitSealed(e.sequence(), key);
      }
    }
    long height = blocks.blockOf(e.sequence());
    BlockHeader h = blocks.header(height);
    List<byte[]> leaves;
    try {
      leaves = blocks.leaves(height);
    } catch (IOException ex) {
      throw new BlockDbException(ErrorCode.IO_ERROR, "reading block " + height + " failed: " + ex.getMessage(), ex);
    }
    int index = (int) (e.sequence() - h.firstSequence());
    byte[] leaf = LedgerEntry.leafHash(e);
    if (!Arrays.equals(leaf, leaves.get(index))) {
      throw new CorruptionException(blocks.file(), 0, "stored entry for key '"
          + com.blockdb.engine.util.Bytes.printable(key) + "' does not match its leaf in block " + height);
    }
    Digest d = blocks.digest();
    List<byte[]> blockLeaves = blocks.blockLeaves(d.blockCount());
    return new InclusionProof(LedgerEntry.encode(e), index, MerkleTree.inclusionPath(leaves, index), h.encode(),
        MerkleTree.inclusionPath(blockLeaves, (int) height), d);
  }

  /** Longest a replica's proof waits for the cluster to seal a pending entry. */
  private static final long SEAL_WAIT_MILLIS = 30_000;

  /**
   * Replicated mode: only the cluster's log seals, and its leader proposes a SEAL within about
   * {@code block_interval_ms}; wait for it rather than seal locally (which would fork the ledger).
   */
  private void awaitSealed(long sequence, byte[] key) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
        Math.max(SEAL_WAIT_MILLIS, 10 * options.blockIntervalMs()));
    while (true) {
      drainBlocks();
      if (blocks.blockOf(sequence) >= 0) {
        return;
      }
      checkOpen();
      if (System.nanoTime() > deadline) {
        throw new BlockDbException(ErrorCode.NOT_FOUND, "the entry of key '" + Bytes.printable(key)
            + "' is not sealed into a block yet: the cluster seals pending entries within block_interval_ms ("
            + options.blockIntervalMs() + " ms) while it has a leader; retry");
      }
      try {
        Thread.sleep(Math.min(20, options.blockIntervalMs()));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new BlockDbException(ErrorCode.IO_ERROR, "interrupted while waiting for a seal");
      }
    }
  }

  /**
   * Replicated mode: copies the flushed state into {@code target} — the manifest and the live
   * SSTables it names (hard links: SSTables never change), and the block file up to its last sealed
   * block. The version that lists those tables is pinned while they are linked, so compaction
   * cannot delete them underneath. Blocks sealed after the flushed index may be in the copy; the log
   * re-delivers their records and the pending block skips entries already sealed.
   */
  Replica.Checkpoint checkpoint(Path target) {
    checkOpen();
    if (fs != FileLayer.real()) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "a checkpoint needs the real file system");
    }
    drainBlocks();
    Manifest m;
    Version v;
    synchronized (versionLock) {
      m = compactor.manifest();
      v = acquire();
    }
    List<Path> files = new ArrayList<>();
    try {
      java.nio.file.Files.createDirectories(target.resolve("sst"));
      java.nio.file.Files.createDirectories(target.resolve("ledger"));
      for (Manifest.TableMeta t : m.tables()) {
        Path rel = Path.of("sst", Manifest.tableFileName(t.fileNumber()));
        try {
          java.nio.file.Files.createLink(target.resolve(rel), dir.resolve(rel));
        } catch (UnsupportedOperationException | IOException e) {
          java.nio.file.Files.copy(dir.resolve(rel), target.resolve(rel));
        }
        files.add(rel);
      }
      Path blockRel = Path.of("ledger", "blocks.dat");
      long length = blocks.sizeBytes();
      try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(dir.resolve(blockRel));
          java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(target.resolve(blockRel),
              java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
        long done = 0;
        while (done < length) {
          done += in.transferTo(done, length - done, out);
        }
        out.force(true);
      }
      files.add(blockRel);
      Path manifestRel = Path.of(Manifest.NAME);
      java.nio.file.Files.write(target.resolve(manifestRel), m.encode(), java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SYNC);
      files.add(manifestRel);
    } catch (IOException e) {
      throw new BlockDbException(ErrorCode.IO_ERROR, "checkpoint of " + dir + " into " + target + " failed: "
          + e.getMessage(), e);
    } finally {
      v.release();
    }
    return new Replica.Checkpoint(m.flushedIndex(), files);
  }

  @Override
  public ConsistencyProof proveConsistency(Digest older) {
    checkOpen();
    drainBlocks();
    Digest now = blocks.digest();
    if (older.blockCount() > now.blockCount()) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "the digest covers " + older.blockCount()
          + " blocks but this ledger has only " + now.blockCount());
    }
    List<byte[]> leaves = blocks.blockLeaves(now.blockCount());
    if (!Arrays.equals(MerkleTree.root(leaves.subList(0, (int) older.blockCount())), older.root())) {
      throw new BlockDbException(ErrorCode.CORRUPTION,
          "this ledger does not extend the given digest: its first " + older.blockCount() + " blocks differ");
    }
    return new ConsistencyProof(older, now, MerkleTree.consistencyPath(leaves, (int) older.blockCount()));
  }

  @Override
  public VerifyResult verify(Digest saved, VerifyListener listener) {
    checkOpen();
    if (replica == null) {
      pipeline.seal(); // a replica verifies what is sealed: only the cluster's log seals
    }
    drainBlocks();
    return new Verifier(this, listener == null ? VerifyListener.NONE : listener).run(saved);
  }

  // ---- online backup ----

  @Override
  public BackupResult backup(Path target) {
    checkOpen();
    Path t = target.toAbsolutePath().normalize();
    if (t.startsWith(dir)) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "backup target " + t + " lies inside the data"
          + " directory " + dir + ": choose a directory outside it");
    }
    DirectorySink sink;
    try {
      sink = DirectorySink.create(fs, t);
    } catch (IOException e) {
      throw new BlockDbException(ErrorCode.IO_ERROR, "cannot create backup directory " + t + ": "
          + e.getMessage(), e);
    }
    try {
      return backup(sink);
    } catch (RuntimeException e) {
      sink.abort(); // a backup without its descriptor must not be mistaken for a complete one
      throw e;
    }
  }

  @Override
  public BackupResult backup(BackupSink sink) {
    checkOpen();
    return new BackupCopier(this).copy(sink);
  }

  /**
   * On the commit thread, between groups: seals the pending block and waits until it is durable,
   * then pins the current version and manifest and holds the log from the manifest's replay start.
   * Nothing changes the applied state while this runs, so the point is consistent.
   */
  BackupCopier.Point pinBackup() {
    AtomicReference<BackupCopier.Point> out = new AtomicReference<>();
    pipeline.runOnCommitThread(() -> {
      pipeline.sealOnCommitThread();
      blocks.drain();
      List<com.blockdb.engine.wal.SegmentedLog.Extent> segments = log.extents();
      Version v;
      Manifest m;
      synchronized (versionLock) {
        v = acquire();
        m = compactor.manifest();
      }
      CommitPipeline.LogHold hold = pipeline.holdLog(m.replayAfter() + 1);
      out.set(new BackupCopier.Point(v, m, segments, blocks.file(), blocks.sizeBytes(), blocks.digest(),
          applier.lastSequence(), log.lastIndex(), options.clock().getAsLong(), hold));
    });
    return out.get();
  }

  @Override
  public void flush() {
    checkOpen();
    compactor.flushNow();
  }

  /** Called by the compactor on the commit thread to freeze the memtable now. */
  void requestSwitch() {
    if (replica == null) {
      pipeline.runOnCommitThread(this::switchMemtable);
      return;
    }
    try {
      replica.requestSwitch();
    } catch (IOException e) {
      replica.readOnly("freezing the memtable failed: " + e.getMessage());
      throw new BlockDbException(ErrorCode.READ_ONLY, replica.readOnlyReason(), e);
    }
  }

  @Override
  public void compact() {
    checkOpen();
    compactor.compactNow();
  }

  @Override
  public Stats stats() {
    checkOpen();
    Version v = acquire();
    try {
      long memBytes = v.active.approximateBytes();
      for (Memtable m : v.frozen) {
        memBytes += m.approximateBytes();
      }
      long sstBytes = 0;
      for (TableHandle t : v.tables) {
        sstBytes += t.fileSize();
      }
      long ledgerBytes = blocks.sizeBytes();
      long walBytes = log == null ? 0 : log.sizeBytes();
      return new Stats(lastSequence(), blocks.count(), lastSequence() - blocks.lastSequence(), v.tables.size(),
          sstBytes, memBytes, log == null ? 0 : log.fileCount(), walBytes, ledgerBytes,
          sstBytes + walBytes + ledgerBytes, pipeline == null ? 0 : pipeline.fsyncs.get(),
          pipeline == null ? replica.commits.get() : pipeline.commits.get(), compactor.flushes.get(),
          compactor.compactions.get(), compactor.stallMillis(), blocks.digest(), readOnlyReason(), options,
          dataBlocksRead.sum(), pointGets.sum(), entriesScanned.sum());
    } finally {
      v.release();
    }
  }

  private String readOnlyReason() {
    return pipeline == null ? replica.readOnlyReason() : pipeline.readOnlyReason();
  }

  void checkOpen() {
    if (closed) {
      throw new BlockDbException(ErrorCode.CLOSED, "the database is closed");
    }
  }

  /** Stops threads and closes files without sealing: the open failed half-way. */
  private void abandon() {
    closed = true;
    if (pipeline != null) {
      pipeline.stop();
    }
    compactor.stop();
    try {
      if (log != null) {
        log.close();
      }
    } catch (IOException | RuntimeException ignored) {
      // The open already failed; its exception is the one to report.
    }
    try {
      blocks.close();
    } catch (IOException | RuntimeException ignored) {
      // As above.
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      if (pipeline != null && pipeline.readOnlyReason() == null) {
        pipeline.seal(); // a replica leaves its pending entries to the log: it re-delivers them
      }
    } catch (BlockDbException e) {
      LOG.log(System.Logger.Level.WARNING, "could not seal the pending block at close: " + e.getMessage());
    }
    if (replica != null) {
      synchronized (replica) {
        closed = true; // no record is half applied when the files close
      }
    }
    closed = true;
    if (pipeline != null) {
      pipeline.stop(); // drains queued writes; the last group may still hand a memtable to the flusher
    }
    compactor.stop(); // finishes queued flushes, then stops
    current.get().release();
    try {
      if (log != null) {
        log.close();
      }
      blocks.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "error closing " + dir + ": " + e.getMessage());
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
