package com.blockdb.engine.wal;

import com.blockdb.engine.io.FileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared helpers of the WAL tests: deterministic payloads, reading a log back, and record offsets. */
final class WalFixtures {

  private WalFixtures() {}

  /** A payload that differs by index, size and salt, so a stale or misplaced record is noticed. */
  static byte[] payload(long index, int size, int salt) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (index * 31 + i * 7 + salt * 101);
    }
    return b;
  }

  /** Every record of a recovery, in order. */
  static Map<Long, byte[]> records(Recovery r) throws IOException {
    Map<Long, byte[]> out = new LinkedHashMap<>();
    r.forEach(0, out::put);
    return out;
  }

  /** Start offsets of the complete records in a segment's bytes, found by walking the documented layout. */
  static List<Integer> recordOffsets(byte[] segment) {
    List<Integer> offsets = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(segment);
    int pos = WalFormat.HEADER_LENGTH;
    while (pos + 8 <= segment.length) {
      int length = b.getInt(pos);
      if (length < WalFormat.BODY_PREFIX_LENGTH || pos + 8L + length > segment.length) {
        break;
      }
      offsets.add(pos);
      pos += 8 + length;
    }
    return offsets;
  }

  /** A segment's bytes up to the end of its last complete record, without the zeros after it. */
  static byte[] dataOnly(byte[] segment) {
    List<Integer> offsets = recordOffsets(segment);
    if (offsets.isEmpty()) {
      return java.util.Arrays.copyOf(segment, Math.min(segment.length, WalFormat.HEADER_LENGTH));
    }
    int lastStart = offsets.get(offsets.size() - 1);
    return java.util.Arrays.copyOf(segment, lastStart + 8 + ByteBuffer.wrap(segment).getInt(lastStart));
  }

  /** The segment files of a WAL directory by first index. */
  static TreeMap<Long, Path> segments(FileLayer fs, Path dir) throws IOException {
    return SegmentScanner.segmentFiles(fs, dir);
  }
}
