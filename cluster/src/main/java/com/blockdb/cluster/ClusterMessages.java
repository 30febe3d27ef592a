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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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
 *   group entry:  u8 'G', u32 count, then count × (u32 length, an engine COMMIT record)
 *   group reply:  u8 'G', u32 count, then count × (u32 length, a write reply)
 * </pre>
 *
 * <p>A log entry is either one engine record (its first byte, the record type, is 1 to 4) or a
 * group: the COMMIT records a leader gathered while earlier entries were in flight, applied in
 * order at the entry's index, each accepted or refused on its own (docs/CLUSTER.md).
 */
final class ClusterMessages {

  static final byte BARRIER = 'B';
  static final byte STATUS = 'S';

  private static final byte APPLIED = 0;
  private static final byte DUPLICATE = 1;
  private static final byte REFUSED = 2;

  /** First byte of a group entry and of its reply; never a record type. */
  static final byte GROUP = 'G';

  private ClusterMessages() {}

  /** Whether a log entry's content is a group of records. */
  static boolean isGroup(byte[] entry) {
    return entry.length > 0 && entry[0] == GROUP;
  }

  /** A group entry of {@code records}, in order. */
  static byte[] group(List<byte[]> records) {
    int size = 5;
    for (byte[] r : records) {
      size += 4 + r.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(GROUP).putInt(records.size());
    for (byte[] r : records) {
      b.putInt(r.length).put(r);
    }
    return b.array();
  }

  /** The records of a group entry; throws IllegalArgumentException if it is malformed. */
  static List<byte[]> records(byte[] group) {
    try {
      ByteBuffer b = ByteBuffer.wrap(group);
      if (b.get() != GROUP) {
        throw new IllegalArgumentException("not a group entry");
      }
      int n = b.getInt();
      if (n < 0 || n > b.remaining() / 4) {
        throw new IllegalArgumentException("bad record count " + n);
      }
      List<byte[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
          throw new IllegalArgumentException("record " + i + " runs past the end of the entry");
        }
        byte[] r = new byte[len];
        b.get(r);
        out.add(r);
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after " + n + " records");
      }
      return out;
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated group entry", e);
    }
  }

  /** The reply to a group entry: one write reply per record, in order. */
  static Message groupReply(List<Replica.ApplyResult> results) {
    return Message.valueOf(write(o -> {
      o.writeByte(GROUP);
      o.writeInt(results.size());
      for (Replica.ApplyResult r : results) {
        org.apache.ratis.thirdparty.com.google.protobuf.ByteString one = reply(r).getContent();
        o.writeInt(one.size());
        one.writeTo(o);
      }
    }));
  }

  /** The write replies in a group reply, in order. */
  static List<Message> replies(Message groupReply) {
    return read(groupReply, in -> {
      if (in.readByte() != GROUP) {
        throw new IOException("not a group reply");
      }
      int n = in.readInt();
      List<Message> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] one = new byte[in.readInt()];
        in.readFully(one);
        out.add(Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(one)));
      }
      return out;
    });
  }

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
