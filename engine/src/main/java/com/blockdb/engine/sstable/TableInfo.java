package com.blockdb.engine.sstable;

import com.blockdb.engine.util.Bytes;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link TableBuilder#finish()} wrote: entry count, file size and key range (both keys null
 * for a table without entries), the facts a manifest records about a table.
 */
public record TableInfo(long entryCount, long fileSize, byte[] smallestKey, byte[] largestKey) {

  /** Copies the keys so the record stays immutable. */
  public TableInfo {
    smallestKey = smallestKey == null ? null : smallestKey.clone();
    largestKey = largestKey == null ? null : largestKey.clone();
  }

  @Override
  public byte[] smallestKey() {
    return smallestKey == null ? null : smallestKey.clone();
  }

  @Override
  public byte[] largestKey() {
    return largestKey == null ? null : largestKey.clone();
  }

  // Records compare arrays by identity; a value record must compare their contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof TableInfo t && entryCount == t.entryCount && fileSize == t.fileSize
        && Arrays.equals(smallestKey, t.smallestKey) && Arrays.equals(largestKey, t.largestKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entryCount, fileSize, Arrays.hashCode(smallestKey),
        Arrays.hashCode(largestKey));
  }

  @Override
  public String toString() {
    return "TableInfo[entryCount=" + entryCount + ", fileSize=" + fileSize + ", smallestKey="
        + (smallestKey == null ? "null" : Bytes.printable(smallestKey)) + ", largestKey="
        + (largestKey == null ? "null" : Bytes.printable(largestKey)) + "]";
  }
}
