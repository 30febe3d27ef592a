package com.blockdb.cluster;

/** How current a read on a cluster node is. */
public enum ReadConsistency {
  /**
   * Linearizable (the default): the node confirms with the leader (Raft read index) that it has
   * applied everything committed before the read began, so the read sees every write acknowledged
   * before it, on any node. Costs one round trip to the leader.
   */
  LINEARIZABLE,
  /**
   * Local: the node reads what it has applied, without asking the leader. Faster, and possible
   * without a quorum, but a follower may lag: a write acknowledged elsewhere may not be visible yet.
   */
  LOCAL
}
