package com.blockdb.engine.ledger;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.util.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Layout of the ledger's block file {@code ledger/blocks.dat} and a sequential reader of it
 * (docs/FORMAT.md, "Block file"). File header, 16 bytes: 8-byte magic {@code "BDBLEDGR"}, u32 format
 * version (1), u32 CRC32C of the preceding 12 bytes. Then one record per block:
 *
 * <pre>
 *   u32 body length (= 106 + 32 × entry count)
 *   body: block header (106 bytes, {@link BlockHeader}) ‖ entry leaf hashes (32 bytes each, in sequence order)
 *   u32 CRC32C of the body
 * </pre>
 *
 * Blocks are appended and fsynced at sealing and never rewritten.
 */
public final class BlockFile {

  public static final byte[] MAGIC = {'B', 'D', 'B', 'L', 'E', 'D', 'G', 'R'};
  public static final int VERSION = 1;
  public static final int FILE_HEADER_LENGTH = 16;
  static final int MAX_ENTRIES_PER_BLOCK = 1 << 22;

  /** One block read back: where its record starts, its header, and its leaf hashes. */
  public record Record(long offset, BlockHeader header, List<byte[]> leaves) {}

  /** Receives blocks in file order. */
  @FunctionalInterface
  public interface Visitor {
    void block(Record record);
  }

  /** Result of a scan: where valid records end, and the torn tail if one was found. */
  public record ScanEnd(long validLength, long fileLength, boolean torn) {}

  private BlockFile() {}

