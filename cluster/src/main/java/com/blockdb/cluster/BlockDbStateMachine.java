package com.blockdb.cluster;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.Replica;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;

/**
 * Applies the committed Raft log, in log order, to the node's database: each state machine entry is
 * an engine commit record, handed to {@link Replica#apply} with its log index. The Raft log is the
 * database's write-ahead log; the database's applied index (its manifest's flushed index) is where
 * replay starts after a restart, and the database skips indexes it already holds, so replay is
 * idempotent.
 *
 * <p>Snapshots are the database's flushed state ({@link SnapshotStore}): taking one flushes the
 * memtable and checkpoints the files; installing one (a follower too far behind) replaces the
 * database directory with the snapshot's files and reopens it.
 *
 * <p>Threading: Ratis calls {@code applyTransaction}, {@code takeSnapshot} and {@code reinitialize}
 * on its one apply thread; {@code query} and {@link #awaitApplied} on any thread.
 */
final class BlockDbStateMachine extends BaseStateMachine {

  private static final System.Logger LOG = System.getLogger(BlockDbStateMachine.class.getName());

  private final Path engineDir;
  private final Options options;
  private final PeerAddress self;
  private final SnapshotStore storage = new SnapshotStore();
  private final Object applied = new Object(); // notified at every applied index
  private volatile BlockDb db;
  private final ClusterListener events; // the node's listeners

  BlockDbStateMachine(Path engineDir, Options options, PeerAddress self, ClusterListener events) {
    this.engineDir = engineDir;
    this.options = options;
    this.self = self;
    this.events = events;
  }

  /** The node's database now (a snapshot install replaces it). */
  BlockDb engine() {
    BlockDb d = db;
    if (d == null) {
      throw new BlockDbException(ErrorCode.CLOSED, "the node's database is not open");
    }
    return d;
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    getLifeCycle().startAndTransition(() -> {
      storage.init(raftStorage);
      openEngine();
    }, IOException.class);
  }

  /**
   * Opens the database; if it holds less than the latest snapshot (a new node, or an install that
   * stopped half-way), rebuilds it from the snapshot first. Raft then applies the log from the
   * snapshot's index on; what the database already holds is skipped.
   */
  private void openEngine() throws IOException {
    SnapshotStore.deleteTree(sibling(".restore"));
    SnapshotStore.deleteTree(sibling(".old"));
    SnapshotInfo s = storage.getLatestSnapshot();
    BlockDb opened = BlockDb.open(engineDir, options);
    if (s != null && opened.replica().appliedIndex() < s.getIndex()) {
      opened.close();
      restore(s);
      opened = BlockDb.open(engineDir, options);
    }
    db = opened;
    setLastAppliedTermIndex(s == null ? TermIndex.INITIAL_VALUE : s.getTermIndex());
    LOG.log(System.Logger.Level.INFO, "node " + self.id() + ": database open at log index "
        + opened.replica().appliedIndex() + (s == null ? ", no snapshot" : ", snapshot " + s.getTermIndex()));
  }

  private Path sibling(String suffix) {
    return engineDir.resolveSibling(engineDir.getFileName() + suffix);
  }

