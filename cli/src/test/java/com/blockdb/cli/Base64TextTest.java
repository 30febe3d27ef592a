package com.blockdb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Base64TextTest {
  @Test
  void roundTripsEveryByte() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    assertThat(Base64Text.decode(Base64Text.encode(all), "VALUE")).isEqualTo(all);
  }

  @Test
  void acceptsWhatTheBase64ToolPrints() {
    // `echo "binary content" | base64` ends with a newline, and long output is wrapped.
    assertThat(Base64Text.decode("YmluYXJ5IGNvbnRlbnQK\n", "VALUE"))
        .isEqualTo("binary content\n".getBytes(StandardCharsets.UTF_8));
    assertThat(Base64Text.decode("YmluYXJ5\nIGNvbnRlbnQK", "VALUE"))
        .isEqualTo("binary content\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsMissingPaddingAndTheUrlSafeAlphabet() {
    assertThat(Base64Text.decode("ZGF0YQ", "KEY")).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
    assertThat(Base64Text.decode("-_8", "KEY")).isEqualTo(new byte[] {(byte) 0xfb, (byte) 0xff});
    assertThat(Base64Text.decode("+/8=", "KEY")).isEqualTo(new byte[] {(byte) 0xfb, (byte) 0xff});
  }

  @Test
  void rejectsWhatIsNotBase64NamingTheArgument() {
    assertInvalid("ab*d", "KEY", "illegal character '*' at position 3");
    assertInvalid("ZGF0YQ=x", "VALUE", "padding");
    assertInvalid("abcde", "VALUE", "length 5");
    assertInvalid("+-ab", "KEY", "mixes");
    assertInvalid("user:1001", "KEY", "':'");
  }

  private static void assertInvalid(String text, String what, String reason) {
    assertThatThrownBy(() -> Base64Text.decode(text, what))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageStartingWith("invalid base64 in " + what + ": ")
        .hasMessageContaining(reason);
  }
}
