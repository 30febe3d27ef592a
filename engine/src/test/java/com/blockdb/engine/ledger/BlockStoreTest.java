package com.blockdb.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.merkle.MerkleTree;
import com.blockdb.engine.testing.ForwardingFileLayer;
import com.blockdb.engine.util.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block file's store: background sealing, what the commit thread may do meanwhile, and its zeros. */
class BlockStoreTest {

  private static final int ENTRIES = 1000;

  @TempDir
  Path dir;

  @Test
  void aBlockBeingSyncedHoldsUpNeitherQueueingNorReadersAndIsVisibleOnlyOnceDurable() throws Exception {
    GatedSyncs fs = new GatedSyncs();
    Path file = dir.resolve("blocks.dat");
    BlockStore store = BlockStore.open(fs, file);
    List<String> failures = new ArrayList<>();
    store.startSealer(failures::add);
    fs.arm();
    store.appendLater(leaves(1), 1, ENTRIES, 10);
    fs.entered.await(); // the sealer is inside the fsync of block 1, which stays unfinished

    // What the commit thread does while a block is sealed: none of it may wait for the disk.
    CompletableFuture<Void> commitThread = CompletableFuture.runAsync(() -> {
      try {
        assertThat(store.blocksQueued()).isEqualTo(1);
        assertThat(store.lastQueuedSequence()).isEqualTo(ENTRIES);
        store.appendLater(leaves(2), ENTRIES + 1, 2 * ENTRIES, 20);
        assertThat(store.blocksQueued()).isEqualTo(2);
        assertThat(store.count()).as("a block is not visible before it is durable").isEqualTo(1);
        assertThat(store.digest().blockCount()).isEqualTo(1);
        assertThat(store.blockOf(5)).isEqualTo(-1);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      commitThread.get(60, TimeUnit.SECONDS); // a deadlock, not slowness, fails this
    } catch (TimeoutException e) {
      fail("the commit thread's calls waited for the sealer's fsync");
    } finally {
      fs.release.countDown();
    }

    store.drain();
    assertThat(store.count()).isEqualTo(3);
    assertThat(store.header(1).lastSequence()).isEqualTo(ENTRIES);
    assertThat(store.header(2).previousHash()).isEqualTo(store.header(1).hash());
    assertThat(store.header(2).merkleRoot()).isEqualTo(MerkleTree.root(leaves(2)));
    assertThat(store.blockOf(ENTRIES + 1)).isEqualTo(2);
    var digest = store.digest();
    store.close();
    assertThat(failures).isEmpty();

    BlockStore again = BlockStore.open(FileLayer.real(), file);
    assertThat(again.count()).isEqualTo(3);
    assertThat(again.digest()).isEqualTo(digest);
    assertThat(again.leaves(2)).containsExactlyElementsOf(leaves(2));
    again.close();
  }

  @Test
  void anIdleSealerKeepsZerosAheadOfTheBlocksAndCloseCutsThemOff() throws Exception {
    Path file = dir.resolve("blocks.dat");
    BlockStore store = BlockStore.open(FileLayer.real(), file);
    store.startSealer(m -> fail(m));
    // Enough blocks to use up more than the first zeros minus the low-water mark, one at a time, so
    // that the sealer is idle after each.
    int blocks = (int) ((BlockStore.PREALLOCATE_BYTES - BlockStore.LOW_WATER_BYTES) / (32 * ENTRIES)) + 10;
    for (int b = 1; b <= blocks; b++) {
      store.appendLater(leaves(b), (b - 1L) * ENTRIES + 1, (long) b * ENTRIES, b);
      store.drain();
      awaitTrue(() -> size(file) - store.sizeBytes() >= BlockStore.LOW_WATER_BYTES,
          "zeros of at least the low-water mark ahead of block " + b);
    }
    assertThat(size(file)).as("the zeros were extended at least once").isGreaterThan(BlockStore.PREALLOCATE_BYTES);
    long end = store.sizeBytes();
    var digest = store.digest();
    store.close();
    assertThat(size(file)).as("a closed block file ends with its last block").isEqualTo(end);

    BlockStore again = BlockStore.open(FileLayer.real(), file);
    assertThat(again.count()).isEqualTo(blocks + 1);
    assertThat(again.digest()).isEqualTo(digest);
    assertThat(again.recoveryNote()).isNull();
    again.close();
  }

  @Test
  void leafHashIsTheHashOfTheDocumentedEntryBytes() {
    byte[] key = "k\u00e9y".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] value = new byte[300];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 13);
    }
    String principal = "r\u00f6ot";
    for (int round = 0; round < 3; round++) { // the per-thread scratch is reused: a stale field would show
      long seq = 1L << (20 + round);
      long ts = 1_700_000_000_000L + round;
      var e = new com.blockdb.engine.Entry(7 + round, key, java.util.Arrays.copyOfRange(value, 10, 210 + round), seq,
          ts, principal);
      byte[] expected = Sha256.hash((byte) 0, LedgerEntry.encode(e));
      assertThat(LedgerEntry.leafHash(e)).isEqualTo(expected);
      assertThat(LedgerEntry.leafHash(7 + round, key, value, 10, 200 + round, seq, ts,
          principal.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(expected);
    }
  }

  /** Deterministic leaf hashes of block {@code b}. */
  private static List<byte[]> leaves(int b) {
    List<byte[]> out = new ArrayList<>(ENTRIES);
    for (int i = 0; i < ENTRIES; i++) {
      out.add(Sha256.hash(ByteBuffer.allocate(8).putInt(b).putInt(i).array()));
    }
    return out;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for something the sealer does in the background. */
  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("never happened: " + what);
      }
      Thread.sleep(1);
    }
  }

  /** The real file system, except that once armed, a sync of a block file waits until released. */
  private static final class GatedSyncs extends ForwardingFileLayer {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean armed;

    GatedSyncs() {
      super(FileLayer.real());
    }

    void arm() {
      armed = true;
    }

    private WritableFile gated(WritableFile w) {
      return new WritableFile() {
        @Override
        public void append(ByteBuffer data) throws IOException {
          w.append(data);
        }

        @Override
        public long length() throws IOException {
          return w.length();
        }

        @Override
        public void preallocate(long size) throws IOException {
          w.preallocate(size);
        }

        @Override
        public void sync() throws IOException {
          if (armed) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IOException("interrupted");
            }
          }
          w.sync();
        }

        @Override
        public void close() throws IOException {
          w.close();
        }
      };
    }

    @Override
    public WritableFile create(Path file) throws IOException {
      return gated(real.create(file));
    }

    @Override
    public WritableFile openAppend(Path file) throws IOException {
      return gated(real.openAppend(file));
    }

    @Override
    public WritableFile openAppendAt(Path file, long position) throws IOException {
      return gated(real.openAppendAt(file, position));
    }
  }
}
