package com.blockdb.server.cluster;

/**
 * The cluster flags of {@code blockdb-server}, each null when not given.
 *
 * @param clusterId {@code --cluster-id}: this node's id (turns cluster mode on)
 * @param peers {@code --peers}: {@code id:host:httpPort[:raftPort],...}
 * @param raftPort {@code --raft-port}: this node's Raft port
 * @param join {@code --join}: start as a new member to be added to a running cluster
 */
public record ClusterFlags(String clusterId, String peers, Integer raftPort, Boolean join) {
  /** No cluster flag given. */
  public static final ClusterFlags NONE = new ClusterFlags(null, null, null, null);
}
