package com.blockdb.engine.wal;

import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.util.Checksums;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encodes WAL records onto the end of one segment file; it never syncs unless asked. Records are
 * gathered in memory and handed to the file in one write at {@link #flush()} or {@link #sync()},
 * so a group commit of many records costs one write system call, not one per record.
 */
public final class LogWriter implements Closeable {

  /** A pending buffer grown past this by a huge record is dropped after use rather than kept. */
  private static final int KEEP_BUFFER_BYTES = 1 << 20;

  private final WritableFile file;
  // Tracked here rather than asked of the file so that length() is free and cannot fail.
  private long length;
  private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);

  /** Wraps {@code file}, appending at its current end. */
  public LogWriter(WritableFile file) throws IOException {
    this.file = Objects.requireNonNull(file, "file");
    this.length = file.length();
  }

  /**
   * Writes the 24-byte segment header, which must be the first bytes of the file: {@code [u64 magic
   * "BLKDBWAL"][u32 version = 2][u64 first index][u32 CRC32C of the preceding 20 bytes]}, big-endian.
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
   * Appends one record without syncing: {@code [u32 body length = 16 + payload.length][u32 CRC32C of
   * body][body = u64 index, u64 watermark, payload bytes]}, big-endian; the CRC covers the index so a
   * record cannot be replayed under another index. {@code watermark} is the index of the last record
   * known durable when this one is appended (0 if none); recovery uses it to tell a torn tail from
   * damage at rest.
   */
  public void append(long index, long watermark, byte[] payload) throws IOException {
    Objects.requireNonNull(payload, "payload");
    if (payload.length > WalFormat.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(
          "WAL payload of " + payload.length + " bytes exceeds " + WalFormat.MAX_PAYLOAD_LENGTH);
    }
    if (watermark < 0 || watermark >= index) {
      throw new IllegalArgumentException("watermark " + watermark + " must be below the record's index " + index);
    }
    int bodyLength = WalFormat.BODY_PREFIX_LENGTH + payload.length;
    int recordLength = WalFormat.RECORD_HEADER_LENGTH + bodyLength;
    if (pending.remaining() < recordLength) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + recordLength));
      pending.flip();
      bigger.put(pending);
      pending = bigger;
    }
    int start = pending.position();
    pending.putInt(bodyLength).putInt(0).putLong(index).putLong(watermark).put(payload);
    // The CRC is computed over the encoded body in place.
    pending.putInt(start + 4, Checksums.crc32c(pending.array(), start + WalFormat.RECORD_HEADER_LENGTH, bodyLength));
    length += recordLength;
  }

  /** Hands the records appended so far to the file (the OS), without forcing them to disk. */
  public void flush() throws IOException {
    if (pending.position() == 0) {
      return;
    }
    pending.flip();
    file.append(pending);
    if (pending.capacity() > KEEP_BUFFER_BYTES) {
      pending = ByteBuffer.allocate(64 * 1024);
    } else {
      pending.clear();
    }
  }

  /** Writes and forces every appended byte of this segment to stable storage. */
  public void sync() throws IOException {
    flush();
    file.sync();
  }

  /** Bytes in the file, including the header and bytes not yet synced. */
  public long length() {
    return length;
  }

  /** Closes the file, dropping records not yet handed to it (after an I/O error they are unacknowledged). */
  public void discard() throws IOException {
    pending.clear();
    file.close();
  }

  /** Writes what is buffered and closes the file without syncing it. */
  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      file.close();
    }
  }
}
