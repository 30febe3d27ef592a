package com.blockdb.engine.wal;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.WritableFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Lays down the durable zeros of the next WAL segment on a background thread, in a spare file that
 * the writer renames into a segment when it rolls; the commit thread then never zero-fills or
 * fsyncs space it has not yet reached.
 *
 * <p>Why a file of its own, and not zeros added ahead in the current segment: the commit thread's
 * fdatasync covers the whole file it syncs, so zeros being written into the current segment, and
 * the size change they bring, would be flushed by whichever commit happened to sync meanwhile.
 *
 * <p>The spare is not part of the log (its name is not a segment name, so recovery ignores it) and
 * holds nothing but zeros until the writer takes it. Losing it costs nothing: a failure while
 * preparing it is logged, the file is deleted, and the writer preallocates its segments itself as
 * before. Thread-safe: the writer calls {@link #request}, {@link #readySize} and {@link #take}; the
 * background thread fills the file; a spare never taken is deleted by {@link #close}.
 */
final class SegmentPreparer {

  /** Name of the spare file in the WAL directory. */
  static final String SPARE_NAME = "next-segment.zeros";

  private static final System.Logger LOG = System.getLogger(SegmentPreparer.class.getName());

  private final FileLayer fs;
  private final Path file;
  private final long chunk;

  // Guarded by this.
  private long wanted; // size asked for and not yet ready, 0 if none
  private long ready; // size of the durable spare waiting to be taken, 0 if none
  private boolean broken; // a preparation failed: no further spares for this log
  private boolean stopped;
  private Thread thread;

  /**
   * Prepares spares in {@code dir}, writing and syncing {@code chunk} bytes of zeros at a time so
   * that each burst of writeback the disk sees stays small.
   */
  SegmentPreparer(FileLayer fs, Path dir, long chunk) {
    this.fs = fs;
    this.file = dir.resolve(SPARE_NAME);
    this.chunk = chunk;
  }

  /** Starts preparing a spare of {@code size} bytes unless one is ready or under way; returns at once. */
  synchronized void request(long size) {
    if (stopped || broken || wanted != 0 || ready != 0) {
      return;
    }
    wanted = size;
    if (thread == null) {
      thread = new Thread(this::run, "blockdb-wal-prepare");
      thread.setDaemon(true);
      thread.start();
    }
    notifyAll();
  }

  /** Size of the spare that {@link #take} would hand over, or 0 if none is ready. */
  synchronized long readySize() {
    return ready;
  }

  /** Whether a spare is being filled: asked for, and neither ready nor given up. */
  synchronized boolean busy() {
    return wanted != 0 && !broken && !stopped;
  }

  /** Hands the ready spare over to the caller, who renames it into a segment; null if none is ready. */
  synchronized Path take() {
    if (ready == 0) {
      return null;
    }
    ready = 0;
    return file;
  }

  /** Stops preparing (a chunk being written is finished first) without waiting; the spare stays. */
  synchronized void stop() {
    stopped = true;
    notifyAll();
  }

  /** Stops the thread, waits for it, and deletes a spare that was never taken. */
  void close() {
    Thread t;
    synchronized (this) {
      stop();
      t = thread;
    }
    if (t != null) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // the spare stays; the next open deletes it
      }
    }
    if (t != null) {
      synchronized (this) {
        ready = 0;
        deleteQuietly(); // an untaken spare, or one left half made by stop()
      }
    }
  }

  private void run() {
    while (true) {
      long size;
      synchronized (this) {
        while (!stopped && (wanted == 0 || ready != 0)) {
          try {
            wait();
          } catch (InterruptedException e) {
            return; // nobody interrupts this thread; if someone does, stop preparing
          }
        }
        if (stopped) {
          return;
        }
        size = wanted;
      }
      try {
        if (!fill(size)) {
          return; // stopped halfway: close() deletes the partial file
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "preparing the next write-ahead log segment in " + file
            + " failed (" + e.getMessage() + "); the log preallocates its segments as it writes instead");
        synchronized (this) {
          broken = true;
          wanted = 0;
          deleteQuietly();
        }
        return;
      }
      synchronized (this) {
        wanted = 0;
        ready = size;
        notifyAll();
      }
    }
  }

  /** Creates the spare and fills it with durable zeros; false if stopped before it was complete. */
  private boolean fill(long size) throws IOException {
    try (WritableFile f = fs.create(file)) {
      for (long end = Math.min(size, chunk); ; end = Math.min(size, end + chunk)) {
        synchronized (this) {
          if (stopped) {
            return false;
          }
        }
        f.preallocate(end); // zeros, then fsync: the size change is durable too
        if (end == size) {
          return true;
        }
      }
    }
  }

  // Called with the monitor held. The spare holds only zeros: if it cannot be deleted now, the
  // next open deletes it.
  private void deleteQuietly() {
    try {
      if (fs.exists(file)) {
        fs.delete(file);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not delete " + file + ": " + e.getMessage());
    }
  }
}
