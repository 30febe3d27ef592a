package com.blockdb.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The users-ledger entry format, byte for byte as docs/FORMAT.md "Users" gives it. */
class UserChangeCodecTest {
  private static final byte[] SALT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
  /** PBKDF2-HMAC-SHA256("correct horse battery", SALT, 210000, 32), computed with Python's hashlib. */
  private static final String HASH = "770db2b558e8154abb8b8acab2fcd51a5957e86d5a125661ff8baeb5ece8c1eb";

  @Test
  void pbkdf2IsTheStandardOneOfTheCanonicalUtf8Form() {
    assertThat(HexFormat.of().formatHex(PasswordHash.pbkdf2("correct horse battery", SALT, 210_000, 32)))
        .isEqualTo(HASH);
    // "pässwörd-ß": Python's hashlib on the NFC form as UTF-8; the decomposed spelling is the same password.
    String expected = "561ec5ed5a71710e95494e89abb8df7f4fdf5342e5b27441b5dfcb11bae94136";
    assertThat(HexFormat.of().formatHex(PasswordHash.pbkdf2("p\u00e4ssw\u00f6rd-\u00df", SALT, 1000, 32)))
        .isEqualTo(expected);
    assertThat(HexFormat.of().formatHex(PasswordHash.pbkdf2("pa\u0308sswo\u0308rd-\u00df", SALT, 1000, 32)))
        .isEqualTo(expected);
  }

  @Test
  void createEntryHasTheDocumentedBytes() {
    PasswordHash p = new PasswordHash(210_000, SALT, HexFormat.of().parseHex(HASH));
    byte[] value = UserChangeCodec.encodeValue(
        new UserChangeCodec.Value(ChangeKind.CREATE, EnumSet.of(Role.WRITER, Role.READER), p));
    assertThat(HexFormat.of().formatHex(value)).isEqualTo("01" + "01" + "06" + "01" + "00033450" + "10"
        + "000102030405060708090a0b0c0d0e0f" + "20" + HASH);
    assertThat(UserChangeCodec.decodeValue(value))
        .isEqualTo(new UserChangeCodec.Value(ChangeKind.CREATE, Set.of(Role.WRITER, Role.READER), p));
    assertThat(new String(UserChangeCodec.key("alice", 1), StandardCharsets.US_ASCII))
        .isEqualTo("user:alice:0000000001");
  }

  @Test
  void otherKindsHaveTheDocumentedBytes() {
    assertThat(hex(new UserChangeCodec.Value(ChangeKind.GRANT, Set.of(Role.ADMIN, Role.AUDITOR), null)))
        .isEqualTo("0102" + "09" + "00");
    assertThat(hex(new UserChangeCodec.Value(ChangeKind.REVOKE, Set.of(Role.WRITER), null))).isEqualTo("01030200");
    assertThat(hex(new UserChangeCodec.Value(ChangeKind.DISABLE, Set.of(), null))).isEqualTo("01050000");
    assertThat(hex(new UserChangeCodec.Value(ChangeKind.ENABLE, Set.of(), null))).isEqualTo("01060000");
  }

  @Test
  void keysRoundTripAndSortByVersion() {
    UserChangeCodec.Key k = UserChangeCodec.decodeKey(UserChangeCodec.key("a.b-c@d_e", 1234567890));
    assertThat(k).isEqualTo(new UserChangeCodec.Key("a.b-c@d_e", 1234567890));
    assertThat(Bytes.compare(UserChangeCodec.key("bob", 9), UserChangeCodec.key("bob", 10))).isNegative();
    for (String bad : new String[] {"user:bob:1", "user::0000000001", "user:b:b:0000000001",
        "user:bob:000000000x", "user:bob:0000000000", "user:bob:9999999999", "usr:bob:0000000001"}) {
      assertThatThrownBy(() -> UserChangeCodec.decodeKey(bad.getBytes(StandardCharsets.US_ASCII)))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void decodingRefusesEverythingElse() {
    String[] bad = {
        "", "02010000", "01070000", "01000000", "01021000", "01020002", // format, kind, kind 0, role bits, credential kind
        "010200", "0102010000", // truncated, trailing byte
        "01020000", "01030000", // GRANT and REVOKE without roles
        "01050100", "01040100" + "00000001" + "01aa" + "10" + "00".repeat(16), // DISABLE with a role, SET_PASSWORD with a role
        "01010000", "01040000", // CREATE and SET_PASSWORD without a credential
        "01020101" + "00000001" + "01aa" + "10" + "00".repeat(16), // GRANT with a credential
        "01040001" + "00000000" + "01aa" + "10" + "00".repeat(16), // zero iterations
        "01040001" + "00000001" + "00" + "10" + "00".repeat(16), // empty salt
        "01040001" + "00000001" + "01aa" + "0f" + "00".repeat(15), // derived key too short
        "01040001" + "00000001" + "01aa" + "10" + "00".repeat(15), // truncated key
    };
    for (String h : bad) {
      assertThatThrownBy(() -> UserChangeCodec.decodeValue(HexFormat.of().parseHex(h)))
          .as(h).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(UserChangeCodec.decodeValue(HexFormat.of().parseHex("01040001" + "00000001" + "01aa" + "10"
        + "00".repeat(16))).kind()).isEqualTo(ChangeKind.SET_PASSWORD);
  }

  @Test
  void passwordHashesNeverPrintTheirBytes() {
    PasswordHash p = new PasswordHash(5, SALT, HexFormat.of().parseHex(HASH));
    assertThat(p.toString()).isEqualTo("PBKDF2WithHmacSHA256(5 iterations)");
    assertThat(p.matches("correct horse battery")).isFalse(); // 5 iterations, not 210,000
    PasswordHash real = new PasswordHash(210_000, SALT, HexFormat.of().parseHex(HASH));
    assertThat(real.matches("correct horse battery")).isTrue();
    assertThat(real.matches("correct horse batterY")).isFalse();
  }

  private static String hex(UserChangeCodec.Value v) {
    return HexFormat.of().formatHex(UserChangeCodec.encodeValue(v));
  }
}
