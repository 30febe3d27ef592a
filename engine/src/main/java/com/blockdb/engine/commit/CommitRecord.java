package com.blockdb.engine.commit;

import com.blockdb.engine.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A record of the commit log, the unit that is made durable (in the WAL, or the Raft log in a
 * cluster) and then applied to the memtable and the ledger, identically on every replica. Codec per
 * docs/FORMAT.md, "Commit record"; the first byte is the type, then the u64 timestamp:
 *
 * <pre>
 *   COMMIT   (1): u64 commit timestamp, u16 principal length, principal (UTF-8), u32 put count,
 *                 then per put: u32 table, u32 key length, key, u32 value length, value
 *   SEAL     (2): u64 timestamp — seal the pending entries into a block
 *   PREPARE  (3): u64 timestamp, u64 transaction id, u16 principal length, principal (UTF-8),
 *                 u8 coordinator (0 local, 1 external: then u16 xid length, xid), u32 put count,
 *                 puts as in COMMIT — reserve the keys; nothing becomes visible
 *   DECISION (4): u64 timestamp, u64 transaction id, u8 outcome (1 commit, 2 abort)
 * </pre>
 *
 * Sequence numbers are not in the record: applying records in log order assigns them (to a
 * prepared transaction's puts when its COMMIT decision is applied), so that a leader need not know
 * them when it proposes.
 */
public sealed interface CommitRecord {

  byte COMMIT = 1;
  byte SEAL = 2;
  byte PREPARE = 3;
  byte DECISION = 4;

  /** Largest external transaction id (XA xid) a PREPARE record carries. */
  int MAX_XID_BYTES = 1024;

  long timestamp();

  /** A transaction's puts. */
  record Commit(long timestamp, String principal, List<WriteBatch.Put> puts) implements CommitRecord {}

  /** Seal the pending block. */
  record Seal(long timestamp) implements CommitRecord {}

  /**
   * Phase one of a two-phase commit: the transaction's puts, validated and reserved, not visible.
   * {@code xid} is null for a transaction this engine coordinates (presumed abort at recovery) and
   * the external transaction id of an XA branch otherwise. Arrays are not copied.
   */
  record Prepare(long timestamp, long txnId, String principal, byte[] xid, List<WriteBatch.Put> puts)
      implements CommitRecord {}

  /** Phase two: the outcome of a prepared transaction. */
  record Decision(long timestamp, long txnId, Outcome outcome) implements CommitRecord {}

  /** The outcome a DECISION record carries; ids are stable on disk. */
  enum Outcome {
    COMMIT(1),
    ABORT(2);

    private final byte id;

    Outcome(int id) {
      this.id = (byte) id;
    }

    public byte id() {
      return id;
    }

    static Outcome of(byte id) {
      for (Outcome o : values()) {
        if (o.id == id) {
          return o;
        }
      }
      throw new IllegalArgumentException("unknown decision outcome " + id);
    }
  }

  static byte[] encode(CommitRecord r) {
    if (r instanceof Seal s) {
      return ByteBuffer.allocate(9).put(SEAL).putLong(s.timestamp()).array();
    }
    if (r instanceof Decision d) {
      return ByteBuffer.allocate(18).put(DECISION).putLong(d.timestamp()).putLong(d.txnId()).put(d.outcome().id())
          .array();
    }
    if (r instanceof Prepare p) {
      byte[] principal = principalBytes(p.principal());
      byte[] xid = p.xid();
      if (xid != null && xid.length > MAX_XID_BYTES) {
        throw new IllegalArgumentException("an xid of " + xid.length + " bytes exceeds " + MAX_XID_BYTES);
      }
      int size = 1 + 8 + 8 + 2 + principal.length + 1 + (xid == null ? 0 : 2 + xid.length) + putsSize(p.puts());
      ByteBuffer b = ByteBuffer.allocate(size);
      b.put(PREPARE).putLong(p.timestamp()).putLong(p.txnId()).putShort((short) principal.length).put(principal);
      if (xid == null) {
        b.put((byte) 0);
      } else {
        b.put((byte) 1).putShort((short) xid.length).put(xid);
      }
      putPuts(b, p.puts());
      assert !b.hasRemaining();
      return b.array();
    }
    Commit c = (Commit) r;
    byte[] p = principalBytes(c.principal());
    ByteBuffer b = ByteBuffer.allocate(1 + 8 + 2 + p.length + putsSize(c.puts()));
    b.put(COMMIT).putLong(c.timestamp()).putShort((short) p.length).put(p);
    putPuts(b, c.puts());
    assert !b.hasRemaining();
    return b.array();
  }

  private static byte[] principalBytes(String principal) {
    byte[] p = principal.getBytes(StandardCharsets.UTF_8);
    if (p.length > 0xFFFF) {
      throw new IllegalArgumentException("a principal of " + p.length + " bytes exceeds 65535");
    }
    return p;
  }

  private static int putsSize(List<WriteBatch.Put> puts) {
    int size = 4;
    for (WriteBatch.Put put : puts) {
      size += 12 + put.key().length + put.value().length;
    }
    return size;
  }

  private static void putPuts(ByteBuffer b, List<WriteBatch.Put> puts) {
    b.putInt(puts.size());
    for (WriteBatch.Put put : puts) {
      b.putInt(put.table()).putInt(put.key().length).put(put.key()).putInt(put.value().length).put(put.value());
    }
  }

  /** Decodes a record; throws IllegalArgumentException if the bytes are not a valid record. */
  static CommitRecord decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte type = b.get();
      CommitRecord r = switch (type) {
        case SEAL -> new Seal(b.getLong());
        case COMMIT -> new Commit(b.getLong(), readPrincipal(b), readPuts(b, bytes.length));
        case PREPARE -> {
          long ts = b.getLong();
          long txnId = b.getLong();
          String principal = readPrincipal(b);
          byte coordinator = b.get();
          byte[] xid = null;
          if (coordinator == 1) {
            xid = new byte[b.getShort() & 0xFFFF];
            if (xid.length > MAX_XID_BYTES) {
              throw new IllegalArgumentException("an xid of " + xid.length + " bytes exceeds " + MAX_XID_BYTES);
            }
            b.get(xid);
          } else if (coordinator != 0) {
            throw new IllegalArgumentException("unknown coordinator kind " + coordinator + " in a PREPARE record");
          }
          yield new Prepare(ts, txnId, principal, xid, readPuts(b, bytes.length));
        }
        case DECISION -> new Decision(b.getLong(), b.getLong(), Outcome.of(b.get()));
        default -> throw new IllegalArgumentException("unknown commit record type " + type);
      };
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after commit record");
      }
      return r;
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("malformed commit record", e);
    }
  }

  /**
   * The tables a COMMIT or PREPARE record writes to, each once, in order of first appearance; empty
   * for SEAL and DECISION records (a COMMIT decision makes visible what its PREPARE named). Reads the
   * layout without copying keys or values, so a replica can tell cheaply whether a record touches a
   * table it caches (the SQL catalog, the users ledger).
   *
   * @throws IllegalArgumentException if the bytes are not a record
   */
  static int[] tables(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte type = b.get();
      if (type != COMMIT && type != PREPARE) {
        return new int[0];
      }
      b.getLong(); // timestamp
      if (type == PREPARE) {
        b.getLong(); // transaction id
      }
      skip(b, b.getShort() & 0xFFFF); // principal
      if (type == PREPARE && b.get() == 1) {
        skip(b, b.getShort() & 0xFFFF); // xid
      }
      int n = b.getInt();
      if (n < 0 || n > b.remaining() / 12) {
        throw new IllegalArgumentException("bad put count " + n + " in a record of " + bytes.length + " bytes");
      }
      int[] out = new int[Math.min(n, 4)];
      int distinct = 0;
      for (int i = 0; i < n; i++) {
        int table = b.getInt();
        skip(b, length(b)); // key
        skip(b, length(b)); // value
        boolean seen = false;
        for (int j = 0; j < distinct && !seen; j++) {
          seen = out[j] == table;
        }
        if (!seen) {
          if (distinct == out.length) {
            out = java.util.Arrays.copyOf(out, distinct * 2);
          }
          out[distinct++] = table;
        }
      }
      return java.util.Arrays.copyOf(out, distinct);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("malformed commit record", e);
    }
  }

  /** Moves past {@code n} bytes (the length is read before the position, unlike position() + get()). */
  private static void skip(ByteBuffer b, int n) {
    b.position(b.position() + n);
  }

  private static String readPrincipal(ByteBuffer b) {
    byte[] p = new byte[b.getShort() & 0xFFFF];
    b.get(p);
    return new String(p, StandardCharsets.UTF_8);
  }

  private static List<WriteBatch.Put> readPuts(ByteBuffer b, int recordLength) {
    int n = b.getInt();
    // Each put takes at least 12 bytes, so a count the record cannot hold is rejected before allocating.
    if (n < 0 || n > b.remaining() / 12) {
      throw new IllegalArgumentException("bad put count " + n + " in a record of " + recordLength + " bytes");
    }
    List<WriteBatch.Put> puts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int table = b.getInt();
      byte[] k = new byte[length(b)];
      b.get(k);
      byte[] v = new byte[length(b)];
      b.get(v);
      puts.add(new WriteBatch.Put(table, k, v));
    }
    return puts;
  }

  /** A u32 length that must fit in what is left of the record. */
  private static int length(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("a length of " + n + " runs past the end of the record");
    }
    return n;
  }
}
