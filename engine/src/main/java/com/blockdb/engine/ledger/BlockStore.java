package com.blockdb.engine.ledger;

import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.merkle.MerkleTree;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sealed blocks of the ledger: appends them to {@code ledger/blocks.dat} and keeps their
 * headers, hashes and record offsets in memory (about 150 bytes a block) for proofs and digests.
 * Leaf hashes stay on disk and are read when a proof needs them.
 *
 * <p>Threading: one thread appends (the background sealer, or the commit pipeline before it
 * starts); readers may call the query methods concurrently. Every method synchronizes on this
 * object only for small in-memory work: a block's write and fsync hold a separate writer lock.
 */
public final class BlockStore implements Closeable {

  private static final System.Logger LOG = System.getLogger(BlockStore.class.getName());

  private final FileLayer fs;
  private final Path file;
  private final WritableFile out;
  private final ReadableFile in;
  private final List<BlockHeader> headers = new ArrayList<>();
  private final List<byte[]> leafHashes = new ArrayList<>(); // leaf hash of each block's hash
  private final List<Long> offsets = new ArrayList<>();
  private long length;
  private Digest digest;
  private final String recoveryNote;

  private BlockStore(FileLayer fs, Path file, WritableFile out, long length, String recoveryNote) throws IOException {
    this.fs = fs;
    this.file = file;
    this.out = out;
    this.length = length;
    this.recoveryNote = recoveryNote;
    this.in = fs.openRead(file);
  }

  /**
   * Opens the block file, creating it with the genesis block if absent. A torn last record (a crash
   * during sealing) is truncated: its entries are still in the write-ahead log and are sealed again.
   */
  public static BlockStore open(FileLayer fs, Path file) throws IOException {
    if (!fs.exists(file)) {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (WritableFile w = fs.create(tmp)) {
        w.append(BlockFile.fileHeader());
        BlockHeader genesis = new BlockHeader(BlockHeader.VERSION, 0, new byte[32], MerkleTree.emptyRoot(), 0, 0, 0, 0);
        w.append(BlockFile.encodeRecord(genesis, List.of()));
        w.sync();
      }
      fs.rename(tmp, file);
      fs.syncDirectory(file.getParent());
    }
    List<BlockFile.Record> records = new ArrayList<>();
    BlockFile.ScanEnd end = BlockFile.scan(fs, file, false, records::add);
    String note = null;
    if (end.torn()) {
      note = "truncated torn block record in " + file + " at offset " + end.validLength() + " ("
          + (end.fileLength() - end.validLength()) + " bytes dropped)";
      LOG.log(System.Logger.Level.WARNING, note);
      fs.truncate(file, end.validLength());
    }
    if (records.isEmpty()) {
      throw new CorruptionException(file, BlockFile.FILE_HEADER_LENGTH, "the genesis block is missing");
    }
    // Open at the logical end: zeros preallocated past it (a crash left them) are overwritten.
    BlockStore s = new BlockStore(fs, file, fs.openAppendAt(file, end.validLength()), end.validLength(), note);
    for (BlockFile.Record r : records) {
      s.index(r.offset(), r.header());
    }
    return s;
  }

  private void index(long offset, BlockHeader h) {
    if (h.height() != headers.size()) {
      throw new CorruptionException(file, offset, "block height " + h.height() + " where " + headers.size()
          + " was expected");
    }
    headers.add(h);
    leafHashes.add(MerkleTree.leafHash(h.hash()));
    offsets.add(offset);
    digest = null;
  }

  /** The torn-tail report of opening, or null. */
  public String recoveryNote() {
    return recoveryNote;
  }

  // ---- sealing in the background ----
  // Sealing a block (its Merkle root, the record write and its fsync) takes about half a
  // millisecond for 1000 entries. The entries are durable in the commit log before they are
  // sealed, and replay seals them again identically, so once the database is open the commit
  // thread hands full blocks to this sealer and acknowledges its writers at once. Blocks are still
  // appended and fsynced one at a time, in order, by one thread. Whoever needs the sealed state
  // (digest, proofs, verify, a memtable switch before its flush lets the log go, close) drains.
  private static final int MAX_QUEUED_BLOCKS = 64;
  private final java.util.ArrayDeque<Object[]> sealQueue = new java.util.ArrayDeque<>();
  private Thread sealer;
  private java.util.function.Consumer<String> onSealFailure;
  private volatile IOException sealFailure;
  private long blocksQueued;
  private long blocksSealed;

