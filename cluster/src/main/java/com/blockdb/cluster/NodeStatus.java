package com.blockdb.cluster;

/**
 * One node as it reports itself (or as unreachable).
 *
 * @param id the node id
 * @param raftAddress its Raft endpoint {@code host:port}
 * @param httpAddress its HTTP endpoint, or null if not known
 * @param reachable false if the node did not answer (the fields below are then unknown: -1 or null)
 * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER
 * @param leaderId the leader it follows, or null if it knows none
 * @param term its current Raft term
 * @param commitIndex the last log index it knows committed
 * @param appliedIndex the last log index it applied
 * @param durableIndex the last log index durable in its data files (replay starts after it)
 * @param lastSequence the sequence of its newest entry
 * @param blockCount blocks in its ledger digest
 * @param digestRoot the root of its ledger digest, hex
 * @param error why it was unreachable, or null
 */
public record NodeStatus(String id, String raftAddress, String httpAddress, boolean reachable, String role,
    String leaderId, long term, long commitIndex, long appliedIndex, long durableIndex, long lastSequence,
    long blockCount, String digestRoot, String error) {

  /** A node that did not answer. */
  static NodeStatus unreachable(PeerAddress p, String error) {
    return new NodeStatus(p.id(), p.raftAddress(), p.httpAddress(), false, null, null, -1, -1, -1, -1, -1, -1,
        null, error);
  }
}
