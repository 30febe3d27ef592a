package com.blockdb.engine.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.util.Checksums;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest codec: versions 2 and 3 round-trip, version 1 files still open, and replay starts where it must. */
class ManifestTest {

  private static final Path FILE = Path.of("MANIFEST");

  @Test
  void version2RoundTripsWithTheOldestPreparedIndex() {
    Manifest m = new Manifest(120, 900, 37, 12, List.of(new Manifest.TableMeta(10, 4096, 50),
        new Manifest.TableMeta(11, 8192, 70)));
    byte[] bytes = m.encode();
    assertThat(bytes).hasSize(8 + 4 + 8 + 8 + 8 + 8 + 4 + 2 * 24 + 4);
    assertThat(ByteBuffer.wrap(bytes, 8, 4).getInt()).as("version").isEqualTo(2);
    assertThat(ByteBuffer.wrap(bytes).getLong(28)).as("oldest prepared index at offset 28").isEqualTo(37);
    assertThat(Manifest.decode(bytes, FILE)).isEqualTo(m);
  }

  @Test
  void version1FilesStillOpenWithNoPrepareInDoubt() {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + 8 + 8 + 8 + 4 + 24 + 4);
    b.put(Manifest.MAGIC).putInt(1).putLong(55).putLong(400).putLong(9).putInt(1).putLong(8).putLong(1000).putLong(400);
    b.putInt(Checksums.crc32c(b.array(), 0, b.position()));
    Manifest m = Manifest.decode(b.array(), FILE);
    assertThat(m).isEqualTo(new Manifest(55, 400, 0, 9, List.of(new Manifest.TableMeta(8, 1000, 400))));
    assertThat(m.replayAfter()).isEqualTo(55);
  }

  @Test
  void version3RoundTripsWithTheTransactionsInDoubt() {
    Manifest m = new Manifest(120, 900, 0, 12, List.of(new Manifest.TableMeta(10, 4096, 50)),
        List.of(new Manifest.InDoubt(101, new byte[] {3, 1, 2}), new Manifest.InDoubt(115, new byte[0])));
    byte[] bytes = m.encode();
    assertThat(ByteBuffer.wrap(bytes, 8, 4).getInt()).as("version").isEqualTo(3);
    assertThat(bytes).hasSize(8 + 4 + 8 + 8 + 8 + 8 + 4 + 24 + 4 + (12 + 3) + 12 + 4);
    Manifest back = Manifest.decode(bytes, FILE);
    assertThat(back).isEqualTo(m);
    assertThat(back.replicated()).isTrue();
    assertThat(back.replayAfter()).as("a replicated store replays from its flushed index").isEqualTo(120);
    assertThat(Manifest.decode(new Manifest(0, 0, 0, 1, List.of(), List.of()).encode(), FILE).inDoubt()).isEmpty();

    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 5); // the last record runs past the end
    ByteBuffer.wrap(cut).putInt(cut.length - 4, Checksums.crc32c(cut, 0, cut.length - 4));
    assertThatThrownBy(() -> Manifest.decode(cut, FILE)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void replayStartsAtTheOldestPrepareInDoubt() {
    assertThat(new Manifest(120, 900, 0, 1, List.of()).replayAfter()).isEqualTo(120);
    assertThat(new Manifest(120, 900, 37, 1, List.of()).replayAfter()).isEqualTo(36);
    assertThat(new Manifest(120, 900, 120, 1, List.of()).replayAfter()).isEqualTo(119);
    assertThatThrownBy(() -> new Manifest(120, 900, 121, 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void damagedOrUnknownManifestsAreRefused() {
    byte[] good = new Manifest(3, 3, 2, 4, List.of()).encode();
    byte[] flipped = good.clone();
    flipped[30] ^= 1;
    assertThatThrownBy(() -> Manifest.decode(flipped, FILE)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("checksum");

    byte[] v4 = good.clone();
    ByteBuffer.wrap(v4).putInt(8, 4);
    ByteBuffer.wrap(v4).putInt(v4.length - 4, Checksums.crc32c(v4, 0, v4.length - 4));
    assertThatThrownBy(() -> Manifest.decode(v4, FILE)).isInstanceOf(BlockDbException.class)
        .matches(e -> ((BlockDbException) e).code() == ErrorCode.UNSUPPORTED_FORMAT);

    byte[] beyond = good.clone();
    ByteBuffer.wrap(beyond).putLong(28, 4); // a prepare past the flushed index 3
    ByteBuffer.wrap(beyond).putInt(beyond.length - 4, Checksums.crc32c(beyond, 0, beyond.length - 4));
    assertThatThrownBy(() -> Manifest.decode(beyond, FILE)).isInstanceOf(CorruptionException.class);

    byte[] asV1 = good.clone();
    ByteBuffer.wrap(asV1).putInt(8, 1); // version 1 with version 2's length: the table count cannot match
    ByteBuffer.wrap(asV1).putInt(asV1.length - 4, Checksums.crc32c(asV1, 0, asV1.length - 4));
    assertThatThrownBy(() -> Manifest.decode(asV1, FILE)).isInstanceOf(CorruptionException.class);
  }
}
