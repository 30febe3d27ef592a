package com.blockdb.engine.wal;

import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.util.Checksums;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Encodes WAL records onto the end of one segment file; it never syncs unless asked. */
public final class LogWriter implements Closeable {

  private final WritableFile file;
  // Tracked here rather than asked of the file so that length() is free and cannot fail.
  private long length;

  /** Wraps {@code file}, appending at its current end. */
  public LogWriter(WritableFile file) throws IOException {
    this.file = Objects.requireNonNull(file, "file");
    this.length = file.length();
  }

  /**
   * Writes the 24-byte segment header, which must be the first bytes of the file: {@code [u64 magic
   * "BLKDBWAL"][u32 version = 1][u64 first index][u32 CRC32C of the preceding 20 bytes]}, big-endian.
   */
  public void writeHeader(long firstIndex) throws IOException {
    if (length != 0) {
      throw new IllegalStateException("segment header must be written to an empty file, length is " + length);
    }
    if (firstIndex < 1) {
      throw new IllegalArgumentException("log indices start at 1: " + firstIndex);
    }
    file.append(WalFormat.encodeHeader(firstIndex));
    length = WalFormat.HEADER_LENGTH;
  }

  /**
   * Appends one record without syncing: {@code [u32 body length = 8 + payload.length][u32 CRC32C of
   * body][body = u64 index, payload bytes]}, big-endian; the CRC covers the index so a record cannot
   * be replayed under another index.
   */
  public void append(long index, byte[] payload) throws IOException {
    Objects.requireNonNull(payload, "payload");
    if (payload.length > WalFormat.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(
          "WAL payload of " + payload.length + " bytes exceeds " + WalFormat.MAX_PAYLOAD_LENGTH);
    }
    int bodyLength = WalFormat.INDEX_LENGTH + payload.length;
    // One buffer per record: a single append() keeps a record contiguous even if the file layer
    // interleaved nothing else, and lets the CRC be computed over the encoded body in place.
    ByteBuffer buf = ByteBuffer.allocate(WalFormat.RECORD_HEADER_LENGTH + bodyLength);
    buf.putInt(bodyLength).putInt(0).putLong(index).put(payload);
    buf.putInt(4, Checksums.crc32c(buf.array(), WalFormat.RECORD_HEADER_LENGTH, bodyLength));
    buf.flip();
    file.append(buf);
    length += buf.limit();
  }

  /** Forces every appended byte of this segment to stable storage. */
  public void sync() throws IOException {
    file.sync();
  }

  /** Bytes in the file, including the header and bytes not yet synced. */
  public long length() {
    return length;
  }

  /** Closes the file without syncing it. */
  @Override
  public void close() throws IOException {
    file.close();
  }
}
