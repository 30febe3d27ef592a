package com.blockdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.Replica;
import com.blockdb.engine.commit.CommitRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's group commit, without Ratis: records that arrive while an entry is in flight share
 * the next entry; after an entry is answered the next one is held for the writers just answered,
 * and the writer whose record completes that cohort sends the entry on its own thread; a hold
 * nobody completes ends on the proposer thread, which sends what has come.
 */
class ProposalBatcherTest {

  /** One call of the submitter: the thread it ran on, the entry, and the reply the test completes. */
  private record Submitted(String thread, byte[] entry, CompletableFuture<RaftClientReply> reply) {}

  private final List<Submitted> submitted = new ArrayList<>();
  private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> new Thread(r, "completions"));
  private final ProposalBatcher.Submitter submitter = entry -> {
    CompletableFuture<RaftClientReply> reply = new CompletableFuture<>();
    synchronized (submitted) {
      submitted.add(new Submitted(Thread.currentThread().getName(), entry, reply));
      submitted.notifyAll();
    }
    return reply;
  };
  /** Holds for as long as the production bound allows (1 ms): for the hold that times out. */
  private final ProposalBatcher batcher = new ProposalBatcher(submitter, completions);
  /** Holds for up to a minute: a hold the test completes, however slowly the machine runs it. */
  private final ProposalBatcher patient = new ProposalBatcher(submitter, completions, TimeUnit.MINUTES.toNanos(1));

  @AfterEach
  void stop() {
    completions.shutdownNow();
  }

  @Test
  void theWriterThatCompletesTheCohortSendsTheHeldEntryItself() throws Exception {
    String writer = Thread.currentThread().getName();
    CompletableFuture<RaftCalls.Answer> first = patient.propose(commit(1));
    CompletableFuture<RaftCalls.Answer> second = patient.propose(commit(2)); // the first is in flight
    CompletableFuture<RaftCalls.Answer> third = patient.propose(commit(3));
    assertThat(awaitSubmitted(1)).hasSize(1);
    assertThat(submitted.get(0).thread()).isEqualTo(writer); // nothing in flight: sent as proposed
    assertThat(submitted.get(0).entry()).isEqualTo(commit(1));

    submitted.get(0).reply().complete(reply(10, ClusterMessages.reply(result(10))));
    assertThat(first.get(5, TimeUnit.SECONDS).logIndex()).isEqualTo(10);
    // The first entry's writer is answered: the next entry (records 2 and 3) waits for it.
    awaitHolding(patient);
    assertThat(submitted).hasSize(1);

    CompletableFuture<RaftCalls.Answer> fourth = patient.propose(commit(4)); // the cohort is back
    List<Submitted> all = awaitSubmitted(2);
    assertThat(all.get(1).thread()).isEqualTo(writer);
    assertThat(ClusterMessages.records(all.get(1).entry())).containsExactly(commit(2), commit(3), commit(4));
    assertThat(patient.holding()).isFalse();
    assertThat(patient.entries()).isEqualTo(2);
    assertThat(patient.records()).isEqualTo(4);

    all.get(1).reply().complete(reply(11, ClusterMessages.groupReply(List.of(result(11), result(11), result(11)))));
    for (CompletableFuture<RaftCalls.Answer> f : List.of(second, third, fourth)) {
      assertThat(f.get(5, TimeUnit.SECONDS).logIndex()).isEqualTo(11);
    }
  }

  @Test
  void aHoldNobodyCompletesEndsOnTheProposerThread() throws Exception {
    CompletableFuture<RaftCalls.Answer> first = batcher.propose(commit(1));
    CompletableFuture<RaftCalls.Answer> second = batcher.propose(commit(2));
    awaitSubmitted(1).get(0).reply().complete(reply(5, ClusterMessages.reply(result(5))));
    assertThat(first.get(5, TimeUnit.SECONDS).logIndex()).isEqualTo(5);
    // The first writer never comes back: within the hold's bound the proposer sends record 2 alone.
    List<Submitted> all = awaitSubmitted(2);
    assertThat(all.get(1).thread()).isEqualTo("completions");
    assertThat(all.get(1).entry()).isEqualTo(commit(2));
    all.get(1).reply().complete(reply(6, ClusterMessages.reply(result(6))));
    assertThat(second.get(5, TimeUnit.SECONDS).logIndex()).isEqualTo(6);
  }

  @Test
  void aLoneWritersRecordsEachGoOutAloneAndAreAnswered() throws Exception {
    for (int i = 0; i < 5; i++) {
      CompletableFuture<RaftCalls.Answer> f = batcher.propose(commit(i));
      Submitted s = awaitSubmitted(i + 1).get(i);
      assertThat(s.entry()).isEqualTo(commit(i));
      s.reply().complete(reply(i, ClusterMessages.reply(result(i))));
      assertThat(f.get(5, TimeUnit.SECONDS).logIndex()).isEqualTo(i);
    }
    assertThat(batcher.entries()).isEqualTo(5);
    assertThat(batcher.records()).isEqualTo(5);
  }

  /** A stand-in COMMIT record: only its first byte (the type) matters to the batcher. */
  private static byte[] commit(int n) {
    return new byte[] {CommitRecord.COMMIT, (byte) n};
  }

  private static Replica.ApplyResult result(long index) {
    return new Replica.ApplyResult(index, index, false, null);
  }

  private static RaftClientReply reply(long index, Message message) {
    return RaftClientReply.newBuilder().setClientId(ClientId.randomId()).setServerId(RaftPeerId.valueOf("n1"))
        .setGroupId(RaftGroupId.randomId()).setCallId(index).setLogIndex(index).setSuccess(true)
        .setMessage(message).build();
  }

  private List<Submitted> awaitSubmitted(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    synchronized (submitted) {
      while (submitted.size() < n && System.nanoTime() < deadline) {
        submitted.wait(10);
      }
      return new ArrayList<>(submitted);
    }
  }

  private static void awaitHolding(ProposalBatcher b) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!b.holding() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(b.holding()).as("the batcher holds the next entry").isTrue();
  }
}
