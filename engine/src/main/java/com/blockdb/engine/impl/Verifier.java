package com.blockdb.engine.impl;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Entry;
import com.blockdb.engine.Tables;
import com.blockdb.engine.VerifyListener;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.ledger.BlockFile;
import com.blockdb.engine.ledger.BlockHeader;
import com.blockdb.engine.ledger.LedgerEntry;
import com.blockdb.engine.merkle.MerkleTree;
import com.blockdb.engine.sstable.TableReader;
import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Full verification of a ledger against its data files, in two passes.
 *
 * <ol>
 *   <li>The block file is re-read from disk: each record's checksum, each header's height, the hash
 *       chain from genesis, contiguous sequence ranges, and each block's Merkle root rebuilt from its
 *       leaf hashes. A saved digest must be the root of a prefix of the block hashes.
 *   <li>Every stored entry is read from the SSTables (block checksums checked) and memtables,
 *       re-encoded and re-hashed, and compared with the leaf at its sequence in the block file;
 *       each sealed sequence must be stored exactly once. Sequences are taken in windows sized to
 *       the heap, so a store of any size verifies in bounded memory. An SSTable data block that
 *       fails its checks is skipped and remembered, so that every other block is still read: the
 *       first sealed sequence then missing names the first ledger block the damage affects.
 * </ol>
 *
 * The first failure ends the run and is reported with its block, key and file; a damaged data
 * block is reported with the file, its offset and the key range the table's index gives it.
 */
final class Verifier {

  /** A verification failure, carried out of the passes. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long block;
    final String key;
    final String file;

    Failure(long block, String key, String file, String message) {
      super(message, null, false, false);
      this.block = block;
      this.key = key;
      this.file = file;
    }
  }

  /** Damaged data blocks named in a report; the rest are only counted. */
  private static final int MAX_DAMAGE_NAMED = 3;

  private final DbImpl db;
  private final VerifyListener listener;
  private final long started = System.nanoTime();
  private long blocksChecked;
  private long entriesChecked;
  private long done;
  private long total;
  private long[] firstSeq; // per block
  private long[] offsets; // per block record
  private final List<DamagedBlock> damage = new ArrayList<>(); // the first few unreadable data blocks
  private int damagedBlocks; // all of them

  Verifier(DbImpl db, VerifyListener listener) {
    this.db = db;
    this.listener = listener;
  }

