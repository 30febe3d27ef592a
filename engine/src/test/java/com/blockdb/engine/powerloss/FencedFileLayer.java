package com.blockdb.engine.powerloss;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The view ONE engine instance has of a shared {@link FaultInjectingFileLayer}: it dies with the
 * simulated power loss.
 *
 * <p>Why it exists (a gap in the harness): {@link FaultInjectingFileLayer#crash()} invalidates the
 * open file handles, but its path operations ({@code create}, {@code delete}, {@code rename},
 * {@code truncate}, {@code syncDirectory}, {@code openAppend}...) have no notion of who calls them. An
 * engine instance abandoned at a crash still has live threads (commit thread, flusher, compactor);
 * after the crash they could delete WAL segments or SSTables, rename a manifest, or {@code create} a
 * fresh file and get a valid handle of the new generation, changing the "after power loss" state that
 * the next engine instance recovers from. A real power loss stops the old process dead. So every
 * engine instance gets its own {@code FencedFileLayer}; once the shared layer has crashed since the
 * fence was made, every operation, path or handle, throws {@link IOException}. The check and the
 * operation run under the shared layer's monitor (the one {@code crash()} takes), so nothing slips
 * in between.
 *
 * <p>It also counts syncs (file and directory) for the tests, records which syncs failed, and can
 * crash the shared layer deterministically at the n-th mutating operation of this instance.
 */
final class FencedFileLayer implements FileLayer {

  /** One sync call through this view. */
  record SyncCall(long number, String path, String error) {}

  private final FaultInjectingFileLayer fs;
  private final int epoch;
  private long mutatingOps; // guarded by fs
  private long crashAtOp = Long.MAX_VALUE; // guarded by fs
  private final List<SyncCall> syncs = new ArrayList<>(); // guarded by fs
  private volatile Predicate<Path> failReads = p -> false;
  private Predicate<String> failNextSync; // guarded by fs

  FencedFileLayer(FaultInjectingFileLayer fs) {
    this.fs = fs;
    this.epoch = fs.crashCount();
  }

  FaultInjectingFileLayer inner() {
    return fs;
  }

  /** True once the shared layer crashed after this view was made. */
  boolean dead() {
    return fs.crashCount() != epoch;
  }

  /** Makes the shared layer crash just before the {@code n}-th mutating operation from now (1 = the next). */
  void crashAtOperation(long n) {
    synchronized (fs) {
      crashAtOp = mutatingOps + n;
    }
  }

  /** Makes every positional read of a file matching {@code which} throw an I/O error (EIO on read). */
  void failReads(Predicate<Path> which) {
    failReads = which;
  }

  /** Makes the next sync of a path matching {@code which} (directories end in "/") fail with EIO, once. */
  void failNextSync(Predicate<String> which) {
    synchronized (fs) {
      failNextSync = which;
    }
  }

  long mutatingOps() {
    synchronized (fs) {
      return mutatingOps;
    }
  }

  /** Sync calls (file and directory) made through this view, including failed ones. */
  List<SyncCall> syncs() {
    synchronized (fs) {
      return List.copyOf(syncs);
    }
  }

  int syncCount() {
    synchronized (fs) {
      return syncs.size();
    }
  }

  // Called with the fs monitor held.
  private void fence(String op, Path p) throws IOException {
    if (fs.crashCount() != epoch) {
      throw new IOException("simulated power loss: this engine instance is dead (" + op + " " + p + ")");
    }
  }

  // Called with the fs monitor held, for operations that change the file system.
  private void mutate(String op, Path p) throws IOException {
    fence(op, p);
    if (++mutatingOps >= crashAtOp) {
      crashAtOp = Long.MAX_VALUE;
      fs.crash();
      throw new IOException("simulated power loss before operation " + mutatingOps + " (" + op + " " + p + ")");
    }
  }

  private void syncThrough(String path, IoAction action) throws IOException {
    mutate("sync", Path.of(path));
    long n = syncs.size() + 1;
    try {
      if (failNextSync != null && failNextSync.test(path)) {
        failNextSync = null;
        throw new IOException("EIO");
      }
      action.run();
      syncs.add(new SyncCall(n, path, null));
    } catch (IOException e) {
      syncs.add(new SyncCall(n, path, String.valueOf(e.getMessage())));
      throw e;
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  @Override
  public WritableFile create(Path file) throws IOException {
    synchronized (fs) {
      mutate("create", file);
      return new Writer(file, fs.create(file));
    }
  }

  @Override
  public WritableFile openAppend(Path file) throws IOException {
    synchronized (fs) {
      fence("openAppend", file);
      return new Writer(file, fs.openAppend(file));
    }
  }

  @Override
  public WritableFile openAppendAt(Path file, long position) throws IOException {
    synchronized (fs) {
      fence("openAppendAt", file);
      return new Writer(file, fs.openAppendAt(file, position));
    }
  }

  @Override
  public ReadableFile openRead(Path file) throws IOException {
    synchronized (fs) {
      fence("openRead", file);
      return new Reader(file, fs.openRead(file));
    }
  }

  @Override
  public boolean exists(Path path) {
    synchronized (fs) {
      // No IOException to throw here; a dead instance learns of its death at its next real operation.
      return fs.exists(path);
    }
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    synchronized (fs) {
      fence("list", dir);
      return fs.list(dir);
    }
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    synchronized (fs) {
      mutate("createDirectories", dir);
      fs.createDirectories(dir);
    }
  }

  @Override
  public void delete(Path file) throws IOException {
    synchronized (fs) {
      mutate("delete", file);
      fs.delete(file);
    }
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    synchronized (fs) {
      mutate("rename", source);
      fs.rename(source, target);
    }
  }

  @Override
  public void truncate(Path file, long length) throws IOException {
    synchronized (fs) {
      mutate("truncate", file);
      fs.truncate(file, length);
    }
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    synchronized (fs) {
      syncThrough(dir + "/", () -> fs.syncDirectory(dir));
    }
  }

  private final class Writer implements WritableFile {
    final Path path;
    final WritableFile w;

    Writer(Path path, WritableFile w) {
      this.path = path;
      this.w = w;
    }

    @Override
    public void append(ByteBuffer data) throws IOException {
      synchronized (fs) {
        mutate("append", path);
        w.append(data);
      }
    }

    @Override
    public long length() throws IOException {
      synchronized (fs) {
        fence("length", path);
        return w.length();
      }
    }

    @Override
    public void sync() throws IOException {
      synchronized (fs) {
        syncThrough(path.toString(), w::sync);
      }
    }

    @Override
    public void preallocate(long size) throws IOException {
      synchronized (fs) {
        mutate("preallocate", path);
        w.preallocate(size);
      }
    }

    @Override
    public void close() throws IOException {
      w.close();
    }
  }

  private final class Reader implements ReadableFile {
    final Path path;
    final ReadableFile r;

    Reader(Path path, ReadableFile r) {
      this.path = path;
      this.r = r;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      synchronized (fs) {
        fence("read", path);
        if (failReads.test(path)) {
          throw new IOException("Input/output error (injected read error on " + path + ")");
        }
        return r.read(position, dst);
      }
    }

    @Override
    public long length() throws IOException {
      synchronized (fs) {
        fence("length", path);
        return r.length();
      }
    }

    @Override
    public void close() throws IOException {
      r.close();
    }
  }
}
