/** BlockDB cluster: Raft replication of the commit log on Apache Ratis. */
package com.blockdb.cluster;
