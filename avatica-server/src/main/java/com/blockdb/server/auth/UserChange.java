package com.blockdb.server.auth;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * One committed entry of the users ledger: who changed which user how, at which ledger position and
 * time. The user's state is the fold of its changes in version order ({@link UserState#fold}).
 *
 * @param sequence the entry's ledger sequence number (its position among all entries)
 * @param time the commit time of the entry
 * @param actor the principal that wrote it: the acting admin, the user itself (own password), or
 *     {@value LedgerAuthenticator#BOOTSTRAP_ACTOR} for the first admin
 * @param user the user changed
 * @param version the user's version this change makes, dense from 1 (the CREATE)
 * @param kind what the change does
 * @param roles roles created with, granted or revoked (empty for the other kinds)
 * @param password the new password's hash (CREATE and SET_PASSWORD), else null
 */
public record UserChange(long sequence, Instant time, String actor, String user, int version,
    ChangeKind kind, Set<Role> roles, PasswordHash password) {

  public UserChange {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** Whether this change set a password. */
  public boolean setsPassword() {
    return password != null;
  }
}
