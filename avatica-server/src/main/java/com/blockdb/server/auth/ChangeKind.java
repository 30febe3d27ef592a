package com.blockdb.server.auth;

/**
 * What one entry of the users ledger does to a user. The ids are persistent (they are the second
 * byte of the entry, docs/FORMAT.md "Users"); a retired id is never reused.
 */
public enum ChangeKind {
  /** The user's first entry: name, initial roles and password. */
  CREATE(1),
  /** Adds roles. */
  GRANT(2),
  /** Removes roles; ends the user's bearer tokens and cached passwords. */
  REVOKE(3),
  /** Replaces the password; ends the user's bearer tokens and cached passwords. */
  SET_PASSWORD(4),
  /** Refuses the user from now on; ends the user's bearer tokens and cached passwords. */
  DISABLE(5),
  /** Lets a disabled user in again (with the password and roles it had). */
  ENABLE(6);

  private final int id;

  ChangeKind(int id) {
    this.id = id;
  }

  /** The persistent id. */
  public int id() {
    return id;
  }

  /** The kind with persistent id {@code id}, or null if no kind has it. */
  public static ChangeKind byId(int id) {
    for (ChangeKind k : values()) {
      if (k.id == id) {
        return k;
      }
    }
    return null;
  }

  /** Whether the entry carries a password (CREATE and SET_PASSWORD do, the others never). */
  public boolean carriesPassword() {
    return this == CREATE || this == SET_PASSWORD;
  }

  /** Whether the entry names roles (GRANT and REVOKE must; CREATE may; the others never). */
  public boolean carriesRoles() {
    return this == CREATE || this == GRANT || this == REVOKE;
  }

  /** Whether applying it ends the user's sessions: tokens and cached password checks. */
  public boolean endsSessions() {
    return this == CREATE || this == REVOKE || this == SET_PASSWORD || this == DISABLE;
  }
}