  public static ByteBuffer fileHeader() {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER_LENGTH);
    b.put(MAGIC).putInt(VERSION);
    b.putInt(Checksums.crc32c(b.array(), 0, 12));
    return b.flip();
  }

  public static ByteBuffer encodeRecord(BlockHeader header, List<byte[]> leaves) {
    return encodeRecord(header, leaves, null);
  }

  /**
   * Encodes a block's record into {@code reuse} if it is large enough (what it held is
   * overwritten), else into a new buffer; returns the buffer, flipped for writing.
   */
  static ByteBuffer encodeRecord(BlockHeader header, List<byte[]> leaves, ByteBuffer reuse) {
    int body = BlockHeader.ENCODED_LENGTH + 32 * leaves.size();
    int size = 4 + body + 4;
    ByteBuffer b = reuse != null && reuse.capacity() >= size ? reuse.clear().limit(size) : ByteBuffer.allocate(size);
    b.putInt(body).put(header.encode());
    for (byte[] l : leaves) {
      b.put(l);
    }
    b.putInt(Checksums.crc32c(b.array(), 4, body));
    return b.flip();
  }

  /**
   * Reads every record in order, checking each record's CRC and header encoding (not the chain or
   * Merkle roots: that is {@code verify}'s work). A damaged record at the very end with nothing
   * valid after it is a torn tail, reported in the result; damage followed by a valid record is
   * corruption.
   */
  public static ScanEnd scan(FileLayer fs, Path file, boolean keepLeaves, Visitor visitor) throws IOException {
    return scan(fs, file, Long.MAX_VALUE, keepLeaves, visitor);
  }

  /**
   * As {@link #scan(FileLayer, Path, boolean, Visitor)}, over the first {@code limit} bytes only.
   * A reader of a block file that is being appended to (verify, while the sealer seals) passes the
   * length of the records it knows complete: a record half written past it would otherwise read as
   * damage, and the record after it, complete by the time the scan looks, as proof of corruption.
   */
  public static ScanEnd scan(FileLayer fs, Path file, long limit, boolean keepLeaves, Visitor visitor)
      throws IOException {
    try (ReadableFile f = fs.openRead(file)) {
      long len = Math.min(f.length(), limit);
      if (len < FILE_HEADER_LENGTH) {
        return new ScanEnd(0, len, true);
      }
      ByteBuffer h = f.readFully(0, FILE_HEADER_LENGTH);
      byte[] hb = h.array();
      if (Checksums.crc32c(hb, 0, 12) != ByteBuffer.wrap(hb, 12, 4).getInt()
          || !java.util.Arrays.equals(java.util.Arrays.copyOf(hb, 8), MAGIC)) {
        throw new CorruptionException(file, 0, "bad block file header");
      }
      int version = ByteBuffer.wrap(hb, 8, 4).getInt();
      if (version != VERSION) {
        throw new BlockDbException(ErrorCode.UNSUPPORTED_FORMAT,
            file + ": block file format version " + version + " is not supported");
      }
      long pos = FILE_HEADER_LENGTH;
      long height = 0;
      while (pos < len) {
        Record r = readRecord(f, file, pos, len, keepLeaves);
        if (r == null) {
          // Past the last non-zero byte there is only preallocated space: no record can start there.
          long dataEnd = endOfNonZero(f, pos, len);
          if (dataEnd == pos) {
            return new ScanEnd(pos, len, false); // preallocated space: the clean end of the file
          }
          // (A valid record may end in a few zero bytes, its CRC's say: allow for them.)
          if (anyValidRecordAfter(f, file, pos + 1, Math.min(len, dataEnd + 64))) {
            throw new CorruptionException(file, pos, "the record of block " + height
                + " is damaged (its checksum fails) and valid records follow it");
          }
          return new ScanEnd(pos, len, true);
        }
        visitor.block(r);
        height++;
        pos += 8 + BlockHeader.ENCODED_LENGTH + 32L * r.header().entryCount();
      }
      return new ScanEnd(pos, len, false);
    }
  }

  /** Reads one record at {@code pos}, or returns null if the bytes there are not a valid record. */
  private static Record readRecord(ReadableFile f, Path file, long pos, long len, boolean keepLeaves)
      throws IOException {
    if (pos + 8 + BlockHeader.ENCODED_LENGTH > len) {
      return null;
    }
    int body = f.readFully(pos, 4).getInt();
    if (body < BlockHeader.ENCODED_LENGTH || (body - BlockHeader.ENCODED_LENGTH) % 32 != 0
        || (body - BlockHeader.ENCODED_LENGTH) / 32 > MAX_ENTRIES_PER_BLOCK || pos + 8 + body > len) {
      return null;
    }
    ByteBuffer b = f.readFully(pos + 4, body + 4);
    byte[] a = b.array();
    if (Checksums.crc32c(a, 0, body) != ByteBuffer.wrap(a, body, 4).getInt()) {
      return null;
    }
    BlockHeader header;
    try {
      header = BlockHeader.decode(java.util.Arrays.copyOf(a, BlockHeader.ENCODED_LENGTH));
    } catch (IllegalArgumentException e) {
      throw new CorruptionException(file, pos, e.getMessage());
    }
    int n = (body - BlockHeader.ENCODED_LENGTH) / 32;
    if (header.entryCount() != n) {
      throw new CorruptionException(file, pos, "block entry count does not match its record length");
    }
    List<byte[]> leaves = new ArrayList<>(keepLeaves ? n : 0);
    if (keepLeaves) {
      for (int i = 0; i < n; i++) {
        int off = BlockHeader.ENCODED_LENGTH + 32 * i;
        leaves.add(java.util.Arrays.copyOfRange(a, off, off + 32));
      }
    }
    return new Record(pos, header, leaves);
  }

  /**
   * The end of the last non-zero byte in {@code [from, len)}, or {@code from} if there is none:
   * everything after it is space preallocated ahead of the writer.
   */
  private static long endOfNonZero(ReadableFile f, long from, long len) throws IOException {
    long end = len;
    while (end > from) {
      int n = (int) Math.min(64 * 1024, end - from);
      ByteBuffer b = f.readFully(end - n, n);
      for (int i = b.limit() - 1; i >= b.position(); i--) {
        if (b.get(i) != 0) {
          return end - n + (i - b.position()) + 1;
        }
      }
      end -= n;
    }
    return from;
  }

  private static boolean anyValidRecordAfter(ReadableFile f, Path file, long from, long len) throws IOException {
    for (long p = from; p + 8 + BlockHeader.ENCODED_LENGTH <= len; p++) {
      try {
        if (readRecord(f, file, p, len, false) != null) {
          return true;
        }
      } catch (CorruptionException e) {
        // A record with a valid CRC whose header does not decode still proves data follows.
        return true;
      }
    }
    return false;
  }

  /** Reads and checks the whole record at {@code offset}, leaves included. */
  public static Record readAt(ReadableFile f, Path file, long offset) throws IOException {
    Record r = readRecord(f, file, offset, f.length(), true);
    if (r == null) {
      throw new CorruptionException(file, offset, "block record fails its checksum");
    }
    return r;
  }
}
