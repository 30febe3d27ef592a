package com.blockdb.cluster;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

/**
 * The node's calls into the Raft group through Ratis clients, each bounded by a deadline. Writes
 * use a client that retries (through leader changes: the servers' retry caches make a retried
 * request apply once); probes use one that does not. Clients follow the current membership: one is
 * rebuilt when the set of members changes.
 *
 * <p>Threading: thread-safe; each call runs on a pooled thread so that the caller's wait is bounded
 * however the client behaves.
 */
final class RaftCalls implements AutoCloseable {

  /** A successful reply: the log index of the entry and the state machine's answer. */
  record Answer(long logIndex, Message message) {}

  private final RaftGroupId groupId;
  private final Parameters parameters; // TLS, if the Raft port uses it
  private final ClusterConfig config;
  private final Supplier<Collection<RaftPeer>> peers;
  private final Supplier<RaftPeerId> leaderHint;
  private final ExecutorService pool;
  private final List<RaftClient> retired = new ArrayList<>();
  private Set<String> clientPeers; // guarded by this
  private RaftClient writer; // guarded by this
  private RaftClient prober; // guarded by this
  /** Names this node's own requests to its own server in Ratis's retry cache (with a fresh call id each). */
  private final ClientId localClient = ClientId.randomId();
  private final AtomicLong localCallIds = new AtomicLong();

  RaftCalls(RaftGroupId groupId, ClusterConfig config, Parameters parameters, Supplier<Collection<RaftPeer>> peers,
      Supplier<RaftPeerId> leaderHint) {
    this.parameters = parameters;
    this.groupId = groupId;
    this.config = config;
    this.peers = peers;
    this.leaderHint = leaderHint;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "blockdb-cluster-call-" + config.self().id() + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Proposes a record; throws {@link OutcomeUnknownException} if no successful answer came in time. */
  Answer write(byte[] record, String what) {
    Message m = Message.valueOf(ByteString.copyFrom(record));
    RaftClientReply reply;
    try {
      reply = call(() -> client(false).io().send(m), config.writeTimeout().toMillis());
    } catch (TimeoutException e) {
      throw new OutcomeUnknownException(what + " was proposed but no answer came within the write timeout of "
          + config.writeTimeout().toMillis() + " ms (the leader failed or lost its quorum): it may or may not be"
          + " committed; read before retrying", e);
    } catch (IOException e) {
      throw new OutcomeUnknownException(what + " was proposed but failed without an answer (" + e.getMessage()
          + "): it may or may not be committed; read before retrying", e);
    }
    if (!reply.isSuccess()) {
      throw new OutcomeUnknownException(what + " got no result from the cluster (" + reply.getException()
          + "): it may or may not be committed; read before retrying", reply.getException());
    }
    return new Answer(reply.getLogIndex(), reply.getMessage());
  }

  /**
   * Submits an entry to this node's own Raft server, without a client: no gRPC call to itself and
   * no pool thread. Only a ready leader accepts it; its reply then comes once the entry is
   * committed and applied here. A reply with {@code getLeaderNotReadyException()} set means nothing
   * was appended.
   *
   * @throws IOException if the server refused the request outright
   */
  java.util.concurrent.CompletableFuture<RaftClientReply> submitLocal(RaftServer server, RaftPeerId self,
      byte[] entry) throws IOException {
    RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(localClient).setServerId(self)
        .setGroupId(groupId).setCallId(localCallIds.incrementAndGet())
        .setMessage(Message.valueOf(ByteString.copyFrom(entry))).setType(RaftClientRequest.writeRequestType())
        .build();
    return submitDirect(server, request);
  }

  /**
   * Hands a request straight to the group's division when it takes client requests itself (Ratis
   * 3.2's does). The server's own entry point passes each request to its client pool and blocks
   * until that pool's thread has appended it: two thread handoffs more. On the leader under 8
   * writers, that made the submit about 130 µs (median) instead of about 60, and an entry reached
   * its apply about 690 µs after it was submitted instead of about 640 (BENCHMARKS.md, "Where a
   * cluster round goes"). The caller is a writer's thread or the proposer's, which may wait on the
   * division's lock; never Ratis's apply thread (see ProposalBatcher).
   */
  private java.util.concurrent.CompletableFuture<RaftClientReply> submitDirect(RaftServer server,
      RaftClientRequest request) throws IOException {
    RaftServer.Division division = server.getDivision(groupId);
    if (division instanceof org.apache.ratis.protocol.RaftClientAsynchronousProtocol direct) {
      return direct.submitClientRequestAsync(request);
    }
    return server.submitClientRequestAsync(request);
  }

  /**
   * A linearizable read barrier on this node's own server (Raft read index: a follower asks the
   * leader), without a client; retried while the cluster is between leaders, until the write
   * timeout. Throws {@link NoQuorumException}.
   */
  void readIndexLocal(RaftServer server, RaftPeerId self) {
    long timeout = config.writeTimeout().toMillis();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    Object last = null;
    while (true) {
      RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(localClient).setServerId(self)
          .setGroupId(groupId).setCallId(localCallIds.incrementAndGet())
          .setMessage(ClusterMessages.query(ClusterMessages.BARRIER)).setType(RaftClientRequest.readRequestType())
          .build();
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        RaftClientReply r = submitDirect(server, request).get(Math.max(1, left), TimeUnit.MILLISECONDS);
        if (r.isSuccess()) {
          return;
        }
        last = r.getException();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NoQuorumException("node " + config.self().id() + " was interrupted while confirming a"
            + " linearizable read; nothing was read or written");
      } catch (TimeoutException e) {
        last = "no answer";
      } catch (IOException | ExecutionException | RuntimeException e) {
        last = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new NoQuorumException("node " + config.self().id() + " could not confirm a linearizable read with the"
            + " leader within " + timeout + " ms (the write timeout; last: " + last + "): no quorum, so nothing was"
            + " read or written");
      }
      try {
        Thread.sleep(20); // between leaders: a new one is elected within an election timeout or two
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NoQuorumException("node " + config.self().id() + " was interrupted while confirming a"
            + " linearizable read; nothing was read or written");
      }
    }
  }

