package com.blockdb.engine.commit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.WriteBatch;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commit record codec: every type round-trips byte for byte, and malformed bytes are refused. */
class CommitRecordTest {

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static final List<WriteBatch.Put> PUTS = List.of(new WriteBatch.Put(0, b("k1"), b("v1")),
      new WriteBatch.Put(17, b("k2"), new byte[0]));

  private static List<CommitRecord> samples() {
    return List.of(
        new CommitRecord.Commit(1_700_000_000_000L, "alice", PUTS),
        new CommitRecord.Seal(42),
        new CommitRecord.Prepare(5, 7, "bob", null, PUTS),
        new CommitRecord.Prepare(6, -1, "bøb", new byte[] {0, 1, 2, (byte) 0xFF}, PUTS),
        new CommitRecord.Prepare(7, Long.MAX_VALUE, "c", new byte[0], List.of()),
        new CommitRecord.Decision(8, 7, CommitRecord.Outcome.COMMIT),
        new CommitRecord.Decision(9, Long.MIN_VALUE, CommitRecord.Outcome.ABORT));
  }

  @Test
  void everyTypeRoundTrips() {
    for (CommitRecord r : samples()) {
      byte[] bytes = CommitRecord.encode(r);
      CommitRecord back = CommitRecord.decode(bytes);
      assertThat(describe(back)).as("round trip of " + describe(r)).isEqualTo(describe(r));
      assertThat(CommitRecord.encode(back)).isEqualTo(bytes);
    }
  }

