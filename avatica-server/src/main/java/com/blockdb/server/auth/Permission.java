package com.blockdb.server.auth;

/** What a request needs to be allowed. */
public enum Permission {
  /** SELECT, GET, stats, health details. */
  READ,
  /** INSERT, CREATE TABLE, PUT, batch. */
  WRITE,
  /** Verify the ledger, digests, proofs. */
  VERIFY,
  /** Online backup. */
  BACKUP,
  /** Create users, grant and revoke roles, reset passwords. */
  MANAGE_USERS,
  /** The cluster API: status, health, adding and removing nodes (docs/CLUSTER.md). */
  MANAGE_CLUSTER
}
