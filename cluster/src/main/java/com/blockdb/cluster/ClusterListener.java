package com.blockdb.cluster;

import com.blockdb.engine.Replica;

/**
 * Told what a cluster node applies and when the leader it follows changes
 * ({@link ClusterNode#addListener}). What a node caches from its database (the SQL catalog, the
 * users) and the transactions it holds open react to these.
 */
public interface ClusterListener {

  /**
   * A log entry was applied to this node's database. Called on the node's apply thread, before a
   * write or read barrier waiting for this index returns, so it must be quick (set a flag, never
   * block or call the cluster).
   *
   * @param index the log index
   * @param record the entry's commit record (docs/FORMAT.md, "Commit record"); null when a snapshot
   *     from the leader replaced the whole database
   * @param result what applying it did (null with a snapshot)
   */
  default void applied(long index, byte[] record, Replica.ApplyResult result) {}

  /**
   * The leader this node knows changed: {@code newLeaderId} (possibly this node) was elected where
   * {@code previousLeaderId} led (null at the first election this node sees). A leader re-elected
   * after a lost election is not a change. Called on the node's event thread, one call at a time.
   */
  default void leaderChanged(String previousLeaderId, String newLeaderId) {}
}
