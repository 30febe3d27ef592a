package com.blockdb.server.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** What an {@code Authorization} header presents: a BASIC user and password, or a bearer token. */
sealed interface Credentials {

  /** RFC 7617 BASIC credentials. */
  record Basic(String user, String password) implements Credentials {
    /** Never shows the password. */
    @Override
    public String toString() {
      return "Basic[user=" + user + "]";
    }
  }

  /** An RFC 6750 bearer token. */
  record Bearer(String token) implements Credentials {
    /** Never shows the token. */
    @Override
    public String toString() {
      return "Bearer[...]";
    }
  }

  /**
   * The credentials of {@code header}, or null when it is null or blank (no credentials sent).
   *
   * @throws AuthenticationException 401 naming what is wrong: an unknown scheme, base64 that does
   *     not decode, decoded bytes that are not UTF-8, or no {@code :} between user and password
   */
  static Credentials parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.strip();
    int space = h.indexOf(' ');
    String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
    String rest = space < 0 ? "" : h.substring(space + 1).strip();
    switch (scheme) {
      case "basic" -> {
        return basic(rest);
      }
      case "bearer" -> {
        if (rest.isEmpty()) {
          throw new AuthenticationException(401, "malformed Authorization header: Bearer without a token");
        }
        return new Bearer(rest);
      }
      default -> throw new AuthenticationException(401, "unsupported Authorization scheme '"
          + UserNames.printable(space < 0 ? h : h.substring(0, space)) + "': use Basic or Bearer");
    }
  }

  private static Basic basic(String encoded) {
    if (encoded.isEmpty()) {
      throw new AuthenticationException(401, "malformed Authorization header: Basic without credentials");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException(401,
          "malformed Authorization header: Basic credentials are not valid base64");
    }
    // ASCII, the usual case, is valid UTF-8 as it is: no decoder needed to check it.
    String decoded = isAscii(raw) ? new String(raw, StandardCharsets.US_ASCII) : strictUtf8(raw);
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new AuthenticationException(401,
          "malformed Authorization header: Basic credentials must be base64 of user:password");
    }
    if (colon == 0) {
      throw new AuthenticationException(401, "malformed Authorization header: empty user name");
    }
    return new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  private static boolean isAscii(byte[] b) {
    for (byte x : b) {
      if (x < 0) {
        return false;
      }
    }
    return true;
  }

  private static String strictUtf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new AuthenticationException(401,
          "malformed Authorization header: Basic credentials are not UTF-8");
    }
  }

  /** The value of a BASIC header for {@code user} and {@code password} (for clients and tests). */
  static String basicHeader(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
