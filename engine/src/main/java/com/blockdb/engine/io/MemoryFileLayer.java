package com.blockdb.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.StampedLock;

/**
 * A {@link FileLayer} that keeps every file in memory, for a database that leaves nothing on disk.
 *
 * <p>Usage: paths are only names, so any absolute root will do, and a database lives as long as its
 * layer instance; closing and reopening it on the same instance finds the data again.
 *
 * <pre>{@code
 * MemoryFileLayer memory = new MemoryFileLayer();
 * try (BlockDb db = BlockDb.open(Path.of("/mem/orders"), Options.defaults().withFileLayer(memory))) {
 *   db.put(key, value);
 * }
 * }</pre>
 *
 * <p>Semantics follow the real file system where the engine can tell: missing files raise
 * {@link NoSuchFileException}, {@link #delete} of a missing file does nothing, {@link #rename}
 * atomically replaces its target, and a handle open on a deleted or replaced file keeps working on
 * the old content (as an unlinked inode does), whose memory is freed once the handles are closed.
 * Nothing has to be made durable, so {@link WritableFile#sync()} and {@link #syncDirectory} only
 * check their argument. Relative paths resolve against the working directory, as on disk.
 *
 * <p>A file is one growable byte array, so a file holds at most {@value #MAX_FILE_SIZE} bytes.
 * {@link WritableFile#preallocate} lengthens the file with zeros without allocating them: the bytes
 * between the last written one and the end read as zeros, which is all the contract can observe.
 *
 * <p>Thread-safe. Directory operations share one lock; each file has its own
 * {@link StampedLock}, and positional reads take it optimistically, so concurrent readers of a file
 * do not contend with each other.
 */
public final class MemoryFileLayer implements FileLayer {

  /** The largest file, in bytes: the largest array a JVM reliably allocates. */
  public static final int MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

  private final Object namespaceLock = new Object();
  // Root directories by root path ("/" on Unix); a root always exists, as on a real file system.
  private final Map<Path, Dir> roots = new HashMap<>();

  /** An empty file system: only root directories exist. */
  public MemoryFileLayer() {}

  @Override
  public WritableFile create(Path file) throws IOException {
    Path p = absolute(file);
    Inode inode;
    synchronized (namespaceLock) {
      Dir dir = parentDir(p);
      String name = name(p);
      Node existing = dir.entries.get(name);
      if (existing instanceof Dir) {
        throw new FileSystemException(p.toString(), null, "Is a directory");
      }
      if (existing instanceof Inode i) {
        inode = i; // like O_TRUNC: handles open on the file see it emptied
        inode.truncate(0);
      } else {
        inode = new Inode();
        dir.entries.put(name, inode);
      }
    }
    return new Writer(p, inode, 0);
  }

  @Override
  public WritableFile openAppend(Path file) throws IOException {
    Path p = absolute(file);
    Inode inode = inode(p);
    return new Writer(p, inode, inode.length());
  }

  @Override
  public WritableFile openAppendAt(Path file, long position) throws IOException {
    Path p = absolute(file);
    Inode inode = inode(p);
    long size = inode.length();
    if (position < 0 || position > size) {
      throw new IllegalArgumentException("position " + position + " outside " + p + " of " + size + " bytes");
    }
    return new Writer(p, inode, position);
  }

  @Override
  public ReadableFile openRead(Path file) throws IOException {
    Path p = absolute(file);
    return new Reader(p, inode(p));
  }

  @Override
  public boolean exists(Path path) {
    Path p = absolute(path);
    synchronized (namespaceLock) {
      return find(p) != null;
    }
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    Path p = absolute(dir);
    synchronized (namespaceLock) {
      Node node = find(p);
      if (node == null) {
        throw new NoSuchFileException(p.toString());
      }
      if (!(node instanceof Dir d)) {
        throw new NotDirectoryException(p.toString());
      }
      List<String> names = new ArrayList<>();
      d.entries.forEach((name, child) -> {
        if (child instanceof Inode) {
          names.add(name); // a TreeMap iterates in name order: already sorted
        }
      });
      return names;
    }
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    Path p = absolute(dir);
    synchronized (namespaceLock) {
      Dir current = root(p);
      Path walked = p.getRoot();
      for (Path element : p) {
        walked = walked.resolve(element);
        Node child = current.entries.get(element.toString());
        if (child instanceof Inode) {
          throw new FileAlreadyExistsException(walked.toString(), null, "exists and is not a directory");
        }
        if (child == null) {
          child = new Dir();
          current.entries.put(element.toString(), child);
        }
        current = (Dir) child;
      }
    }
  }

