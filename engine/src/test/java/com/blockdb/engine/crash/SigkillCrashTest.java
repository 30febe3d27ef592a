package com.blockdb.engine.crash;

import com.blockdb.engine.testing.LedgerModel;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Options;
import com.blockdb.engine.Stats;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash test (a): a child JVM ({@link CrashWriter}) writes single puts and batches from several
 * threads with durable settings and is killed with SIGKILL at a random moment, round after round on
 * ONE data directory. After every kill the directory is reopened here and checked:
 *
 * <ul>
 *   <li>every acknowledged put is present, with its value (also through a point lookup);
 *   <li>every present key was attempted by some round, with the value it was attempted with;
 *   <li>every batch is present whole or not at all; rejected writes (duplicates) left nothing;
 *   <li>sequence numbers are dense: the entries hold exactly 1..N and N == lastSequence();
 *   <li>verify passes, checks all N entries, and the ledger extends the digest saved last round.
 * </ul>
 *
 * Every fourth round a second child is started right after the kill and killed again while it is
 * still recovering, so recovery of an interrupted recovery is exercised too.
 *
 * <p>Rounds: {@code -Dblockdb.crash.rounds} (20 by default, 200 with {@code -Plong}). The seed is
 * printed; rerun with {@code -Dblockdb.crash.seed=<seed>} to repeat the same kill schedule (thread
 * timing still varies). The children also read their own acknowledged keys back while they run, one
 * op in 16 ({@code -Dblockdb.crash.readBackEvery=2} reads more; it found the skip list's lookup
 * race in about 80 rounds).
 */
class SigkillCrashTest {

  private static final long READY_TIMEOUT_S = 30;

  @TempDir
  Path tmp;

