package com.blockdb.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * What a BASIC header and a password come to: the user and password split at the first colon, in
 * ASCII and beyond it, and the one canonical form (NFC, UTF-8) that is hashed and cached.
 */
class CredentialsTest {
  private static String basic(byte[] userColonPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userColonPassword);
  }

  @Test
  void basicCredentialsSplitAtTheFirstColonInAsciiAndBeyond() {
    assertThat(Credentials.parse(basic("alice:se:cret".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo(new Credentials.Basic("alice", "se:cret"));
    assertThat(Credentials.parse("  basic " + Base64.getEncoder().encodeToString(
        "jürgen:pässwörd ✓".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(new Credentials.Basic("jürgen", "pässwörd ✓"));
  }

  @Test
  void basicCredentialsThatAreNotUtf8OrHaveNoUserAreRefused() {
    assertThatThrownBy(() -> Credentials.parse(basic(new byte[] {'a', ':', (byte) 0xc3, '('})))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("not UTF-8");
    assertThatThrownBy(() -> Credentials.parse(basic("no colon".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("user:password");
    assertThatThrownBy(() -> Credentials.parse(basic(":pw".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("empty user name");
  }

  @Test
  void aPasswordsCanonicalBytesAreTheUtf8OfItsNfcForm() {
    assertThat(Passwords.canonicalBytes("plain-ascii-1")).isEqualTo("plain-ascii-1".getBytes(StandardCharsets.US_ASCII));
    byte[] composed = Passwords.canonicalBytes("caf\u00e9-latte");
    assertThat(Passwords.canonicalBytes("cafe\u0301-latte")).isEqualTo(composed)
        .isEqualTo("caf\u00e9-latte".getBytes(StandardCharsets.UTF_8));
    assertThat(Passwords.canonicalBytes("x".repeat(Passwords.MAX_BYTES))).hasSize(Passwords.MAX_BYTES);
    assertThat(Passwords.canonicalBytes("x".repeat(Passwords.MAX_BYTES + 1))).isNull();
    assertThat(Passwords.canonicalBytes("\u00e9".repeat(Passwords.MAX_BYTES / 2 + 1))).isNull();
    assertThat(Passwords.canonicalBytes("lone \ud800 surrogate")).isNull();
  }
}
