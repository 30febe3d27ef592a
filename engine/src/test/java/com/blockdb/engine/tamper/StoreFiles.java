package com.blockdb.engine.tamper;

import com.blockdb.engine.commit.CommitRecord;
import com.blockdb.engine.ledger.BlockFile;
import com.blockdb.engine.ledger.BlockHeader;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.merkle.MerkleTree;
import com.blockdb.engine.util.Checksums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Independent readers (and re-writers) of the on-disk formats, written from the format
 * descriptions, so that tamper tests can alter stored bytes precisely and then repair every
 * checksum the way a careful attacker would.
 */
final class StoreFiles {

  private StoreFiles() {}

  // ---------------------------------------------------------------- directories

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  static void flipBit(Path file, long pos, int bit) throws IOException {
    byte[] a = Files.readAllBytes(file);
    a[(int) pos] ^= (byte) (1 << bit);
    Files.write(file, a);
  }

  // ---------------------------------------------------------------- varints (SSTable lengths)

  /** Unsigned LEB128 at {@code pos}: returns {value, next position}. */
  static int[] varint(byte[] a, int pos) {
    int v = 0;
    int shift = 0;
    while (true) {
      int b = a[pos++] & 0xFF;
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return new int[] {v, pos};
      }
      shift += 7;
    }
  }

  // ---------------------------------------------------------------- SSTables (docs/format-sstable.md)

  /** One entry of an SSTable data block, by absolute file offsets. */
  record SstEntry(int block, int blockOffset, int blockSize, byte[] internalKey, int valueOffset, int valueLength) {
    int table() {
      return ByteBuffer.wrap(internalKey).getInt();
    }

    byte[] userKey() {
      return Arrays.copyOfRange(internalKey, 4, internalKey.length);
    }

    /** Offset of the user value inside the stored value (after seq, timestamp and principal). */
    int userValueOffset(byte[] file) {
      int plen = ByteBuffer.wrap(file, valueOffset + 16, 2).getShort() & 0xFFFF;
      return valueOffset + 18 + plen;
    }

    long sequence(byte[] file) {
      return ByteBuffer.wrap(file, valueOffset, 8).getLong();
    }
  }

  /** Every entry of every data block, parsed from footer and index without the engine's reader. */
  static List<SstEntry> sstEntries(byte[] f) {
    int footer = f.length - 48;
    ByteBuffer fb = ByteBuffer.wrap(f, footer, 48);
    long indexOffset = fb.getLong();
    int indexSize = fb.getInt();
    int p = (int) indexOffset;
    int blockCount = ByteBuffer.wrap(f, p, 4).getInt();
    p += 4;
    List<SstEntry> out = new ArrayList<>();
    if (blockCount == 0) {
      return out;
    }
    int[] v = varint(f, p);
    p = v[1] + v[0]; // smallest key
    for (int b = 0; b < blockCount; b++) {
      v = varint(f, p);
      p = v[1] + v[0]; // last key
      long off = ByteBuffer.wrap(f, p, 8).getLong();
      int size = ByteBuffer.wrap(f, p + 8, 4).getInt();
      p += 12;
      int q = (int) off;
      while (q < off + size) {
        int[] k = varint(f, q);
        int[] vl = varint(f, k[1]);
        int keyOff = vl[1];
        out.add(new SstEntry(b, (int) off, size, Arrays.copyOfRange(f, keyOff, keyOff + k[0]), keyOff + k[0], vl[0]));
        q = keyOff + k[0] + vl[0];
      }
    }
    if (p != indexOffset + indexSize) {
      throw new IllegalStateException("index parsed to " + p + ", expected " + (indexOffset + indexSize));
    }
    return out;
  }

  /** Recomputes the CRC32C trailer of the data block at {@code offset} with a payload of {@code size} bytes. */
  static void fixBlockCrc(byte[] f, int offset, int size) {
    ByteBuffer.wrap(f, offset + size, 4).putInt(Checksums.crc32c(f, offset, size));
  }

  // ---------------------------------------------------------------- WAL (docs/format-wal.md)

  /**
   * One WAL record (format version 2, body {@code [u64 index][u64 watermark][payload]}): where it
   * starts and ends in its segment, its index, durability watermark and payload.
   */
  record WalRecord(Path file, int offset, int end, long index, long watermark, byte[] payload) {
    CommitRecord decode() {
      return CommitRecord.decode(payload);
    }
  }

  static final int WAL_HEADER = 24;

  static List<WalRecord> walRecords(Path segment) throws IOException {
    byte[] a = Files.readAllBytes(segment);
    List<WalRecord> out = new ArrayList<>();
    int p = WAL_HEADER;
    while (p + 8 <= a.length) {
      int len = ByteBuffer.wrap(a, p, 4).getInt();
      if (len == 0) {
        break; // preallocated zeros after the last record
      }
      long index = ByteBuffer.wrap(a, p + 8, 8).getLong();
      long watermark = ByteBuffer.wrap(a, p + 16, 8).getLong();
      byte[] payload = Arrays.copyOfRange(a, p + 24, p + 8 + len);
      out.add(new WalRecord(segment, p, p + 8 + len, index, watermark, payload));
      p += 8 + len;
    }
    for (int i = p; i < a.length; i++) {
      if (a[i] != 0) {
        throw new IllegalStateException(segment + " does not end on a record boundary");
      }
    }
    return out;
  }

  /** Recomputes the body CRC of the record at {@code offset} of a segment's bytes. */
  static void fixWalRecordCrc(byte[] seg, int offset) {
    int len = ByteBuffer.wrap(seg, offset, 4).getInt();
    ByteBuffer.wrap(seg, offset + 4, 4).putInt(Checksums.crc32c(seg, offset + 8, len));
  }

  // ---------------------------------------------------------------- ledger (BlockFile, BlockHeader)

  static List<BlockFile.Record> blocks(Path blockFile) throws IOException {
    List<BlockFile.Record> out = new ArrayList<>();
    BlockFile.ScanEnd end = BlockFile.scan(FileLayer.real(), blockFile, true, out::add);
    if (end.torn()) {
      throw new IllegalStateException("block file has a torn tail");
    }
    return out;
  }

  /**
   * Writes a new block file: the given blocks with {@code leaves} of block {@code height} replaced,
   * that block's Merkle root recomputed, and every later block re-chained to the new hashes, with
   * every record CRC recomputed. The result is internally consistent: only a saved digest tells.
   */
  static void rewriteLedger(Path blockFile, long height, List<byte[]> newLeaves) throws IOException {
    List<BlockFile.Record> old = blocks(blockFile);
    ByteBuffer file = ByteBuffer.allocate((int) Files.size(blockFile) + 1024);
    file.put(BlockFile.fileHeader());
    byte[] prevHash = null;
    for (BlockFile.Record r : old) {
      BlockHeader h = r.header();
      List<byte[]> leaves = h.height() == height ? newLeaves : r.leaves();
      BlockHeader nh = new BlockHeader(h.version(), h.height(), prevHash == null ? h.previousHash() : prevHash,
          h.height() == height ? MerkleTree.root(leaves) : h.merkleRoot(), leaves.size(), h.firstSequence(),
          h.lastSequence(), h.timestamp());
      file.put(BlockFile.encodeRecord(nh, leaves));
      prevHash = nh.hash();
    }
    file.flip();
    byte[] out = new byte[file.remaining()];
    file.get(out);
    Files.write(blockFile, out);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