  @Override
  public void delete(Path file) throws IOException {
    Path p = absolute(file);
    synchronized (namespaceLock) {
      if (p.getParent() == null) {
        throw new FileSystemException(p.toString(), null, "cannot delete a root directory");
      }
      if (!(find(p.getParent()) instanceof Dir dir)) {
        return; // deleteIfExists, like the real layer
      }
      Node node = dir.entries.get(name(p));
      if (node instanceof Dir d && !d.entries.isEmpty()) {
        throw new DirectoryNotEmptyException(p.toString());
      }
      // The bytes stay reachable only from open handles, and are garbage once those are closed.
      dir.entries.remove(name(p));
    }
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    Path s = absolute(source);
    Path t = absolute(target);
    synchronized (namespaceLock) {
      if (s.getParent() == null) {
        throw new FileSystemException(s.toString(), t.toString(), "cannot move a root directory");
      }
      Node node = find(s);
      if (node == null) {
        throw new NoSuchFileException(s.toString());
      }
      if (s.equals(t)) {
        return;
      }
      if (node instanceof Dir && t.startsWith(s)) {
        throw new FileSystemException(s.toString(), t.toString(), "cannot move a directory into itself");
      }
      if (t.getParent() == null) {
        throw new FileSystemException(s.toString(), t.toString(), "cannot replace a root directory");
      }
      Dir targetDir = parentDir(t);
      Node replaced = targetDir.entries.get(name(t));
      if (replaced instanceof Dir d) {
        if (node instanceof Inode) {
          throw new FileSystemException(s.toString(), t.toString(), "target is a directory");
        }
        if (!d.entries.isEmpty()) {
          throw new DirectoryNotEmptyException(t.toString());
        }
      } else if (replaced instanceof Inode && node instanceof Dir) {
        throw new FileSystemException(s.toString(), t.toString(), "target is not a directory");
      }
      // One step under the namespace lock: no one sees both names, or neither.
      ((Dir) find(s.getParent())).entries.remove(name(s));
      targetDir.entries.put(name(t), node);
    }
  }

