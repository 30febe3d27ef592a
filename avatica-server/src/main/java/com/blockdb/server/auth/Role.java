package com.blockdb.server.auth;

import java.util.EnumSet;
import java.util.Set;

/** A role a user holds; each grants a fixed set of permissions. */
public enum Role {
  /** Everything, user management and backup included. */
  ADMIN(EnumSet.allOf(Permission.class)),
  /** Reads and writes rows. */
  WRITER(EnumSet.of(Permission.READ, Permission.WRITE)),
  /** Reads rows. */
  READER(EnumSet.of(Permission.READ)),
  /** Reads rows and the ledger, verifies it, takes digests and proofs; never writes. */
  AUDITOR(EnumSet.of(Permission.READ, Permission.VERIFY));

  private final Set<Permission> permissions;

  Role(Set<Permission> permissions) {
    this.permissions = permissions;
  }

  public boolean grants(Permission p) {
    return permissions.contains(p);
  }
}