  /**
   * Accumulated over all rounds from the children's intent logs: attempted (fresh keys of S and B
   * ops, with their values), acknowledged, batches, and must-be-absent keys (fresh keys of D and I ops).
   */
  private final LedgerModel model = new LedgerModel();
  private final Map<String, String> attempted = model.attempted;
  private final Set<String> acked = model.acked;
  private final Set<String> mustBeAbsent = model.mustBeAbsent;
  private final List<List<String>> batches = model.batches;
  private long childSeconds;

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void sigkillWhileWritingLosesNothingAcknowledged() throws Exception {
    int rounds = Integer.getInteger("blockdb.crash.rounds", 20);
    long seed = Long.getLong("blockdb.crash.seed", System.nanoTime());
    System.out.println("SigkillCrashTest: rounds=" + rounds + " seed=" + seed
        + " (rerun with -Dblockdb.crash.seed=" + seed + ")");
    Random rnd = new Random(seed);
    Path data = tmp.resolve("data");
    Path intents = tmp.resolve("intents");
    Files.createDirectories(intents);
    Digest saved = null;
    int gen = 0;
    long start = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      String where = "seed " + seed + ", round " + round;
      gen++;
      long killAfter = 50 + rnd.nextInt(351);
      String child = runAndKill(data, intents, rnd.nextLong(), gen, true, killAfter, where);
      String extra = "";
      if (round % 4 == 3) {
        gen++;
        long early = rnd.nextInt(80);
        extra = "; recovery child " + runAndKill(data, intents, rnd.nextLong(), gen, false, early, where);
      }
      int newOps = readIntents(intents, where);
      saved = check(data, saved, where + " (" + child + extra + ", " + newOps + " new attempts)");
    }
    System.out.printf("SigkillCrashTest: %d rounds, %d children, %d keys attempted, %d acknowledged, "
        + "%d batches, %.1f s (children %.1f s)%n", rounds, gen, attempted.size(), acked.size(), batches.size(),
        (System.nanoTime() - start) / 1e9, childSeconds / 1e9);
    assertThat(acked).as("the children acknowledged writes").isNotEmpty();
    assertThat(batches.stream().anyMatch(b -> acked.contains(b.get(0)))).as("a batch was acknowledged").isTrue();
  }

  /**
   * Starts a writer child and SIGKILLs it {@code delayMs} after it reported READY (writing) or,
   * when {@code waitReady} is false, after it reported OPENING (recovering).
   */
  private String runAndKill(Path data, Path intents, long childSeed, int gen, boolean waitReady, long delayMs,
      String where) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path err = intents.resolve(String.format("g%03d.stderr", gen));
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dblockdb.crash.readBackEvery=" + CrashWriter.READ_BACK_EVERY,
        "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
        data.toString(), intents.toString(), Long.toString(childSeed), Integer.toString(gen));
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    long t0 = System.nanoTime();
    Process p = pb.start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          lines.add(l);
        }
      } catch (IOException ignored) {
        // the child was killed
      }
      lines.add("EOF");
    }, "crash-child-stdout");
    reader.setDaemon(true);
    reader.start();
    String opening = null;
    try {
      String want = waitReady ? "READY" : "OPENING";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_S);
      while (true) {
        String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (l == null || l.equals("EOF")) {
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
          throw new AssertionError(where + ": child g" + gen + " did not report " + want + " ("
              + (l == null ? "timeout" : "exited with " + p.exitValue()) + "); stderr:\n" + readQuietly(err));
        }
        if (l.startsWith("OPENING")) {
          opening = l.substring("OPENING".length()).trim();
        }
        if (l.startsWith(want)) {
          break;
        }
      }
      Thread.sleep(delayMs);
    } finally {
      // Process.destroyForcibly is SIGKILL on Linux and macOS: no shutdown hooks, no finally blocks.
      p.destroyForcibly();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(where + ": child g" + gen + " did not die after SIGKILL");
      }
      childSeconds += System.nanoTime() - t0;
    }
    int exit = p.exitValue();
    if (exit != 137) {
      throw new AssertionError(where + ": child g" + gen + " exited with " + exit
          + " before it was killed (SIGKILL gives 137); stderr:\n" + readQuietly(err));
    }
    return "g" + gen + (waitReady ? " killed " + delayMs + " ms after READY" : " killed " + delayMs
        + " ms after OPENING") + " [" + opening + "]";
  }

  private final Set<Path> readFiles = new HashSet<>();

  /** Reads the intent files of children not read yet; returns the number of attempts found. */
  private int readIntents(Path intents, String where) throws IOException {
    List<String> problems = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(intents)) {
      files = s.filter(f -> f.toString().endsWith(".log") && !readFiles.contains(f)).sorted().toList();
    }
    int count = 0;
    for (Path f : files) {
      readFiles.add(f);
      for (IntentLog.Op op : IntentLog.read(f, problems)) {
        count++;
        if (op.error != null) {
          problems.add("child reported an unexpected error for " + op + ": " + op.error);
        }
        switch (op.type) {
          case 'S', 'B' -> {
            for (String k : op.keys) {
              if (attempted.put(k, IntentLog.valueFor(k)) != null) {
                problems.add("key attempted twice: " + k);
              }
              if (op.acked) {
                acked.add(k);
              }
            }
            if (op.type == 'B') {
              batches.add(op.keys);
            }
            if (op.duplicateRejected) {
              problems.add("fresh write rejected as a duplicate: " + op);
            }
          }
          case 'D', 'I' -> {
            if (op.acked) {
              problems.add("a write naming a duplicate key was acknowledged: " + op);
            }
            mustBeAbsent.addAll(op.type == 'D' ? op.keys.subList(1, op.keys.size()) : op.keys);
          }
          default -> problems.add("unknown op type " + op);
        }
      }
    }
    List<Path> errs;
    try (Stream<Path> s = Files.list(intents)) {
      errs = s.filter(f -> f.toString().endsWith(".stderr") && !readFiles.contains(f)).sorted().toList();
    }
    for (Path err : errs) {
      readFiles.add(err);
      String stderr = readQuietly(err);
      if (stderr.contains("Exception") || stderr.contains("Error")) {
        problems.add("child stderr (" + err.getFileName() + ") reports:\n" + stderr);
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(where + ": " + problems.size() + " problem(s) in the children's intent logs:\n  "
          + String.join("\n  ", problems.subList(0, Math.min(20, problems.size()))));
    }
    return count;
  }

  /** Reopens the directory and checks everything (see {@link LedgerModel#check}); returns the digest to check next round. */
  private Digest check(Path data, Digest saved, String where) {
    try (BlockDb db = BlockDb.open(data, Options.defaults())) {
      LedgerModel.Check c = model.check(db, saved, true);
      Stats st = c.stats();
      System.out.printf("  %s: %d entries, %d acked keys, %d blocks, %d sstables, %d wal segments%n", where,
          c.entries(), acked.size(), st.blocks(), st.sstables(), st.walSegments());
      model.assertClean(c, where + " after reopening");
      return c.digest();
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + p + ": " + e + ")";
    }
  }
}