  VerifyResult run(Digest saved) {
    // Read the sealed extent first, then pin: the pinned version then holds every sealed entry.
    long count = db.blocks.count();
    // Every record below the store's length is complete (an append counts its bytes after writing
    // them); the sealer may be appending past it meanwhile, so pass 1 reads no further.
    long extent = db.blocks.sizeBytes();
    long sealed = db.blocks.header(count - 1).lastSequence();
    Version pinned = db.acquire();
    total = count + sealed;
    try {
      List<byte[]> blockLeaves = checkBlocks(count, extent);
      if (saved != null) {
        checkExtends(saved, blockLeaves);
      }
      checkEntries(pinned, sealed);
      String msg = "verified " + blocksChecked + " blocks and " + entriesChecked + " entries"
          + (saved != null ? "; the ledger extends the saved digest of " + saved.blockCount() + " blocks" : "");
      return result(true, -1, null, null, msg);
    } catch (Failure f) {
      return result(false, f.block, f.key, f.file, f.getMessage());
    } catch (CorruptionException e) {
      return result(false, blockAt(e), null, String.valueOf(e.file()), e.getMessage());
    } catch (BlockDbException e) {
      return result(false, -1, null, null, e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return result(false, -1, null, null, "I/O error: " + e.getMessage());
    } finally {
      pinned.release();
    }
  }

  private long blockAt(CorruptionException e) {
    if (offsets == null || !e.file().equals(db.blocks.file())) {
      return -1;
    }
    long b = -1;
    for (int i = 0; i < offsets.length && offsets[i] > 0 && offsets[i] <= e.offset(); i++) {
      b = i;
    }
    return b;
  }

  private VerifyResult result(boolean ok, long block, String key, String file, String msg) {
    long ms = (System.nanoTime() - started) / 1_000_000;
    return new VerifyResult(ok, blocksChecked, entriesChecked, block, key, file, msg, ms);
  }

  private void progress(long n) {
    done += n;
    if ((done & 0x3FFF) < n || done == total) {
      listener.progress(Math.min(done, total), total);
    }
  }

  /** Pass 1: the block file from disk. Returns the leaf hashes of the block hashes. */
  private List<byte[]> checkBlocks(long count, long extent) throws IOException {
    firstSeq = new long[(int) count];
    offsets = new long[(int) count];
    List<byte[]> blockLeaves = new ArrayList<>((int) count);
    String file = db.blocks.file().toString();
    BlockHeader[] prev = {null};
    try {
      BlockFile.scan(db.fs, db.blocks.file(), extent, true, r -> {
        BlockHeader h = r.header();
        long height = h.height();
        if (height >= count) {
          return; // sealed after this verification began
        }
        if (height != blockLeaves.size()) {
          throw new Failure(blockLeaves.size(), null, file, "block " + blockLeaves.size() + " is missing: found height "
              + height + " in its place");
        }
        offsets[(int) height] = r.offset();
        if (prev[0] == null) {
          if (!Arrays.equals(h.previousHash(), new byte[32]) || h.entryCount() != 0) {
            throw new Failure(0, null, file, "the genesis block is not the defined genesis block");
          }
        } else {
          if (!Arrays.equals(h.previousHash(), prev[0].hash())) {
            throw new Failure(height, null, file, "block " + height + " does not link to block " + (height - 1)
                + ": its previous-hash field differs from that block's hash");
          }
          long expectFirst = prev[0].lastSequence() + 1;
          if (h.entryCount() > 0 && (h.firstSequence() != expectFirst
              || h.lastSequence() != h.firstSequence() + h.entryCount() - 1)) {
            throw new Failure(height, null, file, "block " + height + " has sequence range " + h.firstSequence()
                + ".." + h.lastSequence() + " where " + expectFirst + " onwards was expected");
          }
        }
        if (!Arrays.equals(MerkleTree.root(r.leaves()), h.merkleRoot())) {
          throw new Failure(height, null, file, "block " + height
              + ": the Merkle root rebuilt from its entries differs from the root in its header");
        }
        if (height > 0 && h.entryCount() == 0) {
          throw new Failure(height, null, file, "block " + height + " is empty; only genesis may be");
        }
        firstSeq[(int) height] = h.firstSequence();
        blockLeaves.add(MerkleTree.leafHash(h.hash()));
        prev[0] = h;
        blocksChecked++;
        progress(1);
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (blockLeaves.size() < count) {
      throw new Failure(blockLeaves.size(), null, file, "the block file ends after " + blockLeaves.size()
          + " blocks but " + count + " were sealed");
    }
    return blockLeaves;
  }

  private void checkExtends(Digest saved, List<byte[]> blockLeaves) {
    if (saved.blockCount() > blockLeaves.size()) {
      throw new Failure(blockLeaves.size(), null, null, "the saved digest covers " + saved.blockCount()
          + " blocks but the ledger has only " + blockLeaves.size() + ": blocks were removed");
    }
    byte[] root = MerkleTree.root(blockLeaves.subList(0, (int) saved.blockCount()));
    if (!Arrays.equals(root, saved.root())) {
      throw new Failure(-1, null, db.blocks.file().toString(),
          "the ledger does not extend the saved digest: its first " + saved.blockCount()
              + " blocks are not the ones the digest committed to (history was rewritten)");
    }
  }

  /** Height of the sealed block holding {@code seq}: the last block starting at or before it. */
  private int blockOf(long seq) {
    int lo = 0;
    int hi = firstSeq.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (firstSeq[mid] <= seq) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Pass 2: every stored entry against the leaf at its sequence, window by window. */
  private void checkEntries(Version pinned, long sealed) throws IOException {
    long window = Math.max(1 << 16, Runtime.getRuntime().maxMemory() / 8 / 48);
    String sealedFile = db.blocks.file().toString();
    try (ReadableFile blockFile = db.fs.openRead(db.blocks.file())) {
      for (long lo = 1; lo <= sealed; lo += window) {
        long first = lo;
        long hi = Math.min(sealed, lo + window - 1);
        byte[][] stored = new byte[(int) (hi - lo + 1)][];
        // Damage is the same in every window: note it in the first only.
        forEachStored(pinned, lo == 1, e -> {
          long s = e.sequence();
          if (s > sealed || s < first || s > hi) {
            return;
          }
          int i = (int) (s - first);
          if (stored[i] != null) {
            throw new Failure(blockOf(s), Bytes.printable(e.key()), null, "block " + blockOf(s)
                + ": sequence " + s + " is stored twice (again under key '" + Bytes.printable(e.key()) + "')");
          }
          stored[i] = LedgerEntry.leafHash(e);
        });
        compareWindow(blockFile, sealedFile, pinned, lo, hi, stored);
      }
    }
    if (!damage.isEmpty()) {
      // Every sealed entry was found, yet a data block is unreadable: still a failure.
      throw new Failure(-1, damage.get(0).keys(), damage.get(0).file().toString(), describeDamage());
    }
  }

  /**
   * Hands every stored entry of the pinned version to {@code visitor}, in no particular order:
   * memtables, then each SSTable data block by data block. A data block that fails its checks is
   * skipped, so the entries of every other block are still seen; with {@code noteDamage} the first
   * few such blocks are remembered (and all are counted) for the report.
   */
  private void forEachStored(Version pinned, boolean noteDamage, Consumer<Entry> visitor) throws IOException {
    List<Memtable> mems = new ArrayList<>();
    mems.add(pinned.active);
    mems.addAll(pinned.frozen);
    for (Memtable m : mems) {
      for (SkipList.Node kv : m.entries()) {
        visitor.accept(entryOf(kv.getKey(), kv.getValue(), null));
      }
    }
    // Oldest table first: without compaction it holds the oldest sequences, so the damage named
    // first is the likeliest to hold the first missing sequence.
    List<TableHandle> tables = new ArrayList<>(pinned.tables);
    tables.sort(Comparator.comparingLong(t -> t.number));
    for (TableHandle t : tables) {
      TableReader r = t.reader;
      for (int i = 0; i < r.dataBlockCount(); i++) {
        try {
          r.readDataBlock(i, (k, v) -> visitor.accept(entryOf(k, v, r.path())));
        } catch (CorruptionException e) {
          if (noteDamage) {
            damagedBlocks++;
            if (damage.size() < MAX_DAMAGE_NAMED) {
              damage.add(DamagedBlock.of(r, i, e));
            }
          }
        }
      }
    }
  }

  /** Decodes a stored entry; a stored value too short for its fixed fields fails naming the key. */
  private static Entry entryOf(byte[] internalKey, byte[] stored, Path file) {
    if (internalKey.length < 4 || stored.length < 18
        || stored.length < 18 + (((stored[16] & 0xFF) << 8) | (stored[17] & 0xFF))) {
      String key = DamagedBlock.quoted(internalKey);
      throw new Failure(-1, key, file == null ? null : file.toString(), "the stored entry under key " + key
          + (file == null ? " in memory" : " in " + file) + " is malformed: its stored value has "
          + stored.length + " bytes, too few for its fields");
    }
    return StoredValue.toEntry(internalKey, stored);
  }

  private void compareWindow(ReadableFile blockFile, String file, Version pinned, long lo, long hi, byte[][] stored)
      throws IOException {
    int b = blockOf(lo);
    long s = lo;
    while (s <= hi) {
      BlockFile.Record r = BlockFile.readAt(blockFile, db.blocks.file(), offsets[b]);
      BlockHeader h = r.header();
      for (; s <= hi && s <= h.lastSequence(); s++) {
        byte[] mine = stored[(int) (s - lo)];
        if (mine == null) {
          if (!damage.isEmpty()) {
            // Which damaged block held s is unknowable (its bytes are what is lost), so all are named.
            throw new Failure(b, damage.get(0).keys(), damage.get(0).file().toString(), "block " + b
                + ": entry with sequence " + s + " is in the ledger but cannot be read from the data files: "
                + describeDamage());
          }
          throw new Failure(b, null, file, "block " + b + ": entry with sequence " + s
              + " is in the ledger but missing from the data files");
        }
        if (!Arrays.equals(mine, r.leaves().get((int) (s - h.firstSequence())))) {
          String key = keyOf(pinned, s);
          throw new Failure(b, key, null, "block " + b + ": stored entry for key '" + key
              + "' (sequence " + s + ") does not match the ledger: its value or metadata was altered");
        }
        entriesChecked++;
        progress(1);
      }
      b++;
    }
  }

  private String describeDamage() {
    StringBuilder sb = new StringBuilder(damagedBlocks == 1 ? "" : damagedBlocks + " data blocks are damaged: ");
    for (int i = 0; i < damage.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(damage.get(i).describe());
    }
    if (damagedBlocks > damage.size()) {
      sb.append("; and ").append(damagedBlocks - damage.size()).append(" more");
    }
    return sb.toString();
  }

  private String keyOf(Version pinned, long seq) throws IOException {
    String[] key = {"?"};
    forEachStored(pinned, false, e -> {
      if (e.sequence() == seq) {
        key[0] = Bytes.printable(e.key());
      }
    });
    return key[0];
  }

  /**
   * An SSTable data block that failed its checks, with the keys it held according to the table's
   * index (which open verified): after the previous block's last key, up to its own last key.
   */
  private record DamagedBlock(Path file, long offset, String keys, String problem) {

    static DamagedBlock of(TableReader r, int i, CorruptionException e) {
      String keys = i == 0
          ? "from " + quoted(r.smallestKey()) + " up to " + quoted(r.dataBlockLastKey(i))
          : "after " + quoted(r.dataBlockLastKey(i - 1)) + " up to " + quoted(r.dataBlockLastKey(i));
      // The exception's message repeats file and offset; keep only what failed, and where.
      String prefix = "corruption in " + e.file() + " at offset " + e.offset() + ": ";
      String what = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
      return new DamagedBlock(r.path(), r.dataBlockOffset(i), keys, what + " at offset " + e.offset());
    }

    String describe() {
      return "data block at offset " + offset + " of " + file + " (keys " + keys + ") is damaged: " + problem;
    }

    /** A stored key as text: the quoted user key, with its table id unless it is the KV table's. */
    static String quoted(byte[] internalKey) {
      if (internalKey.length < 4) {
        return "0x" + Bytes.hex(internalKey);
      }
      int table = InternalKey.table(internalKey);
      String key = "'" + Bytes.printable(InternalKey.userKey(internalKey)) + "'";
      return table == Tables.KV ? key : "table " + table + " key " + key;
    }
  }
}