  @Test
  void tablesNamesEachWrittenTableOnceWithoutDecodingValues() {
    List<WriteBatch.Put> mixed = List.of(new WriteBatch.Put(9, b("a"), b("1")), new WriteBatch.Put(1, b("b"), b("2")),
        new WriteBatch.Put(9, b("c"), b("3")), new WriteBatch.Put(2, b("d"), new byte[0]),
        new WriteBatch.Put(5, b("e"), b("5")), new WriteBatch.Put(6, b("f"), b("6")));
    assertThat(CommitRecord.tables(CommitRecord.encode(new CommitRecord.Commit(1, "alice", mixed))))
        .containsExactly(9, 1, 2, 5, 6);
    assertThat(CommitRecord.tables(CommitRecord.encode(new CommitRecord.Prepare(2, 3, "bob", new byte[] {7, 7}, PUTS))))
        .containsExactly(0, 17);
    assertThat(CommitRecord.tables(CommitRecord.encode(new CommitRecord.Prepare(2, 3, "", null, List.of())))).isEmpty();
    assertThat(CommitRecord.tables(CommitRecord.encode(new CommitRecord.Seal(4)))).isEmpty();
    assertThat(CommitRecord.tables(CommitRecord.encode(new CommitRecord.Decision(5, 3, CommitRecord.Outcome.COMMIT))))
        .isEmpty();
    byte[] torn = CommitRecord.encode(new CommitRecord.Commit(1, "alice", PUTS));
    assertThatThrownBy(() -> CommitRecord.tables(Arrays.copyOf(torn, torn.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prepareAndDecisionLayoutsAreAsDocumented() {
    byte[] prepare = CommitRecord.encode(new CommitRecord.Prepare(0x0102, 9, "p", new byte[] {(byte) 0xAB},
        List.of(new WriteBatch.Put(0, b("k"), b("v")))));
    ByteBuffer want = ByteBuffer.allocate(1 + 8 + 8 + 2 + 1 + 1 + 2 + 1 + 4 + 4 + 4 + 1 + 4 + 1);
    want.put((byte) 3).putLong(0x0102).putLong(9).putShort((short) 1).put((byte) 'p').put((byte) 1)
        .putShort((short) 1).put((byte) 0xAB).putInt(1).putInt(0).putInt(1).put((byte) 'k').putInt(1).put((byte) 'v');
    assertThat(prepare).isEqualTo(want.array());
    // The worked example of docs/FORMAT.md, "Commit record".
    assertThat(java.util.HexFormat.of().formatHex(prepare)).isEqualTo("03" + "0000000000000102" + "0000000000000009"
        + "000170" + "01" + "0001ab" + "00000001" + "00000000" + "000000016b" + "0000000176");
    assertThat(java.util.HexFormat.of().formatHex(CommitRecord.encode(
        new CommitRecord.Decision(0x0200, 9, CommitRecord.Outcome.COMMIT))))
        .isEqualTo("04" + "0000000000000200" + "0000000000000009" + "01");

    byte[] local = CommitRecord.encode(new CommitRecord.Prepare(1, 2, "", null, List.of()));
    assertThat(local).isEqualTo(ByteBuffer.allocate(1 + 8 + 8 + 2 + 1 + 4).put((byte) 3).putLong(1).putLong(2)
        .putShort((short) 0).put((byte) 0).putInt(0).array());

    byte[] decision = CommitRecord.encode(new CommitRecord.Decision(3, 4, CommitRecord.Outcome.ABORT));
    assertThat(decision).isEqualTo(ByteBuffer.allocate(18).put((byte) 4).putLong(3).putLong(4).put((byte) 2).array());
  }

  @Test
  void everyTruncationIsRejected() {
    for (CommitRecord r : samples()) {
      byte[] bytes = CommitRecord.encode(r);
      for (int len = 0; len < bytes.length; len++) {
        byte[] cut = Arrays.copyOf(bytes, len);
        assertThatThrownBy(() -> CommitRecord.decode(cut)).as(describe(r) + " cut to " + len + " bytes")
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void trailingBytesAreRejected() {
    for (CommitRecord r : samples()) {
      byte[] bytes = CommitRecord.encode(r);
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      assertThatThrownBy(() -> CommitRecord.decode(longer)).as(describe(r))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
    }
  }

  @Test
  void unknownTypesKindsAndOutcomesAreRejected() {
    for (byte type : new byte[] {0, 5, (byte) 0xFF}) {
      byte[] bytes = ByteBuffer.allocate(18).put(type).array();
      assertThatThrownBy(() -> CommitRecord.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown commit record type");
    }
    byte[] decision = CommitRecord.encode(new CommitRecord.Decision(3, 4, CommitRecord.Outcome.COMMIT));
    for (byte outcome : new byte[] {0, 3, (byte) 0x81}) {
      decision[17] = outcome;
      assertThatThrownBy(() -> CommitRecord.decode(decision)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outcome");
    }
    byte[] prepare = CommitRecord.encode(new CommitRecord.Prepare(1, 2, "", null, List.of()));
    prepare[19] = 2; // the coordinator kind byte
    assertThatThrownBy(() -> CommitRecord.decode(prepare)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coordinator");
  }

  @Test
  void impossibleCountsAndLengthsAreRejectedWithoutHugeAllocations() {
    byte[] prepare = CommitRecord.encode(new CommitRecord.Prepare(1, 2, "", null, PUTS));
    int countAt = 1 + 8 + 8 + 2 + 1;
    for (int bad : new int[] {-1, Integer.MAX_VALUE, 3}) {
      byte[] copy = prepare.clone();
      ByteBuffer.wrap(copy).putInt(countAt, bad);
      assertThatThrownBy(() -> CommitRecord.decode(copy)).isInstanceOf(IllegalArgumentException.class);
    }
    int keyLengthAt = countAt + 4 + 4;
    for (int bad : new int[] {-1, Integer.MAX_VALUE, 1000}) {
      byte[] copy = prepare.clone();
      ByteBuffer.wrap(copy).putInt(keyLengthAt, bad);
      assertThatThrownBy(() -> CommitRecord.decode(copy)).isInstanceOf(IllegalArgumentException.class);
    }
    byte[] xa = CommitRecord.encode(new CommitRecord.Prepare(1, 2, "", new byte[] {1}, List.of()));
    ByteBuffer.wrap(xa).putShort(countAt, (short) (CommitRecord.MAX_XID_BYTES + 1));
    assertThatThrownBy(() -> CommitRecord.decode(xa)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anXidBeyondTheLimitIsNotEncoded() {
    CommitRecord r = new CommitRecord.Prepare(1, 2, "p", new byte[CommitRecord.MAX_XID_BYTES + 1], List.of());
    assertThatThrownBy(() -> CommitRecord.encode(r)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Records hold arrays, so compare them by a rendering of their content. */
  private static String describe(CommitRecord r) {
    if (r instanceof CommitRecord.Commit c) {
      return "COMMIT ts=" + c.timestamp() + " principal=" + c.principal() + " " + puts(c.puts());
    }
    if (r instanceof CommitRecord.Prepare p) {
      return "PREPARE ts=" + p.timestamp() + " txn=" + p.txnId() + " principal=" + p.principal() + " xid="
          + (p.xid() == null ? "none" : Arrays.toString(p.xid())) + " " + puts(p.puts());
    }
    if (r instanceof CommitRecord.Decision d) {
      return "DECISION ts=" + d.timestamp() + " txn=" + d.txnId() + " " + d.outcome();
    }
    return "SEAL ts=" + r.timestamp();
  }

  private static String puts(List<WriteBatch.Put> puts) {
    StringBuilder sb = new StringBuilder("[");
    for (WriteBatch.Put p : puts) {
      sb.append(p.table()).append(':').append(Arrays.toString(p.key())).append('=')
          .append(Arrays.toString(p.value())).append(' ');
    }
    return sb.append(']').toString();
  }
}
