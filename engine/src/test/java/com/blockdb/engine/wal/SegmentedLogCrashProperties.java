package com.blockdb.engine.wal;

import static com.blockdb.engine.wal.WalFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random appends and syncs, power loss, recovery, repeated: the log always recovers to exactly the
 * records appended, in a contiguous run from index 1 that contains everything synced.
 */
class SegmentedLogCrashProperties {

  private static final Path WAL = FaultInjectingFileLayer.ROOT.resolve("wal");
  private static final long SEGMENT_SIZE = 120;
  private static final int SYNC = -1;

  /** Actions: a payload size to append, or {@link #SYNC}. */
  @Provide
  Arbitrary<List<Integer>> actions() {
    Arbitrary<Integer> append = Arbitraries.integers().between(0, 48);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, append),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(SYNC)))
        .list().ofMaxSize(40);
  }

  @Property
  void crashKeepsEverythingSyncedAndNothingAfterALostRecord(
      @ForAll("actions") List<Integer> actions,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int rounds,
      @ForAll @IntRange(min = 0, max = 12) int failingSync) throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(seed);
    IOException injected = new IOException("injected fsync failure");
    if (failingSync > 0) {
      fs.failSyncAfter(failingSync, injected);
    }
    Map<Long, byte[]> appended = new HashMap<>(); // newest payload appended at each index
    long durable = 0; // every index up to here was covered by a successful sync
    long lastAppended = 0;
    for (int round = 0; round < rounds; round++) {
      Recovery r = SegmentedLog.open(fs, WAL, SEGMENT_SIZE);
      List<Long> indices = new ArrayList<>();
      r.forEach(0, (index, payload) -> {
        assertThat(payload).as("payload of %d", index).isEqualTo(appended.get(index));
        indices.add(index);
      });
      for (int i = 0; i < indices.size(); i++) {
        assertThat(indices.get(i)).as("contiguous from 1").isEqualTo(i + 1L);
      }
      assertThat(r.lastIndex()).isEqualTo(indices.size());
      assertThat(r.lastIndex()).as("synced records survive (seed %d)", seed).isGreaterThanOrEqualTo(durable);
      assertThat(r.lastIndex()).isLessThanOrEqualTo(lastAppended);
      if (r.tornTail() != null) {
        assertThat(r.tornTail().file().getParent()).isEqualTo(WAL);
      }
      lastAppended = r.lastIndex();

      try {
        SegmentedLog log = r.openForAppend();
        durable = lastAppended; // openForAppend synced what was recovered
        for (int a : actions) {
          if (a == SYNC) {
            log.sync();
            durable = lastAppended;
          } else {
            long index = lastAppended + 1;
            byte[] payload = payload(index, a, round);
            appended.put(index, payload);
            log.append(index, payload);
            lastAppended = index;
          }
        }
      } catch (IOException e) {
        assertThat(e.getCause() == null ? e : e.getCause()).isSameAs(injected);
      }
      fs.crash();
    }
  }
}
