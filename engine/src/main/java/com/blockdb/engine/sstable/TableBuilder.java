package com.blockdb.engine.sstable;

import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes one sorted table, entry by entry in strictly ascending unsigned key order, into an empty
 * {@link WritableFile}: data blocks, then index, bloom filter and footer.
 *
 * <p>Memory stays bounded by one data block plus the index (one last key per block) and the bloom
 * filter, whatever the number of entries. Not thread-safe. After any exception from the file the
 * builder is unusable: the caller deletes the partial file.
 */
public final class TableBuilder {

  private final WritableFile out;
  private final Path path;
  private final int blockSize;
  private final BlockBuilder block;
  private final IndexBlockBuilder index = new IndexBlockBuilder();
  private final BloomFilterBuilder bloom;

  private long offset; // bytes appended so far: where the next block starts
  private long entryCount;
  private byte[] smallestKey;
  private byte[] lastKey;
  private boolean closed; // finished, or broken by an I/O error

  /**
   * @param out an empty file, opened for appending; left open by {@link #finish()}
   * @param pathForMessages the file's name, for error messages only
   * @param blockSize target payload bytes per data block (e.g. 4096); a single larger entry gets
   *     a block of its own
   * @param expectedKeys sizes the bloom filter (10 bits per key); more keys still work but raise
   *     its false-positive rate
   */
  public TableBuilder(WritableFile out, Path pathForMessages, int blockSize,
      long expectedKeys) throws IOException {
    this.out = Objects.requireNonNull(out, "out");
    this.path = Objects.requireNonNull(pathForMessages, "pathForMessages");
    if (blockSize < 1 || blockSize > (1 << 30)) {
      throw new IllegalArgumentException("blockSize out of range: " + blockSize);
    }
    // The reader computes every offset from 0, so a table must be the whole file.
    if (out.length() != 0) {
      throw new IllegalArgumentException(path + " is not empty (" + out.length() + " bytes)");
    }
    this.blockSize = blockSize;
    this.block = new BlockBuilder(blockSize);
    this.bloom = new BloomFilterBuilder(expectedKeys);
  }

  /**
   * Adds an entry; {@code key} must sort strictly after the previous key (unsigned). The arrays
   * are copied, so the caller may reuse them.
   *
   * @throws IllegalArgumentException if keys are not strictly ascending or the entry is too large
   *     to be one block
   */
  public void add(byte[] key, byte[] value) throws IOException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    add(key, 0, key.length, value, 0, value.length);
  }

  /**
   * As {@link #add(byte[], byte[])}, for a key and a value that are ranges of arrays (a memtable
   * keeps its entries in shared slabs); the bytes are copied.
   */
  public void add(byte[] buf, int keyOffset, int keyLength, int valueOffset, int valueLength) throws IOException {
    add(buf, keyOffset, keyLength, buf, valueOffset, valueLength);
  }

  private void add(byte[] keyBuf, int keyOffset, int keyLength, byte[] valueBuf, int valueOffset, int valueLength)
      throws IOException {
    checkOpen();
    if (lastKey != null
        && Arrays.compareUnsigned(lastKey, 0, lastKey.length, keyBuf, keyOffset, keyOffset + keyLength) >= 0) {
      byte[] key = Arrays.copyOfRange(keyBuf, keyOffset, keyOffset + keyLength);
      throw new IllegalArgumentException("key " + Bytes.printable(key)
          + " does not sort after previous key " + Bytes.printable(lastKey) + " in " + path);
    }
    long length = BlockBuilder.encodedLength(keyLength, valueLength);
    if (length > BlockBuilder.MAX_ARRAY - BlockTrailer.ENCODED_LENGTH) {
      throw new IllegalArgumentException("entry of " + length + " bytes is too large for a block");
    }
    // Cut before an entry that would overflow the target, so blocks stay <= blockSize except
    // for a lone oversized entry, and a point get never reads much more than blockSize bytes.
    if (!block.isEmpty() && block.size() + length > blockSize) {
      flushBlock();
    }
    block.add(keyBuf, keyOffset, keyLength, valueBuf, valueOffset, valueLength);
    bloom.add(keyBuf, keyOffset, keyLength);
    lastKey = Arrays.copyOfRange(keyBuf, keyOffset, keyOffset + keyLength);
    if (smallestKey == null) {
      smallestKey = lastKey;
    }
    entryCount++;
    if (block.size() >= blockSize) {
      flushBlock();
    }
  }

  /** Entries added so far. */
  public long entryCount() {
    return entryCount;
  }

  /**
   * Writes the pending data block, the index, the bloom filter and the footer, then syncs the
   * file, so the returned table is durable; the file is not closed (nor its directory synced).
   */
  public TableInfo finish() throws IOException {
    checkOpen();
    closed = true; // also on failure: a half-written tail cannot be continued
    if (!block.isEmpty()) {
      flushBlock();
    }
    long dataEnd = offset;
    byte[] indexBlock = index.seal(smallestKey);
    append(indexBlock, indexBlock.length);
    BlockHandle indexHandle =
        new BlockHandle(dataEnd, indexBlock.length - BlockTrailer.ENCODED_LENGTH);

    byte[] bloomPayload = bloom.payload();
    ByteBuffer bloomTrailer = ByteBuffer.allocate(BlockTrailer.ENCODED_LENGTH);
    BlockTrailer.encode(BlockTrailer.of(bloomPayload, 0, bloomPayload.length), bloomTrailer);
    BlockHandle bloomHandle = new BlockHandle(offset, bloomPayload.length);
    append(bloomPayload, bloomPayload.length);
    append(bloomTrailer.array(), BlockTrailer.ENCODED_LENGTH);

    byte[] footer = Footer.encode(new Footer(indexHandle, bloomHandle, entryCount));
    append(footer, footer.length);
    out.sync();
    return new TableInfo(entryCount, offset, smallestKey, lastKey);
  }

  private void flushBlock() throws IOException {
    int size = block.size();
    byte[] sealed = block.seal();
    BlockHandle handle = new BlockHandle(offset, size);
    append(sealed, size + BlockTrailer.ENCODED_LENGTH);
    index.add(lastKey, handle);
    block.reset();
  }

  /**
   * Bytes written between intermediate fsyncs of a table being built. A flush writes tens of
   * megabytes; synced all at once at the end they would queue in front of the commit log's small
   * fsyncs and stall writers for tens of milliseconds, synced as they go each wait is short.
   */
  static final long BYTES_PER_SYNC = 4L * 1024 * 1024;
  private long unsyncedBytes;

  private void append(byte[] bytes, int length) throws IOException {
    boolean ok = false;
    try {
      out.append(ByteBuffer.wrap(bytes, 0, length));
      unsyncedBytes += length;
      if (unsyncedBytes >= BYTES_PER_SYNC) {
        out.sync();
        unsyncedBytes = 0;
      }
      ok = true;
    } finally {
      if (!ok) {
        closed = true; // we no longer know how many bytes reached the file
      }
    }
    offset += length;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("table builder for " + path + " is finished or failed");
    }
  }
}
