package com.blockdb.engine.crash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.PreparedTransaction;
import com.blockdb.engine.Tables;
import com.blockdb.engine.VerifyResult;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-phase commit across a SIGKILL: a child JVM ({@link TwoPhaseChild}) prepares a local and an
 * external (XA) transaction, writes and flushes past them, and is killed either before any decision
 * or right after the COMMIT decision of the external one was acknowledged. The parent reopens the
 * directory and checks what recovery did with each transaction.
 */
class TwoPhaseCrashTest {

  @TempDir
  Path tmp;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void killedAfterPrepareRollsBackTheLocalAndKeepsTheExternalInDoubt() throws Exception {
    Path data = tmp.resolve("data");
    String line = runAndKill(data, "prepare", "PREPARED");
    assertThat(line).isEqualTo("PREPARED");
    long filled = 1 + TwoPhaseChild.FILLER;
    try (BlockDb db = BlockDb.open(data, TwoPhaseChild.options())) {
      List<PreparedTransaction> left = db.preparedTransactions();
      assertThat(left).extracting(PreparedTransaction::txnId).containsExactly(2L);
      assertThat(left.get(0).xid()).isEqualTo(TwoPhaseChild.XID);
      assertThat(left.get(0).principal()).isEqualTo("xa-user");
      assertThat(db.recoveryNotes()).anyMatch(n -> n.contains("rolled back prepared transaction 1"));
      assertThat(db.lastSequence()).isEqualTo(filled);
      assertThat(db.get(b("x1"))).isNull();
      assertThatThrownBy(() -> db.put(b("x2"), b("w")))
          .matches(e -> ((BlockDbException) e).code() == ErrorCode.KEY_IN_DOUBT);
      db.put(b("l1"), b("free after presumed abort"));

      long last = db.commitPrepared(2);
      assertThat(last).isEqualTo(filled + 3);
      assertThat(db.get(b("x1"))).isEqualTo(b("xa 1"));
    }
    try (BlockDb db = BlockDb.open(data, TwoPhaseChild.options())) {
      assertThat(db.preparedTransactions()).isEmpty();
      assertThat(db.recoveryNotes()).isEmpty();
      assertThat(db.get(b("l1"))).isEqualTo(b("free after presumed abort"));
      assertThat(db.get(b("l2"))).isNull();
      assertThat(db.getEntry(Tables.KV, b("x2"), Long.MAX_VALUE).sequence()).isEqualTo(filled + 3);
      assertVerified(db, filled + 3);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void killedAfterTheCommitDecisionWasAcknowledgedKeepsTheTransaction() throws Exception {
    Path data = tmp.resolve("data");
    String line = runAndKill(data, "commit", "COMMITTED");
    long acknowledged = Long.parseLong(line.substring("COMMITTED ".length()));
    long filled = 1 + TwoPhaseChild.FILLER;
    assertThat(acknowledged).isEqualTo(filled + 2);
    try (BlockDb db = BlockDb.open(data, TwoPhaseChild.options())) {
      assertThat(db.preparedTransactions()).isEmpty();
      assertThat(db.recoveryNotes()).anyMatch(n -> n.contains("rolled back prepared transaction 1"));
      Entry x1 = db.getEntry(Tables.KV, b("x1"), Long.MAX_VALUE);
      Entry x2 = db.getEntry(Tables.KV, b("x2"), Long.MAX_VALUE);
      assertThat(x1.value()).isEqualTo(b("xa 1"));
      assertThat(x1.sequence()).isEqualTo(filled + 1);
      assertThat(x2.sequence()).isEqualTo(acknowledged);
      assertThat(x1.principal()).isEqualTo("xa-user");
      assertThat(db.get(b("l1"))).isNull();
      assertThat(db.lastSequence()).isEqualTo(acknowledged);
      db.seal();
      assertThat(db.blockHeightOf(x1.sequence())).isEqualTo(db.blockHeightOf(x2.sequence()));
      assertVerified(db, acknowledged);
    }
  }

  private static void assertVerified(BlockDb db, long entries) {
    VerifyResult r = db.verify(null, null);
    assertThat(r.ok()).as(r.message()).isTrue();
    assertThat(r.entriesChecked()).isEqualTo(entries);
  }

  /** Runs the child until it prints a line starting with {@code want}, SIGKILLs it, returns the line. */
  private String runAndKill(Path data, String mode, String want) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path err = tmp.resolve(mode + ".stderr");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), TwoPhaseChild.class.getName(), data.toString(), mode);
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          if (l.startsWith(want)) {
            return l;
          }
        }
        return null;
      } catch (java.io.IOException e) {
        return null;
      }
    });
    String got;
    try {
      got = line.get(2, TimeUnit.MINUTES);
    } finally {
      // Process.destroyForcibly is SIGKILL on Linux and macOS: no shutdown hooks, no finally blocks.
      p.destroyForcibly();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the child did not die after SIGKILL");
      }
    }
    String stderr = Files.exists(err) ? Files.readString(err, UTF_8) : "";
    if (got == null) {
      throw new AssertionError("the child ended without printing " + want + " (exit " + p.exitValue()
          + "); stderr:\n" + stderr);
    }
    assertThat(p.exitValue()).as("killed by SIGKILL, not ended by itself; stderr:\n" + stderr).isEqualTo(137);
    return got;
  }
}
