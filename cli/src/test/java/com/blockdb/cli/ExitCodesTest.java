package com.blockdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Tables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
  @Test
  void documentedCodesAreDistinct() {
    List<Integer> codes = List.of(ExitCodes.OK, ExitCodes.VERIFY_FAILED, ExitCodes.USAGE,
        ExitCodes.NOT_FOUND, ExitCodes.DUPLICATE_KEY, ExitCodes.DIRECTORY_UNAVAILABLE,
        ExitCodes.STORAGE_ERROR, ExitCodes.CONFLICT, ExitCodes.SERVER_ERROR, ExitCodes.INTERNAL_ERROR);
    assertThat(codes).doesNotHaveDuplicates().containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 70);
  }

  @Test
  void everyEngineErrorCodeMapsToAFailure() {
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(ExitCodes.of(c)).as(c.name()).isGreaterThan(1);
      assertThat(ExitCodes.atOpen(c)).as(c.name()).isGreaterThan(1);
    }
  }

  @Test
  void engineErrorCodes() {
    assertThat(ExitCodes.of(ErrorCode.DUPLICATE_KEY)).isEqualTo(4);
    assertThat(ExitCodes.of(ErrorCode.NOT_FOUND)).isEqualTo(3);
    assertThat(ExitCodes.of(ErrorCode.INVALID_ARGUMENT)).isEqualTo(2);
    assertThat(ExitCodes.of(ErrorCode.DIRECTORY_IN_USE)).isEqualTo(5);
    assertThat(ExitCodes.of(ErrorCode.CORRUPTION)).isEqualTo(6);
    assertThat(ExitCodes.of(ErrorCode.IO_ERROR)).isEqualTo(6);
    assertThat(ExitCodes.of(ErrorCode.READ_ONLY)).isEqualTo(6);
    assertThat(ExitCodes.of(ErrorCode.UNSUPPORTED_FORMAT)).isEqualTo(6);
  }

  @Test
  void anIoErrorWhileOpeningMeansTheDirectoryIsUnusable() {
    assertThat(ExitCodes.atOpen(ErrorCode.IO_ERROR)).isEqualTo(5);
    assertThat(ExitCodes.atOpen(ErrorCode.DIRECTORY_IN_USE)).isEqualTo(5);
    assertThat(ExitCodes.atOpen(ErrorCode.CORRUPTION)).isEqualTo(6);
    assertThat(ExitCodes.atOpen(ErrorCode.INVALID_ARGUMENT)).isEqualTo(2);
  }

  @Test
  void exceptions() {
    assertThat(ExitCodes.of(new DuplicateKeyException(Tables.KV, new byte[] {1}))).isEqualTo(4);
    assertThat(ExitCodes.of(new CorruptionException(Path.of("x.sst"), 12, "bad crc"))).isEqualTo(6);
    assertThat(ExitCodes.of(new BlockDbException(ErrorCode.DIRECTORY_IN_USE, "in use"))).isEqualTo(5);
    assertThat(ExitCodes.of(new CliException(3, "key 'k' not found"))).isEqualTo(3);
    assertThat(ExitCodes.of(new java.io.UncheckedIOException(new java.io.IOException("disk")))).isEqualTo(6);
    assertThat(ExitCodes.of(new NullPointerException())).isEqualTo(70);
  }
}
