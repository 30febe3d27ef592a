package com.blockdb.cluster;

import com.blockdb.engine.commit.CommitRecord;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * On the leader, turns the records its clients propose into Raft entries, gathering the COMMIT
 * records that arrive while earlier entries are in flight into one group entry: group commit for
 * the cluster. Each entry costs the leader and every follower the same appends, replication
 * messages, thread handoffs and apply round whatever it holds, and on two cores those, not the
 * disk, bound the cluster; so writers that wait anyway share them. A lone writer's record goes out
 * at once, alone, as before. Other records (PREPARE, DECISION, SEAL) always travel alone.
 *
 * <p>A record's outcome: its {@link RaftCalls.Answer} (the entry's index and its own reply); null if
 * the server was not the ready leader when the entry was submitted (nothing was proposed: use the
 * client); or {@link OutcomeUnknownException} if the entry was submitted and no answer came.
 *
 * <p>Threading: thread-safe. An entry is submitted on the proposing thread when one may be in
 * flight or when its proposal ends a hold, else on {@code completions} once an earlier entry's reply
 * came: never on the Ratis thread that completes the reply (the apply thread), which must not wait
 * on the server's locks.
 */
final class ProposalBatcher {

  /**
   * Entries in flight at once: the next group fills while this one commits. One, not two: on two
   * cores an entry's cost, not its latency, bounds the cluster, and larger groups pay it less
   * often (8 writers on three in-process nodes: 7,400-8,900 writes/s with one, 4,800-8,300 with two).
   */
  static final int MAX_IN_FLIGHT = 1;
  /** Bounds of a group: no group entry is larger than a large single write. */
  static final int MAX_RECORDS = 512;
  static final int MAX_BYTES = 1 << 20;

  /** Submits one entry (a record, or a group of them) to the leader's own server. */
  interface Submitter {
    CompletableFuture<RaftClientReply> submit(byte[] entry) throws IOException;
  }

  private record Pending(byte[] record, CompletableFuture<RaftCalls.Answer> done) {}

  private final Submitter submitter;
  private final java.util.concurrent.Executor completions;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by this
  private int inFlight; // guarded by this

  // The hold (see holdForCohort). All guarded by this, except what only the completions thread uses.
  private int holdTarget; // > 0 while the next entry waits for the last one's writers
  private Thread holder; // the completions thread parked in a hold
  private long holdEndedAt; // when a returning writer last ended a hold (System.nanoTime)
  private double cohortScore = 1.0; // completions thread only
  private int entriesSinceProbe; // completions thread only
  private final long holdMaxNanos; // the longest a hold waits (HOLD_MAX_NANOS but in tests)
  private long cohortNanos; // completions thread only: how long cohorts took to return
  private final java.util.concurrent.atomic.AtomicLong entries = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong records = new java.util.concurrent.atomic.AtomicLong();

  /** Longest a hold waits for a cohort to return. */
  static final long HOLD_MAX_NANOS = 1_000_000;
  /** Entries between two holds tried while holds have been timing out. */
  static final int HOLD_PROBE_ENTRIES = 64;
  /**
   * Whether answered entries hold the next one ({@link #holdForCohort}); the JVM property
   * {@code blockdb.cluster.noCohortHold=true} turns it off, for comparisons (docs/CLUSTER.md).
   */
  static final boolean HOLD = !Boolean.getBoolean("blockdb.cluster.noCohortHold");

  ProposalBatcher(Submitter submitter, java.util.concurrent.Executor completions) {
    this(submitter, completions, HOLD_MAX_NANOS);
  }

  /** With another bound on a hold (tests use a long one, so that no hold times out under them). */
  ProposalBatcher(Submitter submitter, java.util.concurrent.Executor completions, long holdMaxNanos) {
    this.submitter = submitter;
    this.completions = completions;
    this.holdMaxNanos = holdMaxNanos;
    this.cohortNanos = holdMaxNanos / 4;
  }

