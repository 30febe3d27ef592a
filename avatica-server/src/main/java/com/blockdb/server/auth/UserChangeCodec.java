package com.blockdb.server.auth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Key and value of a users-ledger entry, format 1 (docs/FORMAT.md, "Users"). Key: the ASCII text
 * {@code user:<name>:<version as 10 decimal digits>}, so one user's entries are one key prefix in
 * version order. Value, big-endian:
 *
 * <pre>
 * u8  format             1
 * u8  change kind        {@link ChangeKind#id()}
 * u8  roles              bit 0 ADMIN, 1 WRITER, 2 READER, 3 AUDITOR; other bits 0
 * u8  credential kind    0 none, 1 PBKDF2WithHmacSHA256; then, for 1:
 * u32 iterations         at least 1
 * u8  salt length s      1..255, then s bytes of salt
 * u8  key length h       16..64, then h bytes of derived key
 * </pre>
 *
 * <p>A CREATE carries a credential and any roles; GRANT and REVOKE at least one role and no
 * credential; SET_PASSWORD a credential and no role; DISABLE and ENABLE neither. Decoding refuses
 * anything else, and trailing bytes. The user, actor and time are not in the value: the key and the
 * ledger entry (its principal and commit timestamp) carry them. Stateless.
 */
final class UserChangeCodec {
  /** The only value format so far. */
  static final int FORMAT_1 = 1;
  /** Credential kind: none. */
  static final int NO_CREDENTIAL = 0;
  /** Credential kind: PBKDF2WithHmacSHA256. */
  static final int PBKDF2_SHA256 = 1;
  static final String KEY_PREFIX = "user:";
  private static final int VERSION_DIGITS = 10;

  private UserChangeCodec() {}

  /** The value of a change, without its ledger context (sequence, time, actor). */
  record Value(ChangeKind kind, Set<Role> roles, PasswordHash password) {
    Value {
      roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }
  }

  /** The key of {@code user}'s change number {@code version}. */
  static byte[] key(String user, int version) {
    if (!UserNames.wellFormed(user) || version < 1) {
      throw new IllegalArgumentException("no users-ledger key for user '" + user + "' version " + version);
    }
    return String.format("%s%s:%010d", KEY_PREFIX, user, version).getBytes(StandardCharsets.US_ASCII);
  }

  /** The key prefix of all of {@code user}'s changes. */
  static byte[] userPrefix(String user) {
    return (KEY_PREFIX + user + ":").getBytes(StandardCharsets.US_ASCII);
  }

  /** The key prefix of all changes. */
  static byte[] allPrefix() {
    return KEY_PREFIX.getBytes(StandardCharsets.US_ASCII);
  }

  /** A decoded key. */
  record Key(String user, int version) {}

  /** Decodes a key; throws IllegalArgumentException naming the problem. */
  static Key decodeKey(byte[] key) {
    String s = new String(key, StandardCharsets.US_ASCII);
    int colon = s.lastIndexOf(':');
    if (!s.startsWith(KEY_PREFIX) || colon <= KEY_PREFIX.length()
        || s.length() - colon - 1 != VERSION_DIGITS) {
      throw new IllegalArgumentException("key is not user:<name>:<10 digits>");
    }
    String user = s.substring(KEY_PREFIX.length(), colon);
    if (!UserNames.wellFormed(user)) {
      throw new IllegalArgumentException("key names an invalid user name");
    }
    long version = 0;
    for (int i = colon + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("key's version is not 10 decimal digits");
      }
      version = version * 10 + (c - '0');
    }
    if (version < 1 || version > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("key's version " + version + " is out of range");
    }
    if (!java.util.Arrays.equals(key(user, (int) version), key)) {
      throw new IllegalArgumentException("key is not in canonical form");
    }
    return new Key(user, (int) version);
  }

  /** The value bytes; refuses a value {@link #decodeValue} would refuse. */
  static byte[] encodeValue(Value v) {
    String problem = problem(v.kind(), v.roles(), v.password());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(FORMAT_1);
    out.write(v.kind().id());
    out.write(roleBits(v.roles()));
    if (v.password() == null) {
      out.write(NO_CREDENTIAL);
    } else {
      PasswordHash p = v.password();
      out.write(PBKDF2_SHA256);
      out.writeBytes(ByteBuffer.allocate(4).putInt(p.iterations()).array());
      out.write(p.salt().length);
      out.writeBytes(p.salt());
      out.write(p.hash().length);
      out.writeBytes(p.hash());
    }
    return out.toByteArray();
  }

  /** Decodes a value; throws IllegalArgumentException naming the problem and its byte offset. */
  static Value decodeValue(byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    int format = u8(b, "format");
    if (format != FORMAT_1) {
      throw new IllegalArgumentException("unknown users-entry format " + format + " at offset 0");
    }
    int kindId = u8(b, "change kind");
    ChangeKind kind = ChangeKind.byId(kindId);
    if (kind == null) {
      throw new IllegalArgumentException("unknown change kind " + kindId + " at offset 1");
    }
    int bits = u8(b, "roles");
    Set<Role> roles = roles(bits);
    int credential = u8(b, "credential kind");
    PasswordHash password = null;
    if (credential == PBKDF2_SHA256) {
      if (b.remaining() < 4) {
        throw truncated(b, "iterations");
      }
      int iterations = b.getInt();
      if (iterations < 1) {
        throw new IllegalArgumentException("iteration count " + Integer.toUnsignedString(iterations)
            + " at offset 4 is out of range");
      }
      byte[] salt = bytes(b, "salt", 1, 255);
      byte[] hash = bytes(b, "derived key", 16, 64);
      password = new PasswordHash(iterations, salt, hash);
    } else if (credential != NO_CREDENTIAL) {
      throw new IllegalArgumentException("unknown credential kind " + credential + " at offset 3");
    }
    if (b.hasRemaining()) {
      throw new IllegalArgumentException(b.remaining() + " trailing bytes at offset " + b.position());
    }
    String problem = problem(kind, roles, password);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new Value(kind, roles, password);
  }

  /** Why this combination is not a valid entry, or null. */
  private static String problem(ChangeKind kind, Set<Role> roles, PasswordHash password) {
    if (kind.carriesPassword() != (password != null)) {
      return kind + (password == null ? " needs a password" : " must not carry a password");
    }
    if (!kind.carriesRoles() && !roles.isEmpty()) {
      return kind + " must not name roles";
    }
    if ((kind == ChangeKind.GRANT || kind == ChangeKind.REVOKE) && roles.isEmpty()) {
      return kind + " must name at least one role";
    }
    return null;
  }

  /** The persistent bit of each role (not its ordinal: the enum may be reordered). */
  static int roleBit(Role r) {
    return switch (r) {
      case ADMIN -> 1;
      case WRITER -> 2;
      case READER -> 4;
      case AUDITOR -> 8;
    };
  }

  static int roleBits(Set<Role> roles) {
    int bits = 0;
    for (Role r : roles) {
      bits |= roleBit(r);
    }
    return bits;
  }

  private static Set<Role> roles(int bits) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Role r : Role.values()) {
      if ((bits & roleBit(r)) != 0) {
        roles.add(r);
        bits &= ~roleBit(r);
      }
    }
    if (bits != 0) {
      throw new IllegalArgumentException("unknown role bits 0x" + Integer.toHexString(bits) + " at offset 2");
    }
    return roles;
  }

  private static int u8(ByteBuffer b, String field) {
    if (!b.hasRemaining()) {
      throw truncated(b, field);
    }
    return b.get() & 0xFF;
  }

  private static byte[] bytes(ByteBuffer b, String field, int min, int max) {
    int at = b.position();
    int n = u8(b, field + " length");
    if (n < min || n > max) {
      throw new IllegalArgumentException(field + " length " + n + " at offset " + at
          + " is outside " + min + ".." + max);
    }
    if (b.remaining() < n) {
      throw truncated(b, field);
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  private static IllegalArgumentException truncated(ByteBuffer b, String field) {
    return new IllegalArgumentException("value ends at offset " + b.position() + " inside the " + field);
  }
}