  /**
   * Replaces the database directory with a snapshot's files: copied into {@code engine.restore},
   * then swapped in by two renames (a crash between them leaves no {@code engine}, and the next open
   * restores again). SSTables are hard-linked (never written again); the block file and manifest are
   * copied, since the database appends to and replaces them.
   */
  private void restore(SnapshotInfo s) throws IOException {
    Path snapshot = storage.dirOf(s.getTerm(), s.getIndex());
    Path restore = sibling(".restore");
    for (Path f : SnapshotStore.engineFiles(snapshot)) {
      Path to = restore.resolve(snapshot.relativize(f).toString());
      Files.createDirectories(to.getParent());
      if (f.getFileName().toString().endsWith(".sst")) {
        try {
          Files.createLink(to, f);
          continue;
        } catch (IOException | UnsupportedOperationException e) {
          // another file system: copy
        }
      }
      Files.copy(f, to);
    }
    Path old = sibling(".old");
    if (Files.exists(engineDir)) {
      Files.move(engineDir, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(restore, engineDir, StandardCopyOption.ATOMIC_MOVE);
    SnapshotStore.syncDirectory(engineDir.getParent());
    SnapshotStore.deleteTree(old);
    LOG.log(System.Logger.Level.INFO, "node " + self.id() + ": database restored from snapshot " + s.getTermIndex());
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    byte[] record = entry.getStateMachineLogEntry().getLogData().toByteArray();
    if (ClusterMessages.isGroup(record)) {
      return CompletableFuture.completedFuture(applyGroup(entry, record));
    }
    // Thrown, not returned as a failed future: Ratis then stops this server instead of moving on
    // past an entry this replica could not apply.
    Replica.ApplyResult r = engine().replica().apply(entry.getIndex(), record);
    if (!r.skipped()) {
      events.applied(entry.getIndex(), record, r); // before a waiter on this index can go on
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    signalApplied();
    return CompletableFuture.completedFuture(ClusterMessages.reply(r));
  }

  /** Applies a group entry's records at its index, together; one reply per record. */
  private Message applyGroup(LogEntryProto entry, byte[] group) {
    List<byte[]> records;
    try {
      records = ClusterMessages.records(group);
    } catch (IllegalArgumentException e) {
      // As a record that is not one: refused alike on every node, and still applied.
      records = List.of(group);
    }
    List<Replica.ApplyResult> results = engine().replica().applyAll(entry.getIndex(), records);
    for (int i = 0; i < records.size(); i++) {
      if (!results.get(i).skipped()) {
        events.applied(entry.getIndex(), records.get(i), results.get(i));
      }
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    signalApplied();
    return ClusterMessages.groupReply(results);
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    events.leaderChanged(null, newLeaderId.toString()); // the node tracks the previous leader
  }

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index); // configuration and leader entries
    signalApplied();
  }

  private void signalApplied() {
    synchronized (applied) {
      applied.notifyAll();
    }
  }

  /** Waits until the log index is applied here; false if the time ran out first. */
  boolean awaitApplied(long index, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (applied) {
      while (getLastAppliedTermIndex().getIndex() < index) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        applied.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    return true;
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      byte op = ClusterMessages.op(request);
      if (op == ClusterMessages.BARRIER) {
        return CompletableFuture.completedFuture(ClusterMessages.longReply(engine().lastSequence()));
      }
      if (op == ClusterMessages.STATUS) {
        return CompletableFuture.completedFuture(ClusterMessages.status(localStatus()));
      }
      return CompletableFuture.failedFuture(new IllegalArgumentException("unknown query " + op));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** This node as it sees itself. */
  NodeStatus localStatus() {
    RaftServer.Division d = division();
    DivisionInfo info = d.getInfo();
    BlockDb e = engine();
    Digest digest = e.digest();
    return new NodeStatus(self.id(), self.raftAddress(), self.httpAddress(), true, info.getCurrentRole().name(),
        info.getLeaderId() == null ? null : info.getLeaderId().toString(), info.getCurrentTerm(),
        d.getRaftLog().getLastCommittedIndex(), getLastAppliedTermIndex().getIndex(), e.replica().appliedIndex(),
        e.lastSequence(), digest.blockCount(), HexFormat.of().formatHex(digest.root()), null);
  }

  private RaftServer.Division division() {
    try {
      return getServer().join().getDivision(getGroupId());
    } catch (IOException e) {
      throw new BlockDbException(ErrorCode.CLOSED, "the Raft group is not running here: " + e.getMessage(), e);
    }
  }

  /**
   * Flushes the memtable (at the next block boundary, so what is pending now may wait for the next
   * snapshot), checkpoints the database and publishes it as the snapshot at the database's applied
   * index. Ratis may then purge the log up to that index.
   */
  @Override
  public long takeSnapshot() throws IOException {
    BlockDb e = engine();
    e.flush();
    SnapshotInfo last = storage.getLatestSnapshot();
    long lastIndex = last == null ? RaftLog.INVALID_LOG_INDEX : last.getIndex();
    if (e.replica().appliedIndex() <= Math.max(0, lastIndex)) { // 0: nothing flushed yet
      return lastIndex;
    }
    Path tmp = storage.newTempDir();
    Replica.Checkpoint cp = e.replica().checkpoint(tmp);
    TermIndex ti = division().getRaftLog().getTermIndex(cp.appliedIndex());
    if (ti == null) {
      SnapshotStore.deleteTree(tmp);
      LOG.log(System.Logger.Level.WARNING, "node " + self.id() + ": no snapshot at index " + cp.appliedIndex()
          + ": the Raft log no longer holds its term");
      return lastIndex;
    }
    storage.publish(tmp, ti.getTerm(), ti.getIndex());
    LOG.log(System.Logger.Level.INFO, "node " + self.id() + ": snapshot " + ti + " (" + cp.files().size() + " files)");
    return ti.getIndex();
  }

  /** Before a snapshot install; Ratis calls it for every chunk received, so only the first pauses. */
  @Override
  public void pause() {
    if (getLifeCycle().compareAndTransition(LifeCycle.State.RUNNING, LifeCycle.State.PAUSING)) {
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** After Ratis installed a snapshot from the leader: rebuild the database from it. */
  @Override
  public void reinitialize() throws IOException {
    closeEngine();
    storage.reload();
    getLifeCycle().startAndTransition(this::openEngine, IOException.class);
    events.applied(getLastAppliedTermIndex().getIndex(), null, null); // the whole database was replaced
  }

  private void closeEngine() {
    BlockDb d = db;
    db = null;
    if (d != null) {
      d.close();
    }
  }

  @Override
  public void close() {
    getLifeCycle().checkStateAndClose(this::closeEngine);
    signalApplied();
  }
}
