package com.blockdb.jdbc.xa;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.transaction.xa.Xid;

/**
 * The bytes an {@link Xid} is stored as in a PREPARE record: u32 format id, u8 global transaction
 * id length, the global transaction id, u8 branch qualifier length, the branch qualifier (each id
 * at most 64 bytes, as XA allows).
 */
final class XidCodec {
  private XidCodec() {}

  static byte[] encode(Xid xid) {
    byte[] g = xid.getGlobalTransactionId();
    byte[] b = xid.getBranchQualifier();
    return ByteBuffer.allocate(4 + 1 + g.length + 1 + b.length)
        .putInt(xid.getFormatId()).put((byte) g.length).put(g).put((byte) b.length).put(b).array();
  }

  static Xid decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int format = in.getInt();
    byte[] g = new byte[in.get() & 0xFF];
    in.get(g);
    byte[] b = new byte[in.get() & 0xFF];
    in.get(b);
    return new StoredXid(format, g, b);
  }

  /** An Xid read back from the engine, equal to any Xid with the same three parts. */
  record StoredXid(int formatId, byte[] globalTransactionId, byte[] branchQualifier) implements Xid {
    @Override
    public int getFormatId() {
      return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
      return globalTransactionId.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
      return branchQualifier.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Xid x && x.getFormatId() == formatId
          && Arrays.equals(x.getGlobalTransactionId(), globalTransactionId)
          && Arrays.equals(x.getBranchQualifier(), branchQualifier);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * formatId + Arrays.hashCode(globalTransactionId)) + Arrays.hashCode(branchQualifier);
    }
  }
}