  /** Asks one node for its own status. */
  NodeStatus status(RaftPeerId server, long timeoutMillis) {
    try {
      RaftClientReply r = call(() -> client(true).io().sendStaleRead(ClusterMessages.query(ClusterMessages.STATUS), 0,
          server), timeoutMillis);
      if (!r.isSuccess()) {
        throw new BlockDbException(ErrorCode.IO_ERROR, String.valueOf(r.getException()));
      }
      return ClusterMessages.statusOf(r.getMessage());
    } catch (TimeoutException e) {
      throw new BlockDbException(ErrorCode.IO_ERROR, "no answer within " + timeoutMillis + " ms");
    } catch (IOException e) {
      throw new BlockDbException(ErrorCode.IO_ERROR, e.getMessage(), e);
    }
  }

  /** A membership change through the leader (the List overload: the array one throws in Ratis 3.2.0). */
  void setConfiguration(List<RaftPeer> members, String what) {
    long timeout = 6 * config.writeTimeout().toMillis(); // a new member first catches up
    RaftClientReply r;
    try {
      r = call(() -> client(false).admin().setConfiguration(members), timeout);
    } catch (TimeoutException | IOException e) {
      throw new OutcomeUnknownException(what + " did not finish within " + timeout + " ms (" + e.getMessage()
          + "); it may still complete: check the cluster status", e);
    }
    if (!r.isSuccess()) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, what + " was refused: " + r.getException());
    }
  }

  /** Runs a task on the pool, not waiting for it. */
  void background(Runnable task) {
    pool.execute(task);
  }

  /** Runs a client call on the pool and waits at most {@code timeoutMillis}. */
  private <T> T call(Callable<T> c, long timeoutMillis) throws TimeoutException, IOException {
    Future<T> f;
    try {
      f = pool.submit(c);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new IOException("cluster node " + config.self().id() + " is closing", e);
    }
    try {
      return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw e;
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      // Anything else, unchecked ones included, is the client failing: Ratis 3.2.0's gRPC client
      // throws a NullPointerException when its proxy to a server is closed under it in a leader
      // change. To the caller it is a call that failed without an answer, never a bug of its own.
      throw new IOException("the Raft client failed: " + cause, cause);
    }
  }

  /** The client for the current membership (rebuilt when it changes). */
  private synchronized RaftClient client(boolean probe) {
    Collection<RaftPeer> now = peers.get();
    Set<String> key = new TreeSet<>();
    for (RaftPeer p : now) {
      key.add(p.getId() + "@" + p.getAddress());
    }
    if (!key.equals(clientPeers)) {
      // Older clients may still be in use by calls in flight: close them with the node.
      if (writer != null) {
        retired.add(writer);
        retired.add(prober);
      }
      RaftGroup group = RaftGroup.valueOf(groupId, now);
      writer = build(group, false);
      prober = build(group, true);
      clientPeers = key;
    }
    return probe ? prober : writer;
  }

  private RaftClient build(RaftGroup group, boolean probe) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    long attemptMillis = probe ? 2_000 : Math.max(3_000, 2 * config.electionTimeout().toMillis());
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(attemptMillis, TimeUnit.MILLISECONDS));
    long sleep = 100;
    RetryPolicy retry = probe ? RetryPolicies.noRetry()
        : RetryPolicies.retryUpToMaximumCountWithFixedSleep((int) Math.max(10, config.writeTimeout().toMillis() / sleep),
            TimeDuration.valueOf(sleep, TimeUnit.MILLISECONDS));
    RaftClient.Builder b = RaftClient.newBuilder().setProperties(p).setParameters(parameters).setRaftGroup(group)
        .setRetryPolicy(retry);
    RaftPeerId leader = leaderHint.get();
    if (leader != null) {
      b.setLeaderId(leader);
    }
    return b.build();
  }

  @Override
  public synchronized void close() {
    pool.shutdownNow();
    List<RaftClient> all = new ArrayList<>(retired);
    if (writer != null) {
      all.add(writer);
      all.add(prober);
    }
    for (RaftClient c : all) {
      try {
        c.close();
      } catch (IOException | RuntimeException ignored) {
        // closing: nothing left to do with it
      }
    }
  }
}