  /** Proposes a record; the future completes as the class comment says. */
  CompletableFuture<RaftCalls.Answer> propose(byte[] record) {
    Pending p = new Pending(record, new CompletableFuture<>());
    List<Pending> next;
    Thread wake = null;
    synchronized (this) {
      queue.add(p);
      if (holdTarget > 0) {
        next = null;
        if (queue.size() >= holdTarget) {
          // The cohort is back: this writer ends the hold and sends the entry itself, so that it
          // does not wait for the parked proposer thread to be scheduled (on two busy cores, tens
          // of microseconds of every round); the proposer is woken only to go back to its queue.
          holdTarget = 0;
          holdEndedAt = System.nanoTime();
          wake = holder;
          holder = null;
          inFlight--;
          next = takeIfFree();
        }
      } else {
        next = takeIfFree();
      }
    }
    send(next);
    if (wake != null) {
      java.util.concurrent.locks.LockSupport.unpark(wake);
    }
    return p.done;
  }

  /** The next entry's records if fewer than MAX_IN_FLIGHT are in flight, else null; holds the lock. */
  private List<Pending> takeIfFree() {
    if (queue.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
      return null;
    }
    List<Pending> out = new ArrayList<>();
    Pending first = queue.poll();
    out.add(first);
    if (isCommit(first.record)) {
      long bytes = first.record.length;
      while (!queue.isEmpty() && out.size() < MAX_RECORDS && isCommit(queue.peek().record)
          && bytes + queue.peek().record.length <= MAX_BYTES) {
        Pending p = queue.poll();
        bytes += p.record.length;
        out.add(p);
      }
    }
    inFlight++;
    entries.incrementAndGet();
    records.addAndGet(out.size());
    return out;
  }

  /** Whether the next entry is being held for the last one's writers (tests wait for it). */
  synchronized boolean holding() {
    return holdTarget > 0;
  }

  /** Raft entries proposed so far, and the records they carried (records ÷ entries: the group size). */
  long entries() {
    return entries.get();
  }

  long records() {
    return records.get();
  }

  private static boolean isCommit(byte[] record) {
    return record.length > 0 && record[0] == CommitRecord.COMMIT;
  }

  private void send(List<Pending> entry) {
    while (entry != null) {
      CompletableFuture<RaftClientReply> reply;
      try {
        byte[] bytes;
        if (entry.size() == 1) {
          bytes = entry.get(0).record;
        } else {
          List<byte[]> records = new ArrayList<>(entry.size());
          for (Pending p : entry) {
            records.add(p.record);
          }
          bytes = ClusterMessages.group(records);
        }
        reply = submitter.submit(bytes);
      } catch (IOException | RuntimeException e) {
        reply = CompletableFuture.failedFuture(e);
      }
      List<Pending> sent = entry;
      if (!reply.isDone()) {
        reply.whenCompleteAsync((r, e) -> {
          complete(sent, r, e);
          boolean success = e == null && r != null && r.isSuccess();
          send(success ? holdForCohort(sent.size()) : release());
        }, completions);
        return;
      }
      // Completed at once (refused, or failed): settle it here rather than recurse.
      complete(sent, reply.getNow(null), reply.isCompletedExceptionally() ? exceptionOf(reply) : null);
      synchronized (this) {
        inFlight--;
        entry = takeIfFree();
      }
    }
  }

  /** Ends an entry's flight without a hold; returns the next entry's records, if any. */
  private synchronized List<Pending> release() {
    inFlight--;
    return takeIfFree();
  }

