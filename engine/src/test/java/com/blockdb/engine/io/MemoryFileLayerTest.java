package com.blockdb.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link FileLayer} contract as the engine relies on it, held by {@link MemoryFileLayer}. */
class MemoryFileLayerTest {

  private static final Path DIR = Path.of("/mem/test");

  private final MemoryFileLayer fs = new MemoryFileLayer();

  @BeforeEach
  void createDir() throws IOException {
    fs.createDirectories(DIR);
  }

  /** The byte every patterned file holds at {@code offset}. */
  private static byte pattern(long offset) {
    return (byte) (offset * 31 + (offset >>> 9));
  }

  private static ByteBuffer patterned(long from, int n) {
    ByteBuffer b = ByteBuffer.allocate(n);
    for (int i = 0; i < n; i++) {
      b.put(pattern(from + i));
    }
    return b.flip();
  }

  private static ByteBuffer bytes(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return ByteBuffer.wrap(b);
  }

  private byte[] content(Path file) throws IOException {
    try (ReadableFile r = fs.openRead(file)) {
      return r.readFully(0, (int) r.length()).array();
    }
  }

  @Test
  void manySmallAppendsReadBackExactly() throws IOException {
    Path f = DIR.resolve("log");
    long written = 0;
    try (WritableFile w = fs.create(f)) {
      Random random = new Random(1);
      for (int i = 0; i < 5_000; i++) {
        int n = 1 + random.nextInt(40);
        w.append(patterned(written, n));
        written += n;
        assertThat(w.length()).isEqualTo(written);
      }
    }
    long size = written;
    try (ReadableFile r = fs.openRead(f)) {
      assertThat(r.length()).isEqualTo(size);
      ByteBuffer all = r.readFully(0, (int) written);
      for (int i = 0; i < written; i++) {
        assertThat(all.get(i)).as("byte %d", i).isEqualTo(pattern(i));
      }
      ByteBuffer tail = ByteBuffer.allocate(100);
      assertThat(r.read(written - 30, tail)).isEqualTo(30);
      assertThat(r.read(written, ByteBuffer.allocate(10))).isEqualTo(-1);
      assertThatThrownBy(() -> r.readFully(size - 5, 10)).isInstanceOf(java.io.EOFException.class);
      // A direct buffer takes the same path as a heap one.
      ByteBuffer direct = ByteBuffer.allocateDirect(16);
      assertThat(r.read(100, direct)).isEqualTo(16);
      assertThat(direct.flip()).isEqualTo(patterned(100, 16));
    }
  }

  @Test
  void readerSeesBytesAppendedAfterItOpened() throws IOException {
    Path f = DIR.resolve("blocks");
    try (WritableFile w = fs.create(f); ReadableFile r = fs.openRead(f)) {
      assertThat(r.length()).isZero();
      w.append(patterned(0, 1000));
      assertThat(r.length()).isEqualTo(1000);
      assertThat(r.readFully(500, 500)).isEqualTo(patterned(500, 500));
    }
  }

  @Test
  void createEmptiesAnExistingFileAndOpenHandlesSeeIt() throws IOException {
    Path f = DIR.resolve("manifest");
    try (WritableFile w = fs.create(f)) {
      w.append(bytes(100, 1));
    }
    try (ReadableFile before = fs.openRead(f); WritableFile w = fs.create(f)) {
      assertThat(w.length()).isZero();
      assertThat(before.length()).isZero();
      w.append(bytes(3, 2));
    }
    assertThat(content(f)).containsExactly(2, 2, 2);
  }

