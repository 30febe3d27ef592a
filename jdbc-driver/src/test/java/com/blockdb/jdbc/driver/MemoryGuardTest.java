package com.blockdb.jdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.jdbc.error.SqlStateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which statement the memory guard stops: the one that allocated the most before delivering a row
 * (not the one that allocated the most in all, which may be streaming garbage), only when the heap
 * is over the limit, only when it holds a sizeable share of the heap, and with 53200.
 */
class MemoryGuardTest {
  private static final long MAX = 512L << 20;
  private static volatile byte[] sink;

  private final MemoryGuard guard = MemoryGuard.get();
  private final StatementControl sort = new StatementControl(0);
  private final StatementControl point = new StatementControl(0);
  private final StatementControl export = new StatementControl(0);

  @AfterEach
  void endAll() {
    MemoryGuard.setLimit(MemoryGuard.DEFAULT_LIMIT);
    sort.end();
    point.end();
    export.end();
  }

  /** A sort that allocated 48 MiB before its first row, a point query 1 MiB, an export 80 MiB in small windows. */
  private void runThree() throws Exception {
    sort.begin();
    allocate(48 << 20);
    point.begin(); // takes this thread over: the sort's window ends here
    allocate(1 << 20);
    export.begin();
    for (int row = 0; row < 10_240; row++) {
      allocate(8 << 10);
      export.delivered();
    }
  }

  private static void allocate(int bytes) {
    sink = new byte[bytes];
  }

  @Test
  void overTheLimitTheStatementHoldingTheMostIsStoppedWith53200() throws Exception {
    runThree();
    QueryMemory stopped = guard.check((long) (MAX * 0.9), MAX);
    assertThat(stopped).isNotNull();
    assertThat(stopped.owner()).isSameAs(sort);
    assertThatThrownBy(sort::check).isInstanceOfSatisfying(SqlStateException.class, e -> {
      assertThat(e.sqlState()).isEqualTo("53200");
      assertThat(e.getMessage()).startsWith("query stopped: the heap was 90% full after garbage collection (460 MiB"
          + " of 512 MiB, over memory_guard 80%) and this query held the most of the running queries (it allocated ")
          .endsWith(" MiB before returning a row)");
    });
    assertThatCode(point::check).doesNotThrowAnyException();
    assertThatCode(export::check).doesNotThrowAnyException();
    assertThatCode(export::delivered).doesNotThrowAnyException();
  }

  @Test
  void nothingIsStoppedUnderTheLimitOrWithTheGuardOff() throws Exception {
    runThree();
    assertThat(guard.check((long) (MAX * 0.79), MAX)).isNull();
    MemoryGuard.setLimit(0);
    assertThat(guard.check(MAX, MAX)).isNull();
    assertThatCode(sort::check).doesNotThrowAnyException();
  }

  @Test
  void smallQueriesAreNotStoppedWhenSomethingElseFillsTheHeap() throws Exception {
    runThree();
    sort.end(); // the sort is over: only a point query and a streaming export run
    assertThat(guard.check(MAX, MAX)).isNull();
    assertThatCode(point::check).doesNotThrowAnyException();
    assertThatCode(export::check).doesNotThrowAnyException();
  }

  @Test
  void aStoppedStatementStopsOnceAndRunsAgainOnItsNextExecution() throws Exception {
    runThree();
    assertThat(guard.check(MAX, MAX).owner()).isSameAs(sort);
    assertThatThrownBy(sort::check).hasMessageContaining("query stopped");
    sort.end();
    sort.begin();
    assertThatCode(sort::check).doesNotThrowAnyException();
  }

  @Test
  void theSettingIsAFractionOfTheHeap() {
    assertThatThrownBy(() -> MemoryGuard.setLimit(1.0)).hasMessageContaining("memory_guard");
    assertThatThrownBy(() -> MemoryGuard.setLimit(-0.1)).hasMessageContaining("memory_guard");
    MemoryGuard.setLimit(0.5);
    assertThat(MemoryGuard.limit()).isEqualTo(0.5);
  }

  @Test
  void aStopAndAHeapThatRanOutAnywayAreBoth53200ForJdbc() {
    java.sql.SQLException stop = SqlErrors.map(new SqlStateException("53200",
        com.blockdb.jdbc.error.VendorCodes.OUT_OF_MEMORY, "query stopped: ..."));
    assertThat(stop.getSQLState()).isEqualTo("53200");
    assertThat(stop.getErrorCode()).isEqualTo(com.blockdb.jdbc.error.VendorCodes.OUT_OF_MEMORY);
    java.sql.SQLException ranOut = SqlErrors.map(new RuntimeException(new OutOfMemoryError("Java heap space")));
    assertThat(ranOut.getSQLState()).isEqualTo("53200");
    assertThat(ranOut.getMessage()).startsWith("out of memory: Java heap space");
  }

  @Test
  void aYoungCollectionOverTheLimitAsksForAFullOneWhichDecides() throws Exception {
    int[] asked = {0};
    Runnable real = guard.fullCollection;
    guard.fullCollection = () -> asked[0]++;
    try {
      runThree();
      guard.collected(MAX, MAX, false); // old garbage may be in there: confirm first
      assertThat(asked[0]).isEqualTo(1);
      assertThatCode(sort::check).doesNotThrowAnyException();
      guard.collected(MAX / 2, MAX, true); // it was garbage: nothing stopped, young reports calm
      assertThatCode(sort::check).doesNotThrowAnyException();
      for (int i = 0; i < MemoryGuard.CALM; i++) {
        guard.collected(MAX, MAX, false);
      }
      assertThat(asked[0]).isEqualTo(1);
      guard.collected(MAX, MAX, false);
      assertThat(asked[0]).isEqualTo(2);
      guard.collected((long) (MAX * 0.95), MAX, true); // it was not: the largest statement stops
      assertThatThrownBy(sort::check).hasMessageContaining("the heap was 95% full");
      sort.end();
      guard.collected(MAX, MAX, false);
      assertThat(asked[0]).isEqualTo(3);
      for (int round = 1; round <= 2; round++) {
        guard.collected(MAX, MAX, true); // full of something no query holds: wait, twice as long each time
        for (int i = 0; i < round * MemoryGuard.CALM; i++) {
          guard.collected(MAX, MAX, false);
        }
        assertThat(asked[0]).isEqualTo(2 + round);
        guard.collected(MAX, MAX, false);
        assertThat(asked[0]).isEqualTo(3 + round);
      }
      guard.collected(MAX / 2, MAX, true);
    } finally {
      guard.fullCollection = real;
    }
  }
}
