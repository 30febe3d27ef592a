package com.blockdb.server.auth;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A user as of one point of the ledger: the fold of its changes up to there. Immutable.
 *
 * @param user the name
 * @param version how many changes made it (the version of the last one)
 * @param roles the roles held now
 * @param enabled false after a DISABLE until an ENABLE
 * @param password the current password's hash
 * @param sessionEpoch sequence of the last change that ended the user's sessions (CREATE, REVOKE,
 *     SET_PASSWORD, DISABLE): tokens and cached password checks from before it are void
 * @param lastSequence sequence of the last change
 */
public record UserState(String user, int version, Set<Role> roles, boolean enabled,
    PasswordHash password, long sessionEpoch, long lastSequence) {

  public UserState {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** The principal this user acts as. */
  public Principal principal() {
    return new Principal(user, roles);
  }

  /**
   * The state after {@code changes} (one user's, in version order), or null for none.
   *
   * @throws IllegalArgumentException if they do not form a history: the first is not a CREATE, a
   *     later one is, versions are not 1, 2, 3..., or a change names another user
   */
  public static UserState fold(List<UserChange> changes) {
    UserState s = null;
    for (UserChange c : changes) {
      s = apply(s, c);
    }
    return s;
  }

  /** {@code s} (null before the user exists) after {@code c}; see {@link #fold} for the rules. */
  public static UserState apply(UserState s, UserChange c) {
    if (s == null) {
      if (c.kind() != ChangeKind.CREATE || c.version() != 1) {
        throw new IllegalArgumentException("user '" + c.user() + "' begins with " + c.kind()
            + " version " + c.version() + " instead of CREATE version 1");
      }
      return new UserState(c.user(), 1, c.roles(), true, c.password(), c.sequence(), c.sequence());
    }
    if (!c.user().equals(s.user)) {
      throw new IllegalArgumentException("a change of user '" + c.user() + "' in the history of '" + s.user + "'");
    }
    if (c.version() != s.version + 1) {
      throw new IllegalArgumentException("user '" + s.user + "' version " + c.version()
          + " follows version " + s.version);
    }
    Set<Role> roles = s.roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(s.roles);
    boolean enabled = s.enabled;
    PasswordHash password = s.password;
    switch (c.kind()) {
      case CREATE -> throw new IllegalArgumentException("user '" + s.user + "' created again at version " + c.version());
      case GRANT -> roles.addAll(c.roles());
      case REVOKE -> roles.removeAll(c.roles());
      case SET_PASSWORD -> password = c.password();
      case DISABLE -> enabled = false;
      case ENABLE -> enabled = true;
      default -> throw new IllegalArgumentException("unknown change " + c.kind());
    }
    long epoch = c.kind().endsSessions() ? c.sequence() : s.sessionEpoch;
    return new UserState(s.user, c.version(), roles, enabled, password, epoch, c.sequence());
  }
}