  @Override
  public void truncate(Path file, long length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length + " for " + file);
    }
    inode(absolute(file)).truncate(length);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    Path p = absolute(dir);
    synchronized (namespaceLock) {
      if (find(p) == null) {
        throw new NoSuchFileException(p.toString());
      }
    }
  }

  /**
   * Bytes of memory held by the files now in the file system (array capacity, which may exceed
   * their length while they grow); files deleted but still open are not counted.
   */
  public long allocatedBytes() {
    synchronized (namespaceLock) {
      long total = 0;
      List<Dir> pending = new ArrayList<>(roots.values());
      while (!pending.isEmpty()) {
        for (Node child : pending.remove(pending.size() - 1).entries.values()) {
          if (child instanceof Dir d) {
            pending.add(d);
          } else {
            total += ((Inode) child).capacity();
          }
        }
      }
      return total;
    }
  }

  // ---- namespace internals; callers hold namespaceLock ----

  private static Path absolute(Path p) {
    return p.toAbsolutePath().normalize();
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private Dir root(Path p) {
    return roots.computeIfAbsent(p.getRoot(), r -> new Dir());
  }

  /** The file or directory at {@code p}, or null. */
  private Node find(Path p) {
    Node node = root(p);
    for (Path element : p) {
      if (!(node instanceof Dir d)) {
        return null;
      }
      node = d.entries.get(element.toString());
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /** The directory that holds {@code p}, which must exist. */
  private Dir parentDir(Path p) throws IOException {
    Path parent = p.getParent();
    if (parent == null) {
      throw new FileSystemException(p.toString(), null, "Is a directory");
    }
    Node node = find(parent);
    if (node == null) {
      throw new NoSuchFileException(p.toString(), null, "parent directory does not exist");
    }
    if (!(node instanceof Dir d)) {
      throw new FileSystemException(p.toString(), null, "Not a directory: " + parent);
    }
    return d;
  }

  private Inode inode(Path p) throws IOException {
    synchronized (namespaceLock) {
      Node node = find(p);
      if (node == null) {
        throw new NoSuchFileException(p.toString());
      }
      if (!(node instanceof Inode i)) {
        throw new FileSystemException(p.toString(), null, "Is a directory");
      }
      return i;
    }
  }

  /** A directory entry: a directory or a file. */
  private sealed interface Node permits Dir, Inode {}

  /** A directory: its entries by name, sorted so that listing needs no sort. */
  private static final class Dir implements Node {
    final TreeMap<String, Node> entries = new TreeMap<>();
  }

  /**
   * The content of one file, shared by its directory entry and its open handles.
   *
   * <p>The bytes are {@code data[0, filled)} followed by zeros up to {@code length}: zeros that
   * preallocation added are implicit, and array bytes at or past {@code filled} are stale (left by
   * a truncation) and never read. Writers take the write lock; readers read optimistically and fall
   * back to the read lock when a write interleaved.
   */
  private static final class Inode implements Node {
    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_CAPACITY = 256;
    private static final byte[] ZEROS = new byte[4096];

    private final StampedLock lock = new StampedLock();
    private byte[] data = EMPTY;
    private int filled;
    private int length;

    long length() {
      long stamp = lock.tryOptimisticRead();
      int n = length;
      if (lock.validate(stamp)) {
        return n;
      }
      stamp = lock.readLock();
      try {
        return length;
      } finally {
        lock.unlockRead(stamp);
      }
    }

    int capacity() {
      long stamp = lock.readLock();
      try {
        return data.length;
      } finally {
        lock.unlockRead(stamp);
      }
    }

    int read(long position, ByteBuffer dst) {
      if (position < 0) {
        throw new IllegalArgumentException("negative position " + position);
      }
      long stamp = lock.tryOptimisticRead();
      if (stamp != 0) {
        int start = dst.position();
        // The three fields may be mutually inconsistent here; copy checks them before touching data.
        int n = copy(data, filled, length, position, dst);
        if (lock.validate(stamp) && n != Integer.MIN_VALUE) {
          return n;
        }
        dst.position(start);
      }
      stamp = lock.readLock();
      try {
        return copy(data, filled, length, position, dst);
      } finally {
        lock.unlockRead(stamp);
      }
    }

    /** Copies from a snapshot of the fields; returns the bytes read, -1 at end of file, or MIN_VALUE if the snapshot is torn. */
    private static int copy(byte[] bytes, int filled, int length, long position, ByteBuffer dst) {
      if (filled > bytes.length || filled > length) {
        return Integer.MIN_VALUE;
      }
      if (position >= length) {
        return -1;
      }
      int pos = (int) position;
      int n = Math.min(dst.remaining(), length - pos);
      int fromData = Math.max(0, Math.min(n, filled - pos));
      if (fromData > 0) {
        dst.put(bytes, pos, fromData);
      }
      for (int zeros = n - fromData; zeros > 0; ) {
        int k = Math.min(zeros, ZEROS.length);
        dst.put(ZEROS, 0, k);
        zeros -= k;
      }
      return n;
    }

    /** Writes all of {@code src} at {@code position} and returns the position after it. */
    long write(long position, ByteBuffer src, Path path) throws IOException {
      long stamp = lock.writeLock();
      try {
        int n = src.remaining();
        if (n == 0) {
          return position;
        }
        long end = position + n;
        if (end > MAX_FILE_SIZE) {
          throw new IOException("cannot grow " + path + " to " + end + " bytes: an in-memory file holds at most "
              + MAX_FILE_SIZE);
        }
        int pos = (int) position;
        if (end > data.length) {
          grow((int) end);
        }
        if (pos > filled) {
          // Past the written bytes lie implicit zeros (or a hole left by truncation): materialize them.
          Arrays.fill(data, filled, pos, (byte) 0);
        }
        src.get(data, pos, n);
        filled = Math.max(filled, (int) end);
        length = Math.max(length, (int) end);
        return end;
      } finally {
        lock.unlockWrite(stamp);
      }
    }

    /** Grows the array for {@code needed} bytes, doubling so that appends copy amortized O(1) per byte. */
    private void grow(int needed) {
      long capacity = Math.max(needed, Math.max(MIN_CAPACITY, 2L * data.length));
      if (needed <= length) {
        // Inside preallocated space the file's size is known: do not overshoot it.
        capacity = Math.min(capacity, length);
      }
      byte[] bigger = new byte[(int) Math.min(capacity, MAX_FILE_SIZE)];
      System.arraycopy(data, 0, bigger, 0, filled);
      data = bigger;
    }

    /** Lengthens the file with zeros to {@code size} bytes; nothing if it is that long, or if it cannot be. */
    void extend(long size) {
      long stamp = lock.writeLock();
      try {
        if (size > length && size <= MAX_FILE_SIZE) {
          length = (int) size;
        }
      } finally {
        lock.unlockWrite(stamp);
      }
    }

    void truncate(long size) {
      long stamp = lock.writeLock();
      try {
        if (size < length) {
          length = (int) size;
          filled = Math.min(filled, length);
          shrinkIfWasteful();
        }
      } finally {
        lock.unlockWrite(stamp);
      }
    }

    /** Gives back the spare array capacity of a file no one appends to. */
    void trim() {
      long stamp = lock.writeLock();
      try {
        shrinkIfWasteful();
      } finally {
        lock.unlockWrite(stamp);
      }
    }

    // Spare capacity up to an eighth of the array is kept: copying to reclaim it costs more than it frees.
    private void shrinkIfWasteful() {
      int spare = data.length - filled;
      if (spare > 0 && spare >= data.length / 8) {
        data = filled == 0 ? EMPTY : Arrays.copyOf(data, filled);
      }
    }
  }

  /** An append handle: its own append position over a shared {@link Inode}. */
  private static final class Writer implements WritableFile {
    private final Path path;
    private Inode inode; // null once closed, so a closed handle kept around does not pin deleted bytes
    private long position;

    Writer(Path path, Inode inode, long position) {
      this.path = path;
      this.inode = inode;
      this.position = position;
    }

    @Override
    public void append(ByteBuffer data) throws IOException {
      ensureOpen();
      position = inode.write(position, data, path);
    }

    @Override
    public long length() {
      return position; // like the real layer, answers after close too
    }

    @Override
    public void preallocate(long size) throws IOException {
      ensureOpen();
      inode.extend(size);
    }

    @Override
    public void sync() throws IOException {
      ensureOpen(); // nothing to make durable, but a closed handle fails as on disk
    }

    @Override
    public void close() {
      if (inode != null) {
        inode.trim();
        inode = null;
      }
    }

    private void ensureOpen() throws IOException {
      if (inode == null) {
        throw new ClosedChannelException();
      }
    }
  }

  /** A read handle over a shared {@link Inode}; it lets go of the content when closed. */
  private static final class Reader implements ReadableFile {
    private final Path path;
    private volatile Inode inode;

    Reader(Path path, Inode inode) {
      this.path = path;
      this.inode = inode;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      return open().read(position, dst);
    }

    @Override
    public long length() throws IOException {
      return open().length();
    }

    @Override
    public void close() {
      inode = null;
    }

    private Inode open() throws IOException {
      Inode i = inode;
      if (i == null) {
        throw new ClosedChannelException();
      }
      return i;
    }

    @Override
    public String toString() {
      return "memory file " + path;
    }
  }
}