  /**
   * From now on {@link #appendLater} seals in a background thread; {@code onFailure} hears of a
   * failed seal (the database must then refuse writes).
   */
  public synchronized void startSealer(java.util.function.Consumer<String> onFailure) {
    if (sealer != null) {
      return;
    }
    onSealFailure = onFailure;
    sealer = new Thread(this::sealLoop, "blockdb-seal");
    sealer.setDaemon(true);
    sealer.start();
  }

  /**
   * Queues a block to be sealed in order (or seals it now when no sealer runs). The leaves list is
   * taken over by the store.
   */
  public void appendLater(List<byte[]> leaves, long firstSeq, long lastSeq, long timestamp) throws IOException {
    synchronized (this) {
      if (sealer != null) {
        while (sealQueue.size() >= MAX_QUEUED_BLOCKS && sealFailure == null) {
          waitQuietly();
        }
        checkSealer();
        sealQueue.add(new Object[] {leaves, firstSeq, lastSeq, timestamp});
        blocksQueued++;
        notifyAll();
        return;
      }
    }
    append(leaves, firstSeq, lastSeq, timestamp);
  }

  /** Bytes of zeros kept ahead of the last block (about 125 full blocks). */
  static final long PREALLOCATE_BYTES = 4L * 1024 * 1024;
  /** Zeros ahead of the last block below which an idle sealer extends them (about 30 full blocks). */
  static final long LOW_WATER_BYTES = PREALLOCATE_BYTES / 4;
  /** Where the durable zeros end; guarded by {@link #writeLock}. */
  private long preallocated;
  /**
   * Held by the one thread that writes a block (the sealer, or the caller of {@link #append} when
   * none runs) for the whole write and fsync; this object's own lock is taken only briefly.
   */
  private final Object writeLock = new Object();
  /** The last block's encoded record, reused for the next; guarded by {@link #writeLock}. */
  private ByteBuffer recordBuffer;
  private static final int KEEP_RECORD_BUFFER_BYTES = 1 << 20;

  /** Blocks handed to the sealer so far (a mark for {@link #awaitSealed}). */
  public synchronized long blocksQueued() {
    return blocksQueued;
  }

  /** Waits until the first {@code mark} queued blocks are sealed and durable; throws if sealing failed. */
  public synchronized void awaitSealed(long mark) throws IOException {
    while (blocksSealed < mark && sealFailure == null) {
      waitQuietly();
    }
    checkSealer();
  }

  /** Waits until every queued block is sealed and durable; throws if sealing failed. */
  public synchronized void drain() throws IOException {
    while (blocksSealed < blocksQueued && sealFailure == null) {
      waitQuietly();
    }
    checkSealer();
  }

  /** Sequence of the last entry sealed or queued for sealing. */
  public synchronized long lastQueuedSequence() {
    Object[] last = sealQueue.peekLast();
    return last != null ? (Long) last[2] : lastSequence();
  }

  private void checkSealer() throws IOException {
    if (sealFailure != null) {
      throw new IOException("sealing a ledger block failed: " + sealFailure.getMessage(), sealFailure);
    }
  }

