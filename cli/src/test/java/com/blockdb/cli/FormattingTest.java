package com.blockdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.VerifyResult;
import org.junit.jupiter.api.Test;

class FormattingTest {
  @Test
  void sizes() {
    assertThat(StatsReport.size(0)).isEqualTo("0 bytes");
    assertThat(StatsReport.size(1)).isEqualTo("1 byte");
    assertThat(StatsReport.size(1023)).isEqualTo("1023 bytes");
    assertThat(StatsReport.size(1024)).isEqualTo("1024 bytes (1 KiB)");
    assertThat(StatsReport.size(1536)).isEqualTo("1536 bytes (1.5 KiB)");
    assertThat(StatsReport.size(64L * 1024 * 1024)).isEqualTo("67108864 bytes (64 MiB)");
    assertThat(StatsReport.size(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE + " bytes (8.0 EiB)");
  }

  @Test
  void verifyFailureNamesWhatTheMessageDoesNot() {
    assertThat(VerifyCommand.failure(
        new VerifyResult(false, 1, 1, 4, "k", "blocks.dat", "block 4: hash chain broken", 1)))
        .isEqualTo("block 4: hash chain broken (key 'k', file blocks.dat)");
    assertThat(VerifyCommand.failure(new VerifyResult(false, 1, 1, -1, null, null, "", 1)))
        .isEqualTo("verification failed");
    assertThat(VerifyCommand.failure(
        new VerifyResult(false, 1, 1, 4, "k", null, "block 42 differs; key k", 1)))
        .isEqualTo("block 42 differs; key k (block 4)");
  }

  @Test
  void progressBar() {
    assertThat(ProgressBar.render(50, 200)).startsWith("[#######-----------------------]  25%")
        .endsWith("50/200");
    assertThat(ProgressBar.render(0, 0)).contains("100%");
  }
}
