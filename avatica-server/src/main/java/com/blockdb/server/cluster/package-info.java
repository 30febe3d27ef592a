/**
 * A server as one node of a cluster (docs/CLUSTER.md): its settings ({@code --cluster-id},
 * {@code --peers}, {@code [cluster]}; {@link com.blockdb.server.cluster.ClusterSettingsResolver}),
 * the node under the server's database ({@link com.blockdb.server.cluster.ClusterRuntime}) and the
 * cluster API on the HTTP port ({@link com.blockdb.server.cluster.ClusterEndpoint}).
 */
package com.blockdb.server.cluster;
