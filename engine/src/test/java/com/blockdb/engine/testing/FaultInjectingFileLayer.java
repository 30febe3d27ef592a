package com.blockdb.engine.testing;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.io.WritableFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An in-memory {@link FileLayer} that simulates power loss: {@link #crash()} forgets whatever the
 * durability contract of {@link FileLayer} does not promise, choosing among the allowed outcomes
 * with a seeded {@link Random} so that every failure can be replayed from its seed.
 *
 * <p>Model. A file is an inode with its current bytes and its durable bytes (as of its last sync or
 * truncate). A directory has its current entries, its durable entries (as of its last
 * {@link #syncDirectory}) and the list of entry changes made since. On a crash:
 *
 * <ul>
 *   <li>each directory keeps its durable entries plus a random prefix of the changes made since,
 *       except creations, which are always lost (a rename of a new file may survive, and so may a
 *       deletion);
 *   <li>each surviving file keeps its durable bytes plus, at random, none, all, or a prefix of the
 *       bytes written since its last sync, possibly followed by zeros or by garbage (the written
 *       bytes with bits flipped) at the torn end; a file whose unsynced change was not a write
 *       (re-creation by {@link #create}) reverts to its durable bytes;
 *   <li>the bytes written since the last sync are the range from the lowest to the highest offset
 *       written through a handle since then: appended past the durable end, or overwriting
 *       preallocated space ({@link WritableFile#preallocate}, {@link #openAppendAt}). Only that
 *       range can change: the torn prefix, zeros and garbage all fall inside it, bytes before it
 *       are always the durable ones, and bytes after the torn end keep their durable content
 *       (preallocated zeros stay zeros) or, past the durable length, are cut off. The file never
 *       becomes shorter than its durable length;
 *   <li>{@link WritableFile#preallocate} is atomic and durable at once (it includes a sync, and
 *       counts as one for {@link #failSyncAfter}): the zeros and everything written before it
 *       survive any later crash;
 *   <li>all open handles become invalid: every further use throws {@link IOException}.
 * </ul>
 *
 * <p>Directories themselves are created durably by {@link #createDirectories} (a simplification).
 * Paths are only names: use a fake root such as {@link #ROOT}. Thread-safe: every operation,
 * including those of handles, synchronizes on this object.
 */
public final class FaultInjectingFileLayer implements FileLayer {

  /** A root directory that exists from the start. */
  public static final Path ROOT = Path.of("/mem");

  /** Longest garbage run written at a torn end, about one disk sector. */
  private static final int MAX_GARBAGE = 512;

  private final long seed;
  private final Random random;
  private final Map<Path, Dir> dirs = new HashMap<>();
  private int generation;
  private int crashes;
  private int syncsUntilFailure;
  private IOException syncFailure;
  private long writeLimit = Long.MAX_VALUE;

  /** A file system holding only {@link #ROOT}, whose crash outcomes derive from {@code seed}. */
  public FaultInjectingFileLayer(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    createDirs(ROOT);
  }

  /** The seed this file system was created with, for failure messages. */
  public long seed() {
    return seed;
  }

  /** How many times {@link #crash()} was called. */
  public synchronized int crashCount() {
    return crashes;
  }

  // ---- FileLayer ----

  @Override
  public synchronized WritableFile create(Path file) throws IOException {
    Path p = norm(file);
    Dir d = parentDir(p);
    String name = name(p);
    if (dirs.containsKey(p)) {
      throw new IOException(p + " is a directory");
    }
    Inode inode = d.current.get(name);
    if (inode != null) {
      // Like O_TRUNC: same inode, new content that is not durable until synced.
      inode.length = 0;
      inode.extendsDurable = inode.durable.length == 0;
    } else {
      inode = new Inode();
      d.current.put(name, inode);
      d.pending.add(new DirOp(OpKind.CREATE, name, null, inode));
    }
    return new Writer(inode, 0);
  }

  @Override
  public synchronized WritableFile openAppend(Path file) throws IOException {
    Inode inode = inode(norm(file));
    return new Writer(inode, inode.length);
  }

  @Override
  public synchronized WritableFile openAppendAt(Path file, long position) throws IOException {
    Inode inode = inode(norm(file));
    if (position < 0 || position > inode.length) {
      throw new IllegalArgumentException("position " + position + " outside " + file + " of " + inode.length + " bytes");
    }
    return new Writer(inode, (int) position);
  }

  @Override
  public synchronized ReadableFile openRead(Path file) throws IOException {
    return new Reader(inode(norm(file)));
  }

  @Override
  public synchronized boolean exists(Path path) {
    Path p = norm(path);
    if (dirs.containsKey(p)) {
      return true;
    }
    Dir d = p.getParent() == null ? null : dirs.get(p.getParent());
    return d != null && d.current.containsKey(name(p));
  }

  @Override
  public synchronized List<String> list(Path dir) throws IOException {
    Dir d = dirs.get(norm(dir));
    if (d == null) {
      throw new NoSuchFileException(dir.toString());
    }
    return new ArrayList<>(d.current.keySet()); // TreeMap: already sorted
  }

  @Override
  public synchronized void createDirectories(Path dir) throws IOException {
    Path p = norm(dir);
    for (Path q = p; q != null; q = q.getParent()) {
      Dir parent = q.getParent() == null ? null : dirs.get(q.getParent());
      if (parent != null && parent.current.containsKey(name(q))) {
        throw new FileAlreadyExistsException(q + " exists and is a file");
      }
    }
    createDirs(p);
  }

  @Override
  public synchronized void delete(Path file) throws IOException {
    Path p = norm(file);
    if (dirs.containsKey(p)) {
      boolean hasChildren = !dirs.get(p).current.isEmpty()
          || dirs.keySet().stream().anyMatch(q -> p.equals(q.getParent()));
      if (hasChildren) {
        throw new DirectoryNotEmptyException(p.toString());
      }
      dirs.remove(p);
      return;
    }
    Dir d = p.getParent() == null ? null : dirs.get(p.getParent());
    String name = name(p);
    if (d == null || !d.current.containsKey(name)) {
      return; // deleteIfExists, like the real layer
    }
    d.current.remove(name);
    d.pending.add(new DirOp(OpKind.DELETE, name, null, null));
  }

  @Override
  public synchronized void rename(Path source, Path target) throws IOException {
    Path s = norm(source);
    Path t = norm(target);
    Inode inode = inode(s);
    Dir sd = dirs.get(s.getParent());
    Dir td = parentDir(t);
    if (dirs.containsKey(t)) {
      throw new IOException(t + " is a directory");
    }
    if (s.equals(t)) {
      return;
    }
    sd.current.remove(name(s));
    td.current.put(name(t), inode);
    if (sd == td) {
      sd.pending.add(new DirOp(OpKind.RENAME, name(s), name(t), inode));
    } else {
      // Across directories each side becomes durable with its own directory's sync.
      sd.pending.add(new DirOp(OpKind.DELETE, name(s), null, null));
      td.pending.add(new DirOp(OpKind.LINK, null, name(t), inode));
    }
  }

  @Override
  public synchronized void truncate(Path file, long length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    Inode inode = inode(norm(file));
    inode.length = (int) Math.min(length, inode.length);
    inode.makeDurable();
  }

  @Override
  public synchronized void syncDirectory(Path dir) throws IOException {
    Dir d = dirs.get(norm(dir));
    if (d == null) {
      throw new NoSuchFileException(dir.toString());
    }
    maybeFailSync();
    d.durable = new HashMap<>(d.current);
    d.pending.clear();
  }

  // ---- faults ----

  /**
   * Simulates power loss: files and directory entries fall back to what is durable, plus a random
   * share of what was not, and every open handle becomes invalid.
   */
  public synchronized void crash() {
    crashes++;
    generation++;
    Map<Inode, Boolean> survivors = new IdentityHashMap<>();
    for (Dir d : dirs.values()) {
      Map<String, Inode> entries = new HashMap<>(d.durable);
      int replay = random.nextInt(d.pending.size() + 1);
      for (DirOp op : d.pending.subList(0, replay)) {
        switch (op.kind) {
          case CREATE -> { } // an unsynced creation is always lost
          case DELETE -> entries.remove(op.name);
          case RENAME -> {
            entries.put(op.target, op.inode);
            entries.remove(op.name);
          }
          case LINK -> entries.put(op.target, op.inode);
          default -> throw new AssertionError(op.kind);
        }
      }
      d.current.clear();
      d.current.putAll(entries);
      d.durable = entries;
      d.pending.clear();
      entries.values().forEach(i -> survivors.put(i, Boolean.TRUE));
    }
    for (Inode inode : survivors.keySet()) {
      inode.crash(random);
    }
  }

  /** Makes the {@code n}-th sync from now (1 = the next; file or directory syncs) throw {@code e}, once. */
  public synchronized void failSyncAfter(int n, IOException e) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1: " + n);
    }
    syncsUntilFailure = n;
    syncFailure = e;
  }

  /**
   * Makes every append throw "No space left on device" (writing nothing) once it would bring the
   * total size of all files above {@code maxTotalBytes}; {@link Long#MAX_VALUE} turns this off.
   */
  public synchronized void failWritesWhenBytesExceed(long maxTotalBytes) {
    writeLimit = maxTotalBytes;
  }

  // ---- test helpers ----

  /** The current bytes of a file, durable or not. */
  public synchronized byte[] readFile(Path file) throws IOException {
    return inode(norm(file)).current();
  }

  /** Creates or replaces a file with {@code content}, entry and bytes both durable at once. */
  public synchronized void putFile(Path file, byte[] content) throws IOException {
    Path p = norm(file);
    Dir d = parentDir(p);
    Inode inode = new Inode();
    inode.data = content.clone();
    inode.length = content.length;
    inode.makeDurable();
    d.current.put(name(p), inode);
    d.durable.put(name(p), inode);
  }

  /** Flips one bit of a file on "disk" (current and durable bytes alike), as bit rot or tampering would. */
  public synchronized void flipBit(Path file, long offset, int bit) throws IOException {
    xor(file, offset, (byte) (1 << bit));
  }

  /** Inverts all eight bits of one byte of a file on "disk" (current and durable bytes alike). */
  public synchronized void flipByte(Path file, long offset) throws IOException {
    xor(file, offset, (byte) 0xFF);
  }

  private void xor(Path file, long offset, byte mask) throws IOException {
    Inode inode = inode(norm(file));
    if (offset < 0 || offset >= inode.length) {
      throw new IllegalArgumentException("offset " + offset + " outside " + file + " of " + inode.length + " bytes");
    }
    inode.data[(int) offset] ^= mask;
    if (offset < inode.durable.length) {
      inode.durable[(int) offset] ^= mask;
    }
  }

  // ---- internals ----

  private void maybeFailSync() throws IOException {
    if (syncFailure != null && --syncsUntilFailure == 0) {
      IOException e = syncFailure;
      syncFailure = null;
      throw e;
    }
  }

  private void checkSpace(long more) throws IOException {
    if (writeLimit == Long.MAX_VALUE || more <= 0) { // overwriting needs no new space
      return;
    }
    Map<Inode, Boolean> seen = new IdentityHashMap<>();
    long total = 0;
    for (Dir d : dirs.values()) {
      for (Inode i : d.current.values()) {
        if (seen.put(i, Boolean.TRUE) == null) {
          total += i.length;
        }
      }
    }
    if (total + more > writeLimit) {
      throw new IOException("No space left on device");
    }
  }

  private void createDirs(Path p) {
    for (Path q = p; q != null; q = q.getParent()) {
      dirs.computeIfAbsent(q, k -> new Dir());
    }
  }

  private Dir parentDir(Path p) throws IOException {
    Dir d = p.getParent() == null ? null : dirs.get(p.getParent());
    if (d == null) {
      throw new NoSuchFileException(p.toString(), null, "parent directory does not exist");
    }
    return d;
  }

  private Inode inode(Path p) throws IOException {
    Dir d = p.getParent() == null ? null : dirs.get(p.getParent());
    Inode inode = d == null ? null : d.current.get(name(p));
    if (inode == null) {
      throw new NoSuchFileException(p.toString());
    }
    return inode;
  }

  private static Path norm(Path p) {
    return p.normalize();
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private enum OpKind { CREATE, DELETE, RENAME, LINK }

  /** One directory-entry change not yet made durable; {@code name} is the old name, {@code target} the new. */
  private record DirOp(OpKind kind, String name, String target, Inode inode) {}

  private static final class Dir {
    final TreeMap<String, Inode> current = new TreeMap<>();
    Map<String, Inode> durable = new HashMap<>();
    final List<DirOp> pending = new ArrayList<>();
  }

  private static final class Inode {
    byte[] data = new byte[0];
    int length;
    byte[] durable = new byte[0];
    // True while the current bytes are the durable bytes with writes made over or after them, so a
    // crash may keep a prefix of the written range; false after a re-create, whose crash outcome is
    // the durable bytes.
    boolean extendsDurable = true;
    // The range written since the last sync, [dirtyFrom, dirtyTo); empty when dirtyFrom >= dirtyTo.
    int dirtyFrom;
    int dirtyTo;

    byte[] current() {
      return Arrays.copyOf(data, length);
    }

    /** Writes {@code src} at {@code position} (at most the length), growing the file if it reaches past the end. */
    void write(int position, ByteBuffer src) {
      int n = src.remaining();
      if (position + n > data.length) {
        data = Arrays.copyOf(data, Math.max(position + n, data.length * 2));
      }
      src.get(data, position, n);
      length = Math.max(length, position + n);
      if (n > 0) {
        if (dirtyFrom >= dirtyTo) {
          dirtyFrom = position;
          dirtyTo = position + n;
        } else {
          dirtyFrom = Math.min(dirtyFrom, position);
          dirtyTo = Math.max(dirtyTo, position + n);
        }
      }
    }

    /** Extends the file with zeros to {@code size} bytes. */
    void extend(int size) {
      if (size > data.length) {
        data = Arrays.copyOf(data, size);
      }
      Arrays.fill(data, length, size, (byte) 0);
      length = size;
    }

    void makeDurable() {
      durable = current();
      extendsDurable = true;
      dirtyFrom = 0;
      dirtyTo = 0;
    }

    void crash(Random random) {
      byte[] result;
      int unsynced = dirtyTo - dirtyFrom;
      if (!extendsDurable || unsynced <= 0) {
        result = durable.clone();
      } else {
        int kept;
        int extra = 0;
        boolean garbage = false;
        int mode = random.nextInt(100);
        if (mode < 25) {
          kept = 0;
        } else if (mode < 40) {
          kept = unsynced;
        } else if (mode < 70) {
          kept = random.nextInt(unsynced + 1);
        } else {
          // A torn end: a clean prefix, then zeros (extended but unwritten) or flipped bits.
          kept = random.nextInt(unsynced);
          garbage = mode >= 85;
          extra = 1 + random.nextInt(garbage ? Math.min(unsynced - kept, MAX_GARBAGE) : unsynced - kept);
        }
        int tornEnd = dirtyFrom + kept + extra;
        // Durable bytes, zero-filled past them up to the torn end, with the kept prefix written over.
        result = Arrays.copyOf(durable, Math.max(durable.length, tornEnd));
        System.arraycopy(data, dirtyFrom, result, dirtyFrom, kept);
        if (garbage) {
          for (int i = dirtyFrom + kept; i < tornEnd; i++) {
            // Every byte of the run changes, so no record overlapping it can still check out.
            result[i] = (byte) (data[i] ^ (1 + random.nextInt(255)));
          }
        } else {
          Arrays.fill(result, dirtyFrom + kept, tornEnd, (byte) 0);
        }
      }
      data = result;
      length = result.length;
      durable = result.clone();
      extendsDurable = true;
      dirtyFrom = 0;
      dirtyTo = 0;
    }
  }

  private abstract class Handle {
    final Inode inode;
    final int handleGeneration = generation;
    boolean closed;

    Handle(Inode inode) {
      this.inode = inode;
    }

    void check() throws IOException {
      if (handleGeneration != generation) {
        throw new IOException("file handle invalidated by simulated power loss");
      }
      if (closed) {
        throw new IOException("file handle is closed");
      }
    }

    public void close() {
      synchronized (FaultInjectingFileLayer.this) {
        closed = true;
      }
    }
  }

  private final class Writer extends Handle implements WritableFile {
    // The append position; the file may extend past it with preallocated space.
    int position;

    Writer(Inode inode, int position) {
      super(inode);
      this.position = position;
    }

    @Override
    public void append(ByteBuffer src) throws IOException {
      synchronized (FaultInjectingFileLayer.this) {
        check();
        if (position > inode.length) {
          throw new IOException("append position " + position + " is past the end of a file of " + inode.length + " bytes");
        }
        int n = src.remaining();
        checkSpace(Math.max(0, position + n - inode.length));
        inode.write(position, src);
        position += n;
      }
    }

    @Override
    public long length() throws IOException {
      synchronized (FaultInjectingFileLayer.this) {
        check();
        return position;
      }
    }

    @Override
    public void preallocate(long size) throws IOException {
      synchronized (FaultInjectingFileLayer.this) {
        check();
        if (size <= inode.length) {
          return;
        }
        if (size > Integer.MAX_VALUE - 8) {
          throw new IOException("file too large for the in-memory layer: " + size);
        }
        checkSpace(size - inode.length);
        maybeFailSync();
        inode.extend((int) size);
        inode.makeDurable();
      }
    }

    @Override
    public void sync() throws IOException {
      synchronized (FaultInjectingFileLayer.this) {
        check();
        maybeFailSync();
        inode.makeDurable();
      }
    }
  }

  private final class Reader extends Handle implements ReadableFile {
    Reader(Inode inode) {
      super(inode);
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      synchronized (FaultInjectingFileLayer.this) {
        check();
        if (position >= inode.length) {
          return -1;
        }
        int n = (int) Math.min(dst.remaining(), inode.length - position);
        dst.put(inode.data, (int) position, n);
        return n;
      }
    }

    @Override
    public long length() throws IOException {
      synchronized (FaultInjectingFileLayer.this) {
        check();
        return inode.length;
      }
    }
  }
}
