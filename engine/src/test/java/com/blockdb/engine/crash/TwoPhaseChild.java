package com.blockdb.engine.crash;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import java.nio.file.Path;

/**
 * The child JVM of {@link TwoPhaseCrashTest}: prepares a local transaction (txn 1: l1, l2) and an
 * external one (txn 2, xid {@link #XID}: x1, x2), then writes and flushes enough that WAL segments
 * are released past both PREPARE records' segment if nothing kept it. With {@code commit} it then
 * commits txn 2. It prints the line the parent waits for ({@code PREPARED}, or {@code COMMITTED
 * <last sequence>}) once the step was acknowledged, and waits to be killed.
 *
 * <p>Usage: {@code TwoPhaseChild <dataDir> prepare|commit}.
 */
public final class TwoPhaseChild {

  static final byte[] XID = "gtrid-42/bqual-1".getBytes(UTF_8);
  static final int FILLER = 400;

  private TwoPhaseChild() {}

  static Options options() {
    return Options.defaults().withWalSegmentSize(4096).withMemtableSizeLimit(8 * 1024).withCompactionThreshold(3)
        .withBlockchainBatchSize(20).withWalSyncIntervalMs(0);
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    boolean commit = args[1].equals("commit");
    BlockDb db = BlockDb.open(dataDir, options());
    db.put(b("base"), b("0"));
    db.prepare(1, null, new WriteBatch().put(b("l1"), b("local 1")).put(b("l2"), b("local 2")), "tm");
    db.prepare(2, XID, new WriteBatch().put(b("x1"), b("xa 1")).put(b("x2"), b("xa 2")), "xa-user");
    for (int i = 0; i < FILLER; i++) {
      db.put(b(String.format("f%05d", i)), b("filler-" + i + "-" + "z".repeat(100)));
    }
    db.flush();
    if (commit) {
      long last = db.commitPrepared(2);
      System.out.println("COMMITTED " + last);
    } else {
      System.out.println("PREPARED");
    }
    System.out.flush();
    Thread.sleep(60_000);
    System.err.println("not killed within 60 s; exiting");
    Runtime.getRuntime().halt(3);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }
}
