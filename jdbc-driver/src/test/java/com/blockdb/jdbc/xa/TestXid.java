package com.blockdb.jdbc.xa;

import java.nio.charset.StandardCharsets;
import javax.transaction.xa.Xid;

/** An Xid as a transaction manager makes one: a global id shared by the branches, a branch qualifier each. */
record TestXid(String global, String branch) implements Xid {
  @Override
  public int getFormatId() {
    return 0x4244; // any format id: BlockDB stores it and gives it back
  }

  @Override
  public byte[] getGlobalTransactionId() {
    return global.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] getBranchQualifier() {
    return branch.getBytes(StandardCharsets.UTF_8);
  }
}
