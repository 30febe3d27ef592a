package com.blockdb.engine.ledger;

import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.merkle.MerkleTree;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sealed blocks of the ledger: appends them to {@code ledger/blocks.dat} and keeps their
 * headers, hashes and record offsets in memory (about 150 bytes a block) for proofs and digests.
 * Leaf hashes stay on disk and are read when a proof needs them.
 *
 * <p>Threading: one thread appends (the commit pipeline); readers may call the query methods
 * concurrently; all methods synchronize on this object, and the work under the lock is small.
 */
public final class BlockStore implements Closeable {

  private static final System.Logger LOG = System.getLogger(BlockStore.class.getName());

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
    BlockStore s = new BlockStore(fs, file, fs.openAppend(file), end.validLength(), note);
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

  /** Appends a block (header computed from the previous block) and fsyncs it; returns its header. */
  public synchronized BlockHeader append(List<byte[]> leaves, long firstSeq, long lastSeq, long timestamp)
      throws IOException {
    BlockHeader prev = headers.get(headers.size() - 1);
    BlockHeader h = new BlockHeader(BlockHeader.VERSION, prev.height() + 1, prev.hash(), MerkleTree.root(leaves),
        leaves.size(), firstSeq, lastSeq, timestamp);
    var rec = BlockFile.encodeRecord(h, leaves);
    int n = rec.remaining();
    out.append(rec);
    out.sync();
    index(length, h);
    length += n;
    return h;
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
  public synchronized void close() throws IOException {
    try {
      out.close();
    } finally {
      in.close();
    }
  }
}
