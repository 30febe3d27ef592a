package com.blockdb.server.auth;

import java.util.regex.Pattern;

/**
 * What a user name may be: 1 to 64 of {@code A-Z a-z 0-9 . _ @ -}, starting with a letter or digit,
 * case-sensitive. The set keeps names safe in ledger keys (no {@code :}), in HTTP BASIC (which
 * cannot carry {@code :} in a user id) and in URL paths, and keeps them apart from the reserved
 * principals {@value LedgerAuthenticator#ANONYMOUS} and {@value LedgerAuthenticator#BOOTSTRAP_ACTOR}.
 */
final class UserNames {
  static final int MAX_LENGTH = 64;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private UserNames() {}

  /** Whether {@code name} has the form of a user name (reserved names included). */
  static boolean wellFormed(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Why {@code name} may not be given to a new user, or null if it may. */
  static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "a user name is required";
    }
    if (!wellFormed(name)) {
      return "user name '" + printable(name) + "' is not 1 to " + MAX_LENGTH
          + " of the characters A-Z a-z 0-9 . _ @ - starting with a letter or digit";
    }
    if (name.equals(LedgerAuthenticator.ANONYMOUS)) {
      return "user name '" + name + "' is reserved for unauthenticated requests";
    }
    return null;
  }

  /** {@code s} cut to a readable length with control characters shown as '?', for messages. */
  static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    StringBuilder b = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