  /**
   * After an entry's writers got their answers, on the completions thread: waits a little for them to
   * come back before the next entry goes out, and returns that entry's records.
   *
   * <p>Why: with one entry in flight, writers that arrive during a flight go out together in the
   * next entry, and the writers just answered come back during that one. Eight closed-loop writers
   * then split into two alternating groups of about four, each writer waits for two entries per
   * write, and every entry costs all three nodes the same appends, messages and thread handoffs. A
   * remote writer's turnaround (answer, next request, SQL) is shorter than an entry's flight, so
   * holding the next entry until the answered writers have proposed again (or for about twice the
   * time that usually takes, at most {@link #HOLD_MAX_NANOS}) sends one group of eight per flight.
   * An entry answered to one writer with nothing queued is not followed by a hold, so a lone
   * writer's entries go out as it proposes (unless its next record was queued before this ran: it
   * then waits out one hold, as it cannot be told from another writer's).
   *
   * <p>The hold parks the completions thread (the node's proposer thread), which has nothing else
   * to do meanwhile: with one entry in flight, no other reply can come. The writer whose proposal
   * completes the cohort sends the entry itself ({@link #propose}); the parked thread sends it only
   * when the hold times out. Returns the records to send now, or null if a writer sent them.
   *
   * <p>Writers that do not come straight back (think time, an open loop) make the holds time out:
   * as in the engine's group commit, a score of completed holds turns holding off while most time
   * out, and one entry in {@link #HOLD_PROBE_ENTRIES} tries again.
   */
  private List<Pending> holdForCohort(int answered) {
    boolean probe = ++entriesSinceProbe >= HOLD_PROBE_ENTRIES;
    if (!HOLD || (cohortScore < 0.5 && !probe)) {
      return release();
    }
    entriesSinceProbe = 0;
    long start = System.nanoTime();
    long deadline = start + Math.min(holdMaxNanos, 2 * cohortNanos + 50_000);
    synchronized (this) {
      int target = Math.min(MAX_RECORDS, queue.size() + answered);
      if (answered <= 1 && queue.isEmpty() || queue.size() >= target) {
        inFlight--;
        return takeIfFree();
      }
      holdTarget = target;
      holder = Thread.currentThread();
    }
    boolean reached;
    List<Pending> next = null;
    long took;
    while (true) {
      synchronized (this) {
        if (holdTarget == 0) { // a returning writer ended the hold and sent the entry (see propose)
          reached = true;
          took = holdEndedAt - start;
          break;
        }
        if (System.nanoTime() - deadline >= 0) {
          holdTarget = 0;
          holder = null;
          reached = false;
          took = System.nanoTime() - start;
          inFlight--;
          next = takeIfFree();
          break;
        }
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Math.max(1_000, deadline - System.nanoTime()));
    }
    cohortScore = 0.9 * cohortScore + (reached ? 0.1 : 0);
    if (reached) {
      cohortNanos = (7 * cohortNanos + took) / 8;
    }
    return next;
  }

  private static Throwable exceptionOf(CompletableFuture<?> f) {
    try {
      f.join();
      return null;
    } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
      return e.getCause() != null ? e.getCause() : e;
    }
  }

  /** Hands each record of an entry its outcome. */
  private static void complete(List<Pending> entry, RaftClientReply reply, Throwable error) {
    if (error != null || reply == null) {
      Throwable cause = error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
          ? c.getCause() : error;
      for (Pending p : entry) {
        p.done.completeExceptionally(new OutcomeUnknownException("a write was proposed but failed without an"
            + " answer (" + cause + "): it may or may not be committed; read before retrying", cause));
      }
      return;
    }
    if (reply.isSuccess()) {
      List<Message> replies;
      try {
        replies = entry.size() == 1 ? List.of(reply.getMessage()) : ClusterMessages.replies(reply.getMessage());
      } catch (RuntimeException e) {
        replies = null;
      }
      for (int i = 0; i < entry.size(); i++) {
        if (replies == null || replies.size() != entry.size()) {
          entry.get(i).done.completeExceptionally(new OutcomeUnknownException("a write was committed at log index "
              + reply.getLogIndex() + " but its reply could not be read: read before retrying", null));
        } else {
          entry.get(i).done.complete(new RaftCalls.Answer(reply.getLogIndex(), replies.get(i)));
        }
      }
      return;
    }
    if (reply.getLeaderNotReadyException() != null) {
      for (Pending p : entry) {
        p.done.complete(null); // refused before it was appended: nothing was proposed
      }
      return;
    }
    for (Pending p : entry) {
      p.done.completeExceptionally(new OutcomeUnknownException("a write got no result from the cluster ("
          + reply.getException() + "): it may or may not be committed; read before retrying", reply.getException()));
    }
  }
}
