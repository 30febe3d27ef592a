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
 *   (version 3 only) u32 in-doubt count, then per prepared transaction in doubt: u64 log index of
 *                    its PREPARE record, u32 record length, the PREPARE record (commit record codec)
 *   u32 CRC32C of all preceding bytes
 * </pre>
 *
 * The log is kept, and replayed at open, from {@link #replayAfter()} + 1: past the flushed index,
 * or from the oldest PREPARE in doubt if that is older, so a prepared transaction awaiting its
 * decision is never lost with a released log segment.
 *
 * <p>Version 3 is written by a replicated store (the Raft log is its write-ahead log): its
 * transactions in doubt at the flushed index are stored in the manifest itself, so its oldest
 * prepared index is always 0 and replay always starts right after the flushed index (a replica
 * cannot re-run the checks that refused a PREPARE against a later state). A single-node store
 * writes version 2 and refuses a version 3 manifest.
 */
record Manifest(long flushedIndex, long flushedSequence, long oldestPreparedIndex, long nextFileNumber,
    List<TableMeta> tables, List<InDoubt> inDoubt) {

  static final byte[] MAGIC = {'B', 'D', 'B', 'M', 'A', 'N', 'I', 'F'};
  static final int VERSION = 2;
  /** The first format, without the oldest prepared index. */
  static final int VERSION_1 = 1;
  /** Version 2 plus the transactions in doubt: written by replicated stores. */
  static final int VERSION_3 = 3;
  static final String NAME = "MANIFEST";

  /** One live SSTable. */
  record TableMeta(long fileNumber, long fileSize, long entryCount) {}

  /** A prepared transaction in doubt at the flushed index: its PREPARE record and that record's log index. */
  record InDoubt(long index, byte[] record) {
    @Override
    public boolean equals(Object o) {
      return o instanceof InDoubt d && d.index == index && java.util.Arrays.equals(d.record, record);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(index) * 31 + java.util.Arrays.hashCode(record);
    }
  }

  Manifest {
    if (oldestPreparedIndex < 0 || oldestPreparedIndex > flushedIndex) {
      throw new IllegalArgumentException("oldest prepared index " + oldestPreparedIndex
          + " is not within the flushed records 1.." + flushedIndex);
    }
    if (inDoubt != null && oldestPreparedIndex != 0) {
      throw new IllegalArgumentException("a replicated manifest stores its transactions in doubt, not an oldest"
          + " prepared index");
    }
  }

  /** A single-node manifest (version 2). */
  Manifest(long flushedIndex, long flushedSequence, long oldestPreparedIndex, long nextFileNumber,
      List<TableMeta> tables) {
    this(flushedIndex, flushedSequence, oldestPreparedIndex, nextFileNumber, tables, null);
  }

  /** Whether this manifest belongs to a replicated store (written as version 3). */
  boolean replicated() {
    return inDoubt != null;
  }

  /** The same manifest with another table set (a compaction). */
  Manifest withTables(long nextFile, List<TableMeta> newTables) {
    return new Manifest(flushedIndex, flushedSequence, oldestPreparedIndex, nextFile, newTables, inDoubt);
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
    int version = replicated() ? VERSION_3 : VERSION;
    int size = fixedLength(version) + 24 * tables.size();
    if (replicated()) {
      size += 4;
      for (InDoubt d : inDoubt) {
        size += 8 + 4 + d.record().length;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(MAGIC).putInt(version).putLong(flushedIndex).putLong(flushedSequence).putLong(oldestPreparedIndex)
        .putLong(nextFileNumber).putInt(tables.size());
    for (TableMeta t : tables) {
      b.putLong(t.fileNumber()).putLong(t.fileSize()).putLong(t.entryCount());
    }
    if (replicated()) {
      b.putInt(inDoubt.size());
      for (InDoubt d : inDoubt) {
        b.putLong(d.index()).putInt(d.record().length).put(d.record());
      }
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

  /** Decodes manifest bytes (version 1, 2 or 3); {@code file} names them in errors. */
  static Manifest decode(byte[] a, Path file) {
    if (a.length < fixedLength(VERSION_1)) {
      throw new CorruptionException(file, 0, "manifest has an impossible length " + a.length);
    }
    if (Checksums.crc32c(a, 0, a.length - 4) != ByteBuffer.wrap(a, a.length - 4, 4).getInt()) {
      throw new CorruptionException(file, a.length - 4, "manifest checksum mismatch");
    }
    ByteBuffer b = ByteBuffer.wrap(a, 0, a.length - 4);
    byte[] magic = new byte[8];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new CorruptionException(file, 0, "bad manifest magic");
    }
    int version = b.getInt();
    if (version != VERSION && version != VERSION_1 && version != VERSION_3) {
      throw new BlockDbException(ErrorCode.UNSUPPORTED_FORMAT, file + ": manifest version " + version + " is not supported");
    }
    long idx = b.getLong();
    long seq = b.getLong();
    long oldestPrepared = version == VERSION_1 ? 0 : b.getLong();
    long next = b.getLong();
    int countOffset = b.position();
    int n = b.getInt();
    long tablesEnd = fixedLength(version) - 4 + 24L * n;
    if (n < 0 || (version == VERSION_3 ? tablesEnd + 4 > a.length - 4 : tablesEnd != a.length - 4)) {
      throw new CorruptionException(file, countOffset, "manifest table count does not match its length");
    }
    if (oldestPrepared < 0 || oldestPrepared > idx || (version == VERSION_3 && oldestPrepared != 0)) {
      throw new CorruptionException(file, countOffset - 16, "manifest names prepared record " + oldestPrepared
          + " beyond its flushed index " + idx);
    }
    List<TableMeta> tables = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tables.add(new TableMeta(b.getLong(), b.getLong(), b.getLong()));
    }
    List<InDoubt> inDoubt = null;
    if (version == VERSION_3) {
      int inDoubtOffset = b.position();
      int m = b.getInt();
      if (m < 0 || m > b.remaining() / 12) {
        throw new CorruptionException(file, inDoubtOffset, "manifest in-doubt count " + m + " does not fit its length");
      }
      inDoubt = new ArrayList<>(m);
      for (int i = 0; i < m; i++) {
        long index = b.getLong();
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
          throw new CorruptionException(file, b.position() - 4, "manifest in-doubt record runs past its end");
        }
        byte[] record = new byte[len];
        b.get(record);
        inDoubt.add(new InDoubt(index, record));
      }
      if (b.hasRemaining()) {
        throw new CorruptionException(file, b.position(), "manifest has trailing bytes");
      }
      inDoubt = List.copyOf(inDoubt);
    }
    return new Manifest(idx, seq, oldestPrepared, next, List.copyOf(tables), inDoubt);
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
