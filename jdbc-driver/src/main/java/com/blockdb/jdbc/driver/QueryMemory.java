package com.blockdb.jdbc.driver;

/**
 * What one statement's execution is estimated to hold in the heap, for the {@link MemoryGuard}: the
 * most the execution's threads allocated between two consecutive rows it delivered (measured over
 * windows of {@value #WINDOW_ROWS} rows, with the JVM's per-thread allocation counter).
 *
 * <p>Why this measure: a streaming query (a scan, a filter, a nested loop over a small inner side)
 * allocates a little per row and drops it, so its windows stay small however many rows it reads;
 * a sort, an aggregate or a hash join consumes all of its input before it delivers its first row,
 * so the window that contains that work is about as large as what it keeps. Allocation since the
 * execution began would instead blame a long export for the garbage it has long since dropped.
 *
 * <p>The execution may move between threads (a server fetches its rows in later requests on other
 * threads): {@link #attach} on the thread of each request measures from there on, and a statement
 * that attaches to a thread ends the open window of whichever statement last used it, so idle
 * statements are not charged for what others allocate.
 *
 * <p>Thread-safety: {@link #start}, {@link #attach}, {@link #row} and {@link #stop} run on the
 * statement's thread of the moment; {@link #held} on the guard's thread. The open window is one
 * immutable object, so the guard never pairs one thread's counter with another's mark; the numbers
 * are estimates and races only make them a little stale.
 */
final class QueryMemory {
  /** Rows delivered per measuring window: a counter read per {@value} rows costs nothing visible. */
  static final int WINDOW_ROWS = 64;

  /** The thread an execution runs on now and its allocation counter when the window opened. */
  private record Window(Thread thread, long mark) { }

  private final StatementControl owner;
  private volatile Window window; // null: not on any thread now
  private volatile long peak; // the largest closed window of this execution
  private int rows; // rows delivered in the open window (statement thread only)

  QueryMemory(StatementControl owner) {
    this.owner = owner;
  }

  StatementControl owner() {
    return owner;
  }

  /** An execution begins on the current thread: the measure starts from zero. */
  void start() {
    peak = 0;
    attach();
    MemoryGuard.get().register(this);
  }

  /** The execution goes on on the current thread (a server's next request for its rows). */
  void attach() {
    MemoryGuard guard = MemoryGuard.get();
    long now = guard.allocatedHere();
    if (now < 0) {
      return; // the JVM counts no allocations: nothing to measure
    }
    Thread here = Thread.currentThread();
    Window open = window;
    if (open != null && open.thread() == here) {
      return; // already measured here: keep the window (the work in it is this statement's)
    }
    closeWindow(open);
    QueryMemory previous = guard.claim(this);
    if (previous != null && previous != this) {
      previous.leave(here, now);
    }
    rows = 0;
    window = new Window(here, now);
  }

  /** Another statement took {@code thread}: the window open on it (if still) ends at {@code now}. */
  private void leave(Thread thread, long now) {
    Window open = window;
    if (open != null && open.thread() == thread) {
      window = null;
      keep(now - open.mark());
    }
  }

  private void closeWindow(Window open) {
    if (open != null) {
      keep(MemoryGuard.get().allocatedBy(open.thread()) - open.mark());
      window = null;
    }
  }

  private void keep(long bytes) {
    if (bytes > peak) {
      peak = bytes;
    }
  }

  /** A row was delivered on the current thread. */
  void row() {
    if (++rows < WINDOW_ROWS) {
      return;
    }
    rows = 0;
    Window open = window;
    if (open == null || open.thread() != Thread.currentThread()) {
      attach(); // rows read on another thread than the execution began on
      return;
    }
    long now = MemoryGuard.get().allocatedHere();
    keep(now - open.mark());
    window = new Window(open.thread(), now);
  }

  /** The execution is over: the guard forgets it. */
  void stop() {
    window = null;
    MemoryGuard.get().unregister(this);
  }

  /** The estimate: the largest window so far, the open one included. */
  long held() {
    long most = peak;
    Window open = window;
    if (open != null) {
      long now = MemoryGuard.get().allocatedBy(open.thread());
      if (now >= 0 && now - open.mark() > most) {
        most = now - open.mark();
      }
    }
    return most;
  }
}
