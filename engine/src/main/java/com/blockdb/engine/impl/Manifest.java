package com.blockdb.engine.impl;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.util.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The live set of SSTables and how far they reach into the commit log; rewritten whole (write
 * {@code MANIFEST.tmp}, fsync, rename over {@code MANIFEST}, fsync the directory) at every flush and
 * compaction, so a crash leaves either the old or the new one. Layout (docs/FORMAT.md, "Manifest"):
 *
 * <pre>
 *   8   magic "BDBMANIF"
 *   u32 version (2; version 1 lacks the oldest-prepared field and is still read)
 *   u64 flushed index    (last commit-log index whose effects are all in SSTables; the Raft
 *                         applied index in a cluster)
 *   u64 flushed sequence (last entry sequence in SSTables)
 *   u64 oldest prepared index (version 2 only: log index of the oldest PREPARE record still in
 *                         doubt when the flushed memtable was frozen; 0 if none was)
 *   u64 next file number
 *   u32 table count, then per table: u64 file number, u64 file size, u64 entry count
 *   u32 CRC32C of all preceding bytes
 * </pre>
 *
 * The log is kept, and replayed at open, from {@link #replayAfter()} + 1: past the flushed index,
 * or from the oldest PREPARE in doubt if that is older, so a prepared transaction awaiting its
 * decision is never lost with a released log segment.
 */
record Manifest(long flushedIndex, long flushedSequence, long oldestPreparedIndex, long nextFileNumber,
    List<TableMeta> tables) {

  static final byte[] MAGIC = {'B', 'D', 'B', 'M', 'A', 'N', 'I', 'F'};
  static final int VERSION = 2;
  /** The first format, without the oldest prepared index. */
  static final int VERSION_1 = 1;
  static final String NAME = "MANIFEST";

  /** One live SSTable. */
  record TableMeta(long fileNumber, long fileSize, long entryCount) {}

  Manifest {
    if (oldestPreparedIndex < 0 || oldestPreparedIndex > flushedIndex) {
      throw new IllegalArgumentException("oldest prepared index " + oldestPreparedIndex
          + " is not within the flushed records 1.." + flushedIndex);
    }
  }

  static Manifest empty() {
    return new Manifest(0, 0, 0, 1, List.of());
  }

  /**
   * The last log index the log may drop and replay may skip: the flushed index, or the record
   * before the oldest PREPARE still in doubt. Records between it and the flushed index are replayed
   * only for their effect on the prepared transactions.
   */
  long replayAfter() {
    return oldestPreparedIndex > 0 ? oldestPreparedIndex - 1 : flushedIndex;
  }

  static String tableFileName(long number) {
    return String.format("%06d.sst", number);
  }

  private static int fixedLength(int version) {
    return 8 + 4 + 8 + 8 + (version == VERSION_1 ? 0 : 8) + 8 + 4 + 4;
  }

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(fixedLength(VERSION) + 24 * tables.size());
    b.put(MAGIC).putInt(VERSION).putLong(flushedIndex).putLong(flushedSequence).putLong(oldestPreparedIndex)
        .putLong(nextFileNumber).putInt(tables.size());
    for (TableMeta t : tables) {
      b.putLong(t.fileNumber()).putLong(t.fileSize()).putLong(t.entryCount());
    }
    b.putInt(Checksums.crc32c(b.array(), 0, b.position()));
    assert !b.hasRemaining();
    return b.array();
  }

  static Manifest read(FileLayer fs, Path dir) throws IOException {
    Path file = dir.resolve(NAME);
    if (!fs.exists(file)) {
      return empty();
    }
    byte[] a;
    try (ReadableFile f = fs.openRead(file)) {
      long len = f.length();
      if (len < fixedLength(VERSION_1) || len > 1 << 26) {
        throw new CorruptionException(file, 0, "manifest has an impossible length " + len);
      }
      a = f.readFully(0, (int) len).array();
    }
    return decode(a, file);
  }

  /** Decodes manifest bytes (version 1 or 2); {@code file} names them in errors. */
  static Manifest decode(byte[] a, Path file) {
    if (a.length < fixedLength(VERSION_1)) {
      throw new CorruptionException(file, 0, "manifest has an impossible length " + a.length);
    }
    if (Checksums.crc32c(a, 0, a.length - 4) != ByteBuffer.wrap(a, a.length - 4, 4).getInt()) {
      throw new CorruptionException(file, a.length - 4, "manifest checksum mismatch");
    }
    ByteBuffer b = ByteBuffer.wrap(a);
    byte[] magic = new byte[8];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new CorruptionException(file, 0, "bad manifest magic");
    }
    int version = b.getInt();
    if (version != VERSION && version != VERSION_1) {
      throw new BlockDbException(ErrorCode.UNSUPPORTED_FORMAT, file + ": manifest version " + version + " is not supported");
    }
    long idx = b.getLong();
    long seq = b.getLong();
    long oldestPrepared = version == VERSION_1 ? 0 : b.getLong();
    long next = b.getLong();
    int countOffset = b.position();
    int n = b.getInt();
    if (n < 0 || fixedLength(version) + 24L * n != a.length) {
      throw new CorruptionException(file, countOffset, "manifest table count does not match its length");
    }
    if (oldestPrepared < 0 || oldestPrepared > idx) {
      throw new CorruptionException(file, countOffset - 16, "manifest names prepared record " + oldestPrepared
          + " beyond its flushed index " + idx);
    }
    List<TableMeta> tables = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tables.add(new TableMeta(b.getLong(), b.getLong(), b.getLong()));
    }
    return new Manifest(idx, seq, oldestPrepared, next, List.copyOf(tables));
  }

  void write(FileLayer fs, Path dir) throws IOException {
    Path tmp = dir.resolve(NAME + ".tmp");
    try (WritableFile w = fs.create(tmp)) {
      w.append(ByteBuffer.wrap(encode()));
      w.sync();
    }
    fs.rename(tmp, dir.resolve(NAME));
    fs.syncDirectory(dir);
  }
}
