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
 *   u32 version (1)
 *   u64 flushed index    (last commit-log index whose effects are all in SSTables; the Raft
 *                         applied index in a cluster)
 *   u64 flushed sequence (last entry sequence in SSTables)
 *   u64 next file number
 *   u32 table count, then per table: u64 file number, u64 file size, u64 entry count
 *   u32 CRC32C of all preceding bytes
 * </pre>
 */
record Manifest(long flushedIndex, long flushedSequence, long nextFileNumber, List<TableMeta> tables) {

  static final byte[] MAGIC = {'B', 'D', 'B', 'M', 'A', 'N', 'I', 'F'};
  static final int VERSION = 1;
  static final String NAME = "MANIFEST";

  /** One live SSTable. */
  record TableMeta(long fileNumber, long fileSize, long entryCount) {}

  static Manifest empty() {
    return new Manifest(0, 0, 1, List.of());
  }

  static String tableFileName(long number) {
    return String.format("%06d.sst", number);
  }

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + 8 + 8 + 8 + 4 + 24 * tables.size() + 4);
    b.put(MAGIC).putInt(VERSION).putLong(flushedIndex).putLong(flushedSequence).putLong(nextFileNumber)
        .putInt(tables.size());
    for (TableMeta t : tables) {
      b.putLong(t.fileNumber()).putLong(t.fileSize()).putLong(t.entryCount());
    }
    b.putInt(Checksums.crc32c(b.array(), 0, b.position()));
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
      if (len < 40 || len > 1 << 26) {
        throw new CorruptionException(file, 0, "manifest has an impossible length " + len);
      }
      a = f.readFully(0, (int) len).array();
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
    if (version != VERSION) {
      throw new BlockDbException(ErrorCode.UNSUPPORTED_FORMAT, file + ": manifest version " + version + " is not supported");
    }
    long idx = b.getLong();
    long seq = b.getLong();
    long next = b.getLong();
    int n = b.getInt();
    if (n < 0 || 8 + 4 + 8 + 8 + 8 + 4 + 24L * n + 4 != a.length) {
      throw new CorruptionException(file, 36, "manifest table count does not match its length");
    }
    List<TableMeta> tables = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tables.add(new TableMeta(b.getLong(), b.getLong(), b.getLong()));
    }
    return new Manifest(idx, seq, next, List.copyOf(tables));
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
