package com.blockdb.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.io.WritableFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The crash model of the fault-injecting layer: what survives, what may, and what never does. */
class FaultInjectingFileLayerTest {

  static final Path DIR = FaultInjectingFileLayer.ROOT.resolve("d");

  static ByteBuffer bytes(int from, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (from + i);
    }
    return ByteBuffer.wrap(b);
  }

  @Test
  void syncedBytesSurviveAndUnsyncedOnesAreATornSuffix() throws IOException {
    Set<Integer> lengths = new HashSet<>();
    boolean sawGarbage = false;
    for (long seed = 0; seed < 300; seed++) {
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(seed);
      fs.createDirectories(DIR);
      Path f = DIR.resolve("f");
      WritableFile w = fs.create(f);
      w.append(bytes(0, 100));
      w.sync();
      fs.syncDirectory(DIR);
      w.append(bytes(100, 100));
      fs.crash();
      byte[] after = fs.readFile(f);
      assertThat(after.length).isBetween(100, 200);
      assertThat(Arrays.copyOf(after, 100)).isEqualTo(bytes(0, 100).array()); // never touched
      byte[] expected = bytes(0, 200).array();
      int firstDifference = Arrays.mismatch(after, Arrays.copyOf(expected, after.length));
      if (firstDifference >= 0) {
        // Past the first changed byte, nothing of the original survives: zeros or every byte altered.
        boolean zeros = true;
        boolean allAltered = true;
        for (int i = firstDifference; i < after.length; i++) {
          zeros &= after[i] == 0;
          allAltered &= after[i] != expected[i];
        }
        assertThat(zeros || allAltered).isTrue();
        sawGarbage |= !zeros;
      }
      lengths.add(after.length);
      assertThatThrownBy(() -> w.append(bytes(0, 1))).isInstanceOf(IOException.class);
    }
    assertThat(lengths).contains(100, 200).hasSizeGreaterThan(20);
    assertThat(sawGarbage).isTrue();
  }

  @Test
  void crashOutcomeIsDeterminedBySeed() throws IOException {
    byte[][] outcomes = new byte[2][];
    for (int run = 0; run < 2; run++) {
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(42);
      fs.createDirectories(DIR);
      WritableFile w = fs.create(DIR.resolve("f"));
      fs.syncDirectory(DIR);
      w.append(bytes(0, 1000));
      fs.crash();
      outcomes[run] = fs.readFile(DIR.resolve("f"));
    }
    assertThat(outcomes[0]).isEqualTo(outcomes[1]);
  }

  @Test
  void createdFileWithoutDirectorySyncDisappears() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
    fs.createDirectories(DIR);
    WritableFile w = fs.create(DIR.resolve("new"));
    w.append(bytes(0, 10));
    w.sync(); // content durable, but the name is not
    fs.crash();
    assertThat(fs.exists(DIR.resolve("new"))).isFalse();
    assertThat(fs.list(DIR)).isEmpty();
  }

  @Test
  void unsyncedRenameMayBeUndoneButSyncedRenameSurvives() throws IOException {
    Set<String> outcomes = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(seed);
      fs.createDirectories(DIR);
      fs.putFile(DIR.resolve("CURRENT"), new byte[] {1});
      WritableFile w = fs.create(DIR.resolve("tmp"));
      w.append(ByteBuffer.wrap(new byte[] {2}));
      w.sync();
      fs.rename(DIR.resolve("tmp"), DIR.resolve("CURRENT"));
      fs.crash();
      byte[] current = fs.readFile(DIR.resolve("CURRENT"));
      assertThat(fs.list(DIR)).containsExactly("CURRENT"); // the unsynced creation of tmp is gone either way
      outcomes.add(Arrays.toString(current));
    }
    assertThat(outcomes).containsExactlyInAnyOrder("[1]", "[2]");

    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(0);
    fs.createDirectories(DIR);
    fs.putFile(DIR.resolve("a"), new byte[] {1});
    fs.rename(DIR.resolve("a"), DIR.resolve("b"));
    fs.syncDirectory(DIR);
    fs.crash();
    assertThat(fs.list(DIR)).containsExactly("b");
  }

  @Test
  void unsyncedDeleteMayBeUndone() throws IOException {
    Set<Boolean> exists = new HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(seed);
      fs.createDirectories(DIR);
      fs.putFile(DIR.resolve("old"), new byte[] {1});
      fs.delete(DIR.resolve("old"));
      assertThat(fs.exists(DIR.resolve("old"))).isFalse();
      fs.crash();
      exists.add(fs.exists(DIR.resolve("old")));
    }
    assertThat(exists).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void truncateIsDurable() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(3);
    fs.createDirectories(DIR);
    fs.putFile(DIR.resolve("f"), bytes(0, 50).array());
    fs.truncate(DIR.resolve("f"), 20);
    fs.crash();
    assertThat(fs.readFile(DIR.resolve("f"))).isEqualTo(bytes(0, 20).array());
  }

  @Test
  void readsSeeUnsyncedBytesUntilTheCrashAndHandlesDieWithIt() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(3);
    fs.createDirectories(DIR);
    fs.putFile(DIR.resolve("f"), bytes(0, 4).array());
    WritableFile w = fs.openAppend(DIR.resolve("f"));
    w.append(bytes(4, 4));
    ReadableFile r = fs.openRead(DIR.resolve("f"));
    assertThat(r.length()).isEqualTo(8);
    assertThat(r.readFully(2, 6).array()).isEqualTo(bytes(2, 6).array());
    assertThat(r.read(8, ByteBuffer.allocate(1))).isEqualTo(-1);
    fs.crash();
    assertThatThrownBy(r::length).isInstanceOf(IOException.class);
    assertThatThrownBy(w::sync).isInstanceOf(IOException.class);
    w.close(); // closing a dead handle is harmless
  }

  @Test
  void failSyncAfterFailsExactlyTheNthSync() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(3);
    fs.createDirectories(DIR);
    WritableFile w = fs.create(DIR.resolve("f"));
    IOException boom = new IOException("boom");
    fs.failSyncAfter(3, boom);
    w.sync();
    fs.syncDirectory(DIR);
    w.append(bytes(0, 5));
    assertThatThrownBy(w::sync).isSameAs(boom);
    w.sync(); // only once
    fs.crash();
    assertThat(fs.readFile(DIR.resolve("f"))).hasSize(5);
  }

  @Test
  void fullDiskRejectsWritesWithoutWritingAnything() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(3);
    fs.createDirectories(DIR);
    WritableFile w = fs.create(DIR.resolve("f"));
    fs.failWritesWhenBytesExceed(10);
    w.append(bytes(0, 8));
    assertThatThrownBy(() -> w.append(bytes(0, 3))).hasMessageContaining("No space left");
    assertThat(w.length()).isEqualTo(8);
    fs.failWritesWhenBytesExceed(Long.MAX_VALUE);
    w.append(bytes(0, 3));
  }

  @Test
  void tamperHelpersChangeDurableBytes() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(3);
    fs.createDirectories(DIR);
    fs.putFile(DIR.resolve("f"), new byte[] {0, 0, 0});
    fs.flipBit(DIR.resolve("f"), 1, 2);
    fs.flipByte(DIR.resolve("f"), 2);
    fs.crash();
    assertThat(fs.readFile(DIR.resolve("f"))).containsExactly(0, 4, 0xFF);
  }

  @Test
  void missingFilesAndDirectoriesAreReported() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(3);
    assertThatThrownBy(() -> fs.openRead(DIR.resolve("x"))).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> fs.create(DIR.resolve("x"))).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> fs.list(DIR)).isInstanceOf(NoSuchFileException.class);
    fs.delete(DIR.resolve("x")); // deleteIfExists
    fs.createDirectories(DIR.resolve("a").resolve("b"));
    assertThat(fs.exists(DIR.resolve("a"))).isTrue();
    assertThat(fs.list(DIR)).isEmpty(); // directories are not listed
  }
}
