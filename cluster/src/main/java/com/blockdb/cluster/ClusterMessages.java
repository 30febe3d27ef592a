package com.blockdb.cluster;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Replica;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.ratis.protocol.Message;

/**
 * What travels in Raft messages besides log entries (whose content is an engine commit record, as
 * built by {@link Replica}): read-only queries and the state machine's replies. Layouts, all
 * big-endian:
 *
 * <pre>
 *   query:        u8 op ('B' read barrier, 'S' status)
 *   barrier reply: u64 last sequence applied
 *   status reply:  the fields of {@link NodeStatus} in order (strings as u16-length UTF-8, 0xFFFF = null)
 *   write reply:  u8 kind, then
 *                   0 applied:   u64 last sequence
 *                   1 duplicate: u32 table, u32 key length, key
 *                   2 refused:   u32 error code id, UTF message
 * </pre>
 */
final class ClusterMessages {

  static final byte BARRIER = 'B';
  static final byte STATUS = 'S';

  private static final byte APPLIED = 0;
  private static final byte DUPLICATE = 1;
  private static final byte REFUSED = 2;

  private ClusterMessages() {}

  static Message query(byte op) {
    return Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(new byte[] {op}));
  }

  static byte op(Message m) {
    return m.getContent().isEmpty() ? 0 : m.getContent().byteAt(0);
  }

  static Message longReply(long v) {
    return Message.valueOf(write(o -> o.writeLong(v)));
  }

  static long longOf(Message m) {
    return read(m, DataInputStream::readLong);
  }

  /** The reply to a write: what the state machine did with its record. */
  static Message reply(Replica.ApplyResult r) {
    BlockDbException e = r.refusal();
    return Message.valueOf(write(o -> {
      if (e == null) {
        o.writeByte(APPLIED);
        o.writeLong(r.lastSequence());
      } else if (e instanceof DuplicateKeyException d) {
        o.writeByte(DUPLICATE);
        o.writeInt(d.table());
        byte[] k = d.key();
        o.writeInt(k.length);
        o.write(k);
      } else {
        o.writeByte(REFUSED);
        o.writeInt(e.code().id());
        o.writeUTF(truncate(e.getMessage()));
      }
    }));
  }

  /** The last sequence of an applied write; throws the refusal the state machine reported. */
  static long sequenceOrThrow(Message m) {
    return read(m, in -> {
      byte kind = in.readByte();
      if (kind == APPLIED) {
        return in.readLong();
      }
      if (kind == DUPLICATE) {
        int table = in.readInt();
        byte[] k = new byte[in.readInt()];
        in.readFully(k);
        throw new DuplicateKeyException(table, k);
      }
      int code = in.readInt();
      String msg = in.readUTF();
      throw new BlockDbException(codeOf(code), msg);
    });
  }

  static Message status(NodeStatus s) {
    return Message.valueOf(write(o -> {
      str(o, s.id());
      str(o, s.raftAddress());
      str(o, s.httpAddress());
      o.writeBoolean(s.reachable());
      str(o, s.role());
      str(o, s.leaderId());
      o.writeLong(s.term());
      o.writeLong(s.commitIndex());
      o.writeLong(s.appliedIndex());
      o.writeLong(s.durableIndex());
      o.writeLong(s.lastSequence());
      o.writeLong(s.blockCount());
      str(o, s.digestRoot());
      str(o, s.error());
    }));
  }

  static NodeStatus statusOf(Message m) {
    return read(m, in -> new NodeStatus(str(in), str(in), str(in), in.readBoolean(), str(in), str(in), in.readLong(),
        in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), str(in), str(in)));
  }

  private static ErrorCode codeOf(int id) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.id() == id) {
        return c;
      }
    }
    return ErrorCode.INVALID_ARGUMENT;
  }

  private static String truncate(String s) {
    String m = s == null ? "" : s;
    return m.length() > 8000 ? m.substring(0, 8000) : m;
  }

  private static void str(DataOutputStream o, String s) throws IOException {
    if (s == null) {
      o.writeShort(0xFFFF);
      return;
    }
    byte[] b = truncate(s).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    o.writeShort(Math.min(b.length, 0xFFFE));
    o.write(b, 0, Math.min(b.length, 0xFFFE));
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    if (n == 0xFFFF) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Writes into a byte string. */
  private interface Writer {
    void write(DataOutputStream o) throws IOException;
  }

  /** Reads from a message. */
  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static org.apache.ratis.thirdparty.com.google.protobuf.ByteString write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream o = new DataOutputStream(bytes)) {
      w.write(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(bytes.toByteArray());
  }

  private static <T> T read(Message m, Reader<T> r) {
    try (DataInputStream in = new DataInputStream(m.getContent().newInput())) {
      return r.read(in);
    } catch (IOException e) {
      throw new BlockDbException(ErrorCode.CORRUPTION, "malformed cluster message: " + e.getMessage(), e);
    }
  }
}
