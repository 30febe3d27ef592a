package com.blockdb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineSplitterTest {
  @Test
  void splitsOnWhitespace() {
    assertThat(LineSplitter.split("  get   user:1003 \t")).containsExactly("get", "user:1003");
    assertThat(LineSplitter.split("")).isEmpty();
    assertThat(LineSplitter.split("   ")).isEmpty();
  }

  @Test
  void doubleQuotesKeepSpaces() {
    assertThat(LineSplitter.split("put user:1003 \"Alice Johnson\""))
        .containsExactly("put", "user:1003", "Alice Johnson");
    assertThat(LineSplitter.split("put k \"say \\\"hi\\\" \\\\ \\n\""))
        .containsExactly("put", "k", "say \"hi\" \\ \\n");
  }

  @Test
  void singleQuotesAreLiteral() {
    assertThat(LineSplitter.split("put k 'a \"b\" \\c'")).containsExactly("put", "k", "a \"b\" \\c");
  }

  @Test
  void backslashEscapesOutsideQuotesAndPartsJoin() {
    assertThat(LineSplitter.split("put a\\ b x\"y z\"'w'")).containsExactly("put", "a b", "xy zw");
  }

  @Test
  void emptyQuotesAreAnEmptyArgument() {
    assertThat(LineSplitter.split("put k \"\"")).containsExactly("put", "k", "");
    assertThat(LineSplitter.split("put k ''")).containsExactly("put", "k", "");
  }

  @Test
  void keepsNonAsciiText() {
    assertThat(LineSplitter.split("put name \"Zoë Ünal ✓\"")).containsExactly("put", "name", "Zoë Ünal ✓");
  }

  @Test
  void unterminatedQuotesAreErrors() {
    assertThatThrownBy(() -> LineSplitter.split("put k \"open")).hasMessageContaining("double quote");
    assertThatThrownBy(() -> LineSplitter.split("put k 'open")).hasMessageContaining("single quote");
    assertThatThrownBy(() -> LineSplitter.split("put k \\")).hasMessageContaining("backslash");
  }
}
