package com.blockdb.engine.sstable;

import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.util.Checksums;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open, verified table file: footer, index and bloom filter checked and held in memory, data
 * blocks read (and CRC-checked) on demand with positional reads, so any number of threads may
 * call {@link #get} and use their own iterators concurrently.
 */
public final class TableReader implements Closeable {

  private final Path file;
  private final ReadableFile in;
  private final long fileSize;
  private final long entryCount;
  private final IndexBlock index;
  private final BloomFilter bloom;

  // Observability for tests and query planning: proof that a point get touches <= 1 data block.
  private final AtomicLong blocksRead = new AtomicLong();
  private final AtomicLong bloomNegatives = new AtomicLong();
  // The database-wide count of data blocks read (Stats.dataBlocksRead), or null.
  private java.util.concurrent.atomic.LongAdder sharedBlocksRead;

  private TableReader(Path file, ReadableFile in, long fileSize, long entryCount, IndexBlock index,
      BloomFilter bloom) {
    this.file = file;
    this.in = in;
    this.fileSize = fileSize;
    this.entryCount = entryCount;
    this.index = index;
    this.bloom = bloom;
  }

  /**
   * Opens {@code file} and verifies footer, index and bloom filter; no data block is read.
   *
   * @throws CorruptionException if any check fails, naming the file and offset
   * @throws com.blockdb.engine.BlockDbException with {@code UNSUPPORTED_FORMAT} for an unknown
   *     format version
   */
  public static TableReader open(FileLayer fs, Path file) throws IOException {
    ReadableFile in = fs.openRead(file);
    try {
      TableReader reader = load(file, in);
      in = null; // ownership passed to the reader
      return reader;
    } finally {
      if (in != null) {
        in.close();
      }
    }
  }

  private static TableReader load(Path file, ReadableFile in) throws IOException {
    long length = in.length();
    if (length < Footer.ENCODED_LENGTH) {
      throw new CorruptionException(file, 0, "file of " + length
          + " bytes is shorter than an sstable footer (" + Footer.ENCODED_LENGTH + ")");
    }
    long footerOffset = length - Footer.ENCODED_LENGTH;
    byte[] footerBytes = new byte[Footer.ENCODED_LENGTH];
    readFully(in, file, footerOffset, footerBytes, footerBytes.length);
    Footer footer = Footer.decode(footerBytes, file, footerOffset);

    // The layout is fixed (data, index, bloom, footer, back to back); checking it before reading
    // keeps a bad handle from making us allocate or read something absurd.
    BlockHandle bloomHandle = footer.bloomHandle();
    checkPlacement(file, bloomHandle, footerOffset, footerOffset + BlockHandle.ENCODED_LENGTH,
        "bloom filter");
    BlockHandle indexHandle = footer.indexHandle();
    checkPlacement(file, indexHandle, bloomHandle.offset(), footerOffset, "index");

    byte[] indexBytes = readBlock(in, file, indexHandle, "index block");
    IndexBlock index = IndexBlock.decode(indexBytes, (int) indexHandle.size(), file,
        indexHandle.offset(), indexHandle.offset());
    // Every data block holds at least one entry, so the count bounds the block count.
    if (index.blockCount() == 0 ? footer.entryCount() != 0
        : footer.entryCount() < index.blockCount()) {
      throw new CorruptionException(file, footerOffset + 2L * BlockHandle.ENCODED_LENGTH,
          "entry count " + footer.entryCount() + " does not match " + index.blockCount()
          + " data blocks");
    }
    byte[] bloomBytes = readBlock(in, file, bloomHandle, "bloom filter block");
    BloomFilter bloom = BloomFilter.decode(bloomBytes, (int) bloomHandle.size(), file,
        bloomHandle.offset());
    return new TableReader(file, in, length, footer.entryCount(), index, bloom);
  }

  /** A handle (stored at {@code fieldOffset}) must describe a block ending exactly at {@code end}. */
  private static void checkPlacement(Path file, BlockHandle h, long end, long fieldOffset,
      String what) {
    long maxSize = BlockBuilder.MAX_ARRAY - BlockTrailer.ENCODED_LENGTH;
    if (h.size() > maxSize || h.offset() < 0 || h.offset() > end || h.end() != end) {
      throw new CorruptionException(file, fieldOffset, what + " handle " + h
          + " does not end at offset " + end);
    }
  }

  /**
   * Returns the value stored under {@code key}, or null. Reads at most one data block: range and
   * bloom filter first, then a binary search of the in-memory index picks the only block that can
   * hold the key.
   */
  public byte[] get(byte[] key) throws IOException {
    byte[] smallest = index.smallestKey();
    if (smallest == null || Arrays.compareUnsigned(key, smallest) < 0
        || Arrays.compareUnsigned(key, index.largestKey()) > 0) {
      return null;
    }
    if (!bloom.mayContain(key)) {
      bloomNegatives.incrementAndGet();
      return null;
    }
    int i = index.findBlock(key); // exists: key <= largest key
    BlockCursor c = dataBlock(i);
    while (c.next()) {
      int cmp = c.compareKey(key);
      if (cmp == 0) {
        return c.value();
      }
      if (cmp > 0) {
        return null;
      }
    }
    // Every key in the block is < key <= the block's last key per the index: they disagree.
    throw c.corrupt(index.size(i), "block ends before its index key");
  }

  /** A new iterator positioned before the first entry; use one per thread. */
  public TableIterator iterator() {
    return new TableIterator(this);
  }

  /**
   * Number of data blocks. With {@link #dataBlockOffset}, {@link #dataBlockLastKey} and
   * {@link #readDataBlock} a caller can read a table block by block and go on past a damaged one,
   * as verification does to find everything that is still readable.
   */
  public int dataBlockCount() {
    return index.blockCount();
  }

  /** File offset of data block {@code i}, from the in-memory index; reads nothing. */
  public long dataBlockOffset(int i) {
    return index.offset(i);
  }

  /**
   * Last key of data block {@code i}, from the in-memory index (a copy); reads nothing. Block
   * {@code i} holds the keys after block {@code i - 1}'s last key (block 0: from
   * {@link #smallestKey()}) up to and including this one.
   */
  public byte[] dataBlockLastKey(int i) {
    return index.lastKey(i).clone();
  }

  /**
   * Reads data block {@code i} and hands its entries (key, value; fresh copies) to {@code visitor}
   * in key order. The whole block is checked first, as an iterator checks it (CRC, entry bounds,
   * ascending keys, first and last key against the index), so a damaged block yields no entry.
   *
   * @throws CorruptionException if the block fails a check, naming the file and offset
   */
  public void readDataBlock(int i, java.util.function.BiConsumer<byte[], byte[]> visitor)
      throws IOException {
    BlockCursor check = dataBlock(i);
    while (check.next()) {
      TableIterator.checkFirstKey(index, i, check);
    }
    TableIterator.checkLastKey(index, i, check);
    BlockCursor c = check.rewound();
    while (c.next()) {
      visitor.accept(c.key(), c.value());
    }
  }

  public long entryCount() {
    return entryCount;
  }

  public Path path() {
    return file;
  }

  public long fileSize() {
    return fileSize;
  }

  /** The smallest key, or null if the table has no entries. */
  public byte[] smallestKey() {
    byte[] k = index.smallestKey();
    return k == null ? null : k.clone();
  }

  /** The largest key, or null if the table has no entries. */
  public byte[] largestKey() {
    byte[] k = index.largestKey();
    return k == null ? null : k.clone();
  }

  /** Data blocks read since open, by gets and iterators together. */
  public long blocksRead() {
    return blocksRead.get();
  }

  /** Gets answered "absent" by the bloom filter without reading a data block. */
  public long bloomNegatives() {
    return bloomNegatives.get();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Opens {@code file} as {@link #open(FileLayer, Path)}, also counting data block reads in {@code sink}. */
  public static TableReader open(FileLayer fs, Path file, java.util.concurrent.atomic.LongAdder sink)
      throws IOException {
    TableReader reader = open(fs, file);
    reader.sharedBlocksRead = sink;
    return reader;
  }

  IndexBlock index() {
    return index;
  }

  /** Reads and CRC-checks data block {@code i}, returning a cursor before its first entry. */
  BlockCursor dataBlock(int i) throws IOException {
    BlockHandle h = new BlockHandle(index.offset(i), index.size(i));
    byte[] bytes = readBlock(in, file, h, "data block");
    blocksRead.incrementAndGet();
    if (sharedBlocksRead != null) {
      sharedBlocksRead.increment();
    }
    return new BlockCursor(bytes, index.size(i), file, h.offset());
  }

  /** Reads a block and its trailer; the payload is the first {@code h.size()} bytes. */
  private static byte[] readBlock(ReadableFile in, Path file, BlockHandle h, String what)
      throws IOException {
    int size = (int) h.size(); // bounded by checkPlacement / IndexBlock.decode
    byte[] bytes = new byte[size + BlockTrailer.ENCODED_LENGTH];
    readFully(in, file, h.offset(), bytes, bytes.length);
    int stored = ByteBuffer.wrap(bytes, size, BlockTrailer.ENCODED_LENGTH).getInt();
    if (stored != Checksums.crc32c(bytes, 0, size)) {
      throw new CorruptionException(file, h.offset(), what + " checksum mismatch");
    }
    return bytes;
  }

  private static void readFully(ReadableFile in, Path file, long position, byte[] dst, int length)
      throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(dst, 0, length);
    while (buf.hasRemaining()) {
      if (in.read(position + buf.position(), buf) < 0) {
        // Offsets were checked against the length at open, so the file shrank under us.
        throw new CorruptionException(file, position + buf.position(), "unexpected end of file");
      }
    }
  }
}
