package com.blockdb.engine.wal;

import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.util.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the records of one segment in order and stops at the first record that fails a check,
 * remembering where and why; deciding whether that is a torn tail or corruption is the caller's job.
 */
final class LogReader {

  /** Read-ahead window; records are small, so one positional read serves many of them. */
  private static final int WINDOW = 64 * 1024;

  private final ReadableFile file;
  private final long end;
  private final boolean wantPayload;
  private long position;
  private long expectedIndex;

  private ByteBuffer window = ByteBuffer.allocate(0);
  private long windowStart;

  private long index = -1;
  private byte[] payload;
  private String damage;
  private long damageOffset = -1;
  private int declaredLength = -1;

  /**
   * Reads records in {@code [start, end)} of {@code file}, the first of which must carry
   * {@code firstIndex}; payloads are copied out only if {@code wantPayload}.
   */
  LogReader(ReadableFile file, long start, long end, long firstIndex, boolean wantPayload) {
    this.file = file;
    this.position = start;
    this.end = end;
    this.expectedIndex = firstIndex;
    this.wantPayload = wantPayload;
  }

  /** Advances to the next record; false at the end of the range or at the first damaged record. */
  boolean next() throws IOException {
    if (damage != null || position >= end) {
      return false;
    }
    long remaining = end - position;
    if (remaining < WalFormat.RECORD_HEADER_LENGTH) {
      return fail("record header cut short: " + remaining + " bytes before end of file", -1);
    }
    ByteBuffer head = bytes(position, WalFormat.RECORD_HEADER_LENGTH);
    long length = Integer.toUnsignedLong(head.getInt(head.position()));
    int storedCrc = head.getInt(head.position() + 4);
    if (length == 0) {
      return fail("zero record length", -1);
    }
    if (length > WalFormat.MAX_BODY_LENGTH) {
      return fail("record length " + length + " exceeds maximum " + WalFormat.MAX_BODY_LENGTH, -1);
    }
    if (length < WalFormat.BODY_PREFIX_LENGTH) {
      return fail("record length " + length + " is too short to hold an index and a watermark", -1);
    }
    int bodyLength = (int) length;
    if (length > remaining - WalFormat.RECORD_HEADER_LENGTH) {
      return fail("record length " + length + " runs past end of file", bodyLength);
    }
    ByteBuffer body = bytes(position + WalFormat.RECORD_HEADER_LENGTH, bodyLength);
    if (Checksums.crc32c(body) != storedCrc) {
      return fail("record checksum mismatch", bodyLength);
    }
    long found = body.getLong(body.position());
    if (found != expectedIndex) {
      return fail("non-monotonic index: expected " + expectedIndex + ", found " + found, bodyLength);
    }
    if (wantPayload) {
      payload = new byte[bodyLength - WalFormat.BODY_PREFIX_LENGTH];
      body.position(body.position() + WalFormat.BODY_PREFIX_LENGTH).get(payload);
    }
    index = found;
    expectedIndex++;
    position += WalFormat.RECORD_HEADER_LENGTH + length;
    return true;
  }

  /** Index of the record last returned by {@link #next()}. */
  long index() {
    return index;
  }

  /** Payload of the record last returned, or null when payloads were not requested. */
  byte[] payload() {
    return payload;
  }

  /** Offset just past the last good record: where the next record starts or the damage was found. */
  long position() {
    return position;
  }

  /** Why reading stopped early, or null if it reached the end of the range cleanly. */
  String damage() {
    return damage;
  }

  /** Offset of the damaged record, or -1. */
  long damageOffset() {
    return damageOffset;
  }

  /** Body length declared by the damaged record if it was within limits, else -1. */
  int declaredLength() {
    return declaredLength;
  }

  private boolean fail(String why, int declared) {
    damage = why;
    damageOffset = position;
    declaredLength = declared;
    return false;
  }

  /** {@code length} bytes at {@code offset} as a buffer whose position..limit holds them. */
  private ByteBuffer bytes(long offset, int length) throws IOException {
    long windowEnd = windowStart + window.limit();
    if (offset >= windowStart && offset + length <= windowEnd) {
      int from = (int) (offset - windowStart);
      return window.duplicate().position(from).limit(from + length);
    }
    if (length > WINDOW) {
      return file.readFully(offset, length); // too big to be worth caching
    }
    windowStart = offset;
    window = file.readFully(offset, (int) Math.min(WINDOW, end - offset));
    return window.duplicate().limit(length);
  }
}