  @Test
  void missingFilesAndDirectoriesRaiseNoSuchFile() throws IOException {
    Path missing = DIR.resolve("missing");
    assertThat(fs.exists(missing)).isFalse();
    assertThatThrownBy(() -> fs.openRead(missing)).isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> fs.openAppend(missing)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> fs.openAppendAt(missing, 0)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> fs.truncate(missing, 0)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> fs.rename(missing, DIR.resolve("x"))).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> fs.create(DIR.resolve("nodir/file"))).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> fs.list(missing)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> fs.syncDirectory(missing)).isInstanceOf(NoSuchFileException.class);
    fs.delete(missing); // deleteIfExists
    fs.delete(DIR.resolve("nodir/file"));
    assertThat(fs.exists(DIR.resolve("x"))).isFalse();
  }

  @Test
  void listNamesOnlyFilesSorted() throws IOException {
    for (String name : List.of("b", "a", "c10", "c9")) {
      fs.create(DIR.resolve(name)).close();
    }
    fs.createDirectories(DIR.resolve("sub/deeper"));
    assertThat(fs.list(DIR)).containsExactly("a", "b", "c10", "c9");
    assertThat(fs.list(DIR.resolve("sub"))).isEmpty();
    assertThat(fs.exists(DIR.resolve("sub/deeper"))).isTrue();
    assertThatThrownBy(() -> fs.list(DIR.resolve("a"))).isInstanceOf(NotDirectoryException.class);
    assertThatThrownBy(() -> fs.createDirectories(DIR.resolve("a/x"))).isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> fs.create(DIR.resolve("sub"))).isInstanceOf(FileSystemException.class);
    assertThatThrownBy(() -> fs.openRead(DIR.resolve("sub"))).isInstanceOf(FileSystemException.class);
    fs.createDirectories(DIR.resolve("sub")); // existing directories are fine
  }

  @Test
  void relativeAndUnnormalizedPathsNameTheSameFile() throws IOException {
    Path relative = Path.of("data");
    fs.createDirectories(relative);
    fs.create(relative.resolve("f")).close();
    assertThat(fs.exists(relative.toAbsolutePath().resolve("f"))).isTrue();
    fs.create(DIR.resolve("g")).close();
    assertThat(fs.exists(Path.of("/mem/test/sub/../g"))).isTrue();
  }

  @Test
  void renameReplacesTargetAtomicallyAndOpenHandlesKeepTheOldFile() throws IOException {
    Path tmp = DIR.resolve("MANIFEST.tmp");
    Path target = DIR.resolve("MANIFEST");
    try (WritableFile w = fs.create(target)) {
      w.append(bytes(10, 1));
    }
    try (WritableFile w = fs.create(tmp)) {
      w.append(bytes(20, 2));
    }
    try (ReadableFile old = fs.openRead(target)) {
      fs.rename(tmp, target);
      assertThat(old.readFully(0, 10)).isEqualTo(bytes(10, 1));
    }
    assertThat(fs.exists(tmp)).isFalse();
    assertThat(content(target)).isEqualTo(bytes(20, 2).array());
    assertThat(fs.list(DIR)).containsExactly("MANIFEST");

    fs.createDirectories(DIR.resolve("other"));
    fs.rename(target, DIR.resolve("other/M"));
    assertThat(fs.list(DIR.resolve("other"))).containsExactly("M");
    assertThatThrownBy(() -> fs.rename(DIR.resolve("other/M"), DIR.resolve("other")))
        .isInstanceOf(FileSystemException.class);
    assertThatThrownBy(() -> fs.rename(DIR.resolve("other/M"), DIR.resolve("nodir/M")))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(fs.exists(DIR.resolve("other/M"))).as("a failed rename changes nothing").isTrue();
  }

  @Test
  void renameMovesAWholeDirectory() throws IOException {
    fs.createDirectories(DIR.resolve("a/b"));
    fs.create(DIR.resolve("a/b/f")).close();
    fs.rename(DIR.resolve("a"), DIR.resolve("z"));
    assertThat(fs.exists(DIR.resolve("a"))).isFalse();
    assertThat(fs.list(DIR.resolve("z/b"))).containsExactly("f");
    assertThatThrownBy(() -> fs.rename(DIR.resolve("z"), DIR.resolve("z/b/inside")))
        .isInstanceOf(FileSystemException.class);
  }

  @Test
  void deleteUnlinksButOpenReadersKeepReadingAndMemoryIsReleased() throws IOException {
    Path f = DIR.resolve("000001.sst");
    try (WritableFile w = fs.create(f)) {
      w.append(patterned(0, 100_000));
    }
    assertThat(fs.allocatedBytes()).isEqualTo(100_000);
    try (ReadableFile r = fs.openRead(f)) {
      fs.delete(f);
      assertThat(fs.exists(f)).isFalse();
      assertThat(fs.list(DIR)).isEmpty();
      assertThat(fs.allocatedBytes()).isZero();
      assertThat(r.readFully(99_000, 1000)).isEqualTo(patterned(99_000, 1000));
    }
    fs.createDirectories(DIR.resolve("d"));
    fs.create(DIR.resolve("d/f")).close();
    assertThatThrownBy(() -> fs.delete(DIR.resolve("d"))).isInstanceOf(DirectoryNotEmptyException.class);
    fs.delete(DIR.resolve("d/f"));
    fs.delete(DIR.resolve("d"));
    assertThat(fs.exists(DIR.resolve("d"))).isFalse();
  }

  @Test
  void writerCloseGivesBackSpareCapacity() throws IOException {
    Path f = DIR.resolve("f");
    try (WritableFile w = fs.create(f)) {
      w.append(patterned(0, 70_000)); // one chunk past a power of two
      w.append(patterned(70_000, 1));
    }
    assertThat(fs.allocatedBytes()).isEqualTo(70_001);
  }

  @Test
  void truncateCutsKeepsThePrefixAndNeverResurrectsCutBytes() throws IOException {
    Path f = DIR.resolve("seg");
    try (WritableFile w = fs.create(f)) {
      w.append(bytes(1000, 0x55));
    }
    fs.truncate(f, 900);
    assertThat(content(f)).isEqualTo(bytes(900, 0x55).array());
    fs.truncate(f, 5000); // longer than the file: nothing happens, as with FileChannel
    assertThat(content(f)).hasSize(900);
    assertThatThrownBy(() -> fs.truncate(f, -1)).isInstanceOf(IllegalArgumentException.class);
    try (WritableFile w = fs.openAppend(f)) {
      assertThat(w.length()).isEqualTo(900);
      w.preallocate(1000);
    }
    try (WritableFile w = fs.openAppendAt(f, 950)) {
      w.append(bytes(5, 0x66));
    }
    byte[] after = content(f);
    assertThat(after).hasSize(1000);
    assertThat(java.util.Arrays.copyOfRange(after, 0, 900)).containsOnly(0x55);
    assertThat(java.util.Arrays.copyOfRange(after, 900, 950)).as("cut bytes read as zeros").containsOnly(0);
    assertThat(java.util.Arrays.copyOfRange(after, 950, 955)).containsOnly(0x66);
    assertThat(java.util.Arrays.copyOfRange(after, 955, 1000)).as("cut bytes read as zeros").containsOnly(0);
    fs.truncate(f, 0);
    assertThat(content(f)).isEmpty();
    assertThat(fs.allocatedBytes()).as("a cut file gives its memory back").isZero();
  }

  @Test
  void preallocateAddsZerosWithoutMovingTheAppendPositionOrCostingMemory() throws IOException {
    Path f = DIR.resolve("wal");
    int segment = 64 << 20;
    try (WritableFile w = fs.create(f)) {
      w.append(patterned(0, 100));
      w.preallocate(segment);
      assertThat(w.length()).isEqualTo(100);
      assertThat(fs.allocatedBytes()).as("implicit zeros take no memory").isLessThan(1 << 20);
      w.append(patterned(100, 50));
      w.preallocate(10); // shorter than the file: nothing
      assertThat(w.length()).isEqualTo(150);
      w.sync();
    }
    try (ReadableFile r = fs.openRead(f)) {
      assertThat(r.length()).isEqualTo(segment);
      assertThat(r.readFully(0, 150)).isEqualTo(patterned(0, 150));
      ByteBuffer zeros = r.readFully(150, 100_000);
      assertThat(zeros.array()).containsOnly(0);
      assertThat(r.readFully(segment - 8, 8).array()).containsOnly(0);
      assertThat(r.read(segment, ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }

  @Test
  void openAppendAtOverwritesFromThereAndKeepsWhatLiesBeyond() throws IOException {
    Path f = DIR.resolve("wal");
    try (WritableFile w = fs.create(f)) {
      w.append(bytes(60, 1));
      w.preallocate(100);
    }
    try (WritableFile w = fs.openAppendAt(f, 40)) {
      assertThat(w.length()).isEqualTo(40);
      w.append(bytes(30, 2));
      assertThat(w.length()).isEqualTo(70);
    }
    byte[] after = content(f);
    assertThat(after).hasSize(100);
    assertThat(java.util.Arrays.copyOfRange(after, 0, 40)).containsOnly(1);
    assertThat(java.util.Arrays.copyOfRange(after, 40, 70)).containsOnly(2);
    assertThat(java.util.Arrays.copyOfRange(after, 70, 100)).containsOnly(0);
    try (WritableFile w = fs.openAppendAt(f, 100)) {
      w.append(bytes(1, 3));
    }
    assertThat(content(f)).hasSize(101);
    assertThatThrownBy(() -> fs.openAppendAt(f, 102)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fs.openAppendAt(f, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closedHandlesFailLikeClosedChannels() throws IOException {
    Path f = DIR.resolve("f");
    WritableFile w = fs.create(f);
    w.append(bytes(5, 1));
    w.close();
    w.close(); // idempotent
    assertThat(w.length()).isEqualTo(5);
    assertThatThrownBy(() -> w.append(bytes(1, 1))).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(w::sync).isInstanceOf(ClosedChannelException.class);
    ReadableFile r = fs.openRead(f);
    r.close();
    assertThatThrownBy(() -> r.read(0, ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(r::length).isInstanceOf(ClosedChannelException.class);
  }

  @Test
  void syncAndSyncDirectoryAreHarmless() throws IOException {
    try (WritableFile w = fs.create(DIR.resolve("f"))) {
      w.append(bytes(5, 1));
      w.sync();
    }
    fs.syncDirectory(DIR);
    fs.syncDirectory(Path.of("/"));
    assertThat(content(DIR.resolve("f"))).hasSize(5);
  }

  @Test
  void instancesAreSeparateFileSystems() throws IOException {
    fs.create(DIR.resolve("f")).close();
    assertThat(new MemoryFileLayer().exists(DIR)).isFalse();
  }

  @Test
  void concurrentReadersSeeConsistentBytesWhileOneWriterAppends() throws Exception {
    Path f = DIR.resolve("live");
    int total = 2_000_000;
    AtomicLong published = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      WritableFile w = fs.create(f);
      List<Future<Long>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long seed = t;
        readers.add(pool.submit(() -> {
          Random random = new Random(seed);
          long checked = 0;
          try (ReadableFile r = fs.openRead(f)) {
            while (!done.get() || checked == 0) {
              long end = published.get();
              if (end < 64) {
                continue;
              }
              long pos = (long) (random.nextDouble() * (end - 64));
              ByteBuffer got = r.readFully(pos, 64);
              if (!got.equals(patterned(pos, 64))) {
                throw new AssertionError("bytes at " + pos + " differ from what was appended");
              }
              checked++;
            }
          }
          return checked;
        }));
      }
      Callable<Void> writer = () -> {
        Random random = new Random(99);
        long at = 0;
        while (at < total) {
          int n = 1 + random.nextInt(4000);
          w.append(patterned(at, n));
          at += n;
          published.set(at);
          if (random.nextInt(50) == 0) {
            w.preallocate(at + 100_000); // moves the file's end under the readers
          }
        }
        w.close();
        done.set(true);
        return null;
      };
      pool.submit(writer).get(60, TimeUnit.SECONDS);
      for (Future<Long> r : readers) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentNamespaceChangesLoseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        work.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            Path tmp = DIR.resolve("t" + thread + "-" + i + ".tmp");
            try (WritableFile w = fs.create(tmp)) {
              w.append(patterned(i, 8));
            }
            fs.rename(tmp, DIR.resolve("t" + thread + "-" + i));
            if (i % 2 == 1) {
              fs.delete(DIR.resolve("t" + thread + "-" + (i - 1)));
            }
            fs.list(DIR);
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> names = fs.list(DIR);
    assertThat(names).hasSize(4 * 250).isSorted().noneMatch(n -> n.endsWith(".tmp"));
    assertThat(content(DIR.resolve("t3-499"))).isEqualTo(patterned(499, 8).array());
  }
}