  private void waitQuietly() {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the block sealer", e);
    }
  }

  @SuppressWarnings("unchecked")
  private void sealLoop() {
    while (true) {
      Object[] job;
      synchronized (this) {
        while (sealQueue.isEmpty() && sealer != null) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (sealQueue.isEmpty()) {
          return; // stopped and drained
        }
        job = sealQueue.peekFirst();
      }
      try {
        append((List<byte[]>) job[0], (Long) job[1], (Long) job[2], (Long) job[3]);
        boolean idle;
        synchronized (this) {
          sealQueue.pollFirst();
          blocksSealed++;
          notifyAll();
          idle = sealQueue.isEmpty();
        }
        if (idle) {
          extendZerosIfLow();
        }
      } catch (IOException | RuntimeException e) {
        // Refuse writes first, before anything else can be acknowledged (a failed fsync is never
        // retried), then wake whoever waits for the queue.
        sealFailure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        onSealFailure.accept("sealing a ledger block (write and fsync of " + file + ") failed: " + e.getMessage());
        synchronized (this) {
          sealQueue.clear();
          notifyAll();
        }
        return;
      }
    }
  }

  /**
   * Between blocks, when the queue is empty: lays down the next {@link #PREALLOCATE_BYTES} of zeros
   * once fewer than {@link #LOW_WATER_BYTES} are left, so that the zero-fill and its fsync usually
   * run while no commit waits for a block, instead of inside the seal of the block that would have
   * run out of them. The next block may still wait for the end of it, but for less.
   */
  private void extendZerosIfLow() throws IOException {
    synchronized (writeLock) {
      long at;
      synchronized (this) {
        at = length;
      }
      if (preallocated - at < LOW_WATER_BYTES) {
        preallocated = at + PREALLOCATE_BYTES;
        out.preallocate(preallocated);
      }
    }
  }

  /** Seals what is queued, then stops the sealer thread. */
  private void stopSealer() throws IOException {
    Thread t;
    synchronized (this) {
      t = sealer;
      if (t == null) {
        return;
      }
      while (!sealQueue.isEmpty() && sealFailure == null) {
        waitQuietly();
      }
      sealer = null;
      notifyAll();
    }
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkSealer();
  }

  /**
   * Appends a block (header computed from the previous block) and fsyncs it; returns its header.
   * The write and the fsync run outside this object's lock, so that the commit thread, which asks
   * for {@link #blocksQueued} and queues blocks while a block is being sealed, never waits for the
   * sealer's disk; the block becomes visible to readers only once it is durable.
   */
  public BlockHeader append(List<byte[]> leaves, long firstSeq, long lastSeq, long timestamp) throws IOException {
    synchronized (writeLock) {
      BlockHeader prev;
      long at;
      synchronized (this) {
        prev = headers.get(headers.size() - 1);
        at = length;
      }
      BlockHeader h = new BlockHeader(BlockHeader.VERSION, prev.height() + 1, prev.hash(), MerkleTree.root(leaves),
          leaves.size(), firstSeq, lastSeq, timestamp);
      ByteBuffer rec = BlockFile.encodeRecord(h, leaves, recordBuffer);
      // Kept for the next block (a full one is about 32 KiB), unless an outsized block made it huge.
      recordBuffer = rec.capacity() <= KEEP_RECORD_BUFFER_BYTES ? rec : null;
      int n = rec.remaining();
      if (at + n > preallocated) {
        // Durable zeros ahead of the writer, as the WAL has: a block's fsync then overwrites data in
        // place and need not update the file's size (metadata), which makes it cheaper, and the
        // next log fsync, which the sealer's fsync overlaps, waits less behind it.
        preallocated = at + n + PREALLOCATE_BYTES;
        out.preallocate(preallocated);
      }
      out.append(rec);
      out.sync();
      synchronized (this) {
        index(at, h);
        length = at + n;
      }
      return h;
    }
  }

  public synchronized long count() {
    return headers.size();
  }

  public synchronized BlockHeader header(long height) {
    return headers.get((int) height);
  }

  public synchronized BlockHeader last() {
    return headers.get(headers.size() - 1);
  }

  /** Sequence of the last sealed entry. */
  public synchronized long lastSequence() {
    return last().lastSequence();
  }

  /** Height of the block holding {@code seq}, or -1 if no sealed block holds it. */
  public synchronized long blockOf(long seq) {
    if (seq < 1 || seq > lastSequence()) {
      return -1;
    }
    int lo = 1;
    int hi = headers.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (headers.get(mid).lastSequence() < seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Reads a block's leaf hashes from disk, checking its record checksum. */
  public List<byte[]> leaves(long height) throws IOException {
    long off;
    synchronized (this) {
      off = offsets.get((int) height);
    }
    return BlockFile.readAt(in, file, off).leaves();
  }

  /** Leaf hashes of the first {@code count} block hashes (the leaves of the digest tree). */
  public synchronized List<byte[]> blockLeaves(long count) {
    return new ArrayList<>(leafHashes.subList(0, (int) count));
  }

  public synchronized Digest digest() {
    if (digest == null) {
      digest = new Digest(headers.size(), MerkleTree.root(leafHashes));
    }
    return digest;
  }

  public synchronized long sizeBytes() {
    return length;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    try {
      stopSealer(); // outside the lock: the sealer needs it to finish
    } finally {
      synchronized (writeLock) {
        synchronized (this) {
          try {
            out.close();
            if (preallocated > length && sealFailure == null) {
              fs.truncate(file, length); // a closed block file ends with its last block
            }
          } finally {
            in.close();
          }
        }
      }
    }
  }
}
