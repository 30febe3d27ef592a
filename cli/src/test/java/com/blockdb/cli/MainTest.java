package com.blockdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands, outputs and exit codes, run in-process against {@link FakeDb}. */
class MainTest {
  @TempDir
  Path tmp;

  FakeDb db;
  Settings opened;

  private final Function<Settings, BlockDb> opener = s -> {
    opened = s;
    if (db == null) {
      db = new FakeDb(s.options());
    }
    return db;
  };

  private CliRun run(String... args) {
    return CliRun.run(opener, args);
  }

  @Test
  void putThenGet() {
    CliRun put = run("put", "user:1001", "John Doe");
    assertThat(put.exitCode).as(put.toString()).isZero();
    CliRun get = run("get", "user:1001");
    assertThat(get.exitCode).isZero();
    assertThat(get.out).isEqualTo("John Doe\n");
    assertThat(db.closed).isTrue();
  }

  @Test
  void duplicateKeyExitsFourWithoutStackTrace() {
    run("put", "k", "v");
    CliRun again = run("put", "k", "w");
    assertThat(again.exitCode).isEqualTo(4);
    assertThat(again.err).startsWith("error: duplicate key 'k'").doesNotContain("Exception", "\tat ");
    assertThat(again.err.lines()).hasSize(1);
  }

  @Test
  void missingKeyExitsThree() {
    CliRun get = run("get", "nope");
    assertThat(get.exitCode).isEqualTo(3);
    assertThat(get.err).isEqualTo("error: key 'nope' not found\n");
    assertThat(run("proof", "nope").exitCode).isEqualTo(3);
  }

  @Test
  void invalidBase64ExitsTwoBeforeOpening() {
    CliRun put = run("put", "k*", "dg==", "--base64");
    assertThat(put.exitCode).isEqualTo(2);
    assertThat(put.err).startsWith("error: invalid base64 in KEY: ");
    assertThat(opened).isNull();
  }

  @Test
  void base64KeyAndValue() {
    assertThat(run("put", "--base64", "AAH/", "/v8A").exitCode).isZero();
    assertThat(db.getEntry(0, new byte[] {0, 1, (byte) 0xff}, Long.MAX_VALUE).value())
        .isEqualTo(new byte[] {(byte) 0xfe, (byte) 0xff, 0});
    assertThat(run("get", "AAH/", "--base64").out).isEqualTo("/v8A\n");
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    for (String[] args : new String[][] {{}, {"put", "k"}, {"frobnicate"}, {"get", "--bogus", "k"},
        {"put", "k", "-v"}}) {
      CliRun r = run(args);
      assertThat(r.exitCode).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err).as(String.join(" ", args)).startsWith("error: ");
      assertThat(r.err.lines()).hasSize(1);
    }
    assertThat(run("put", "k", "-v").err).contains("'--'");
  }

  @Test
  void helpAndVersionExitZero() {
    CliRun help = run("--help");
    assertThat(help.exitCode).isZero();
    assertThat(help.out).contains("put", "get", "stats", "verify", "digest", "proof", "interactive",
        "Exit codes");
    CliRun version = run("--version");
    assertThat(version.exitCode).isZero();
    assertThat(version.out).startsWith("blockdb-cli ");
    assertThat(run("put", "--help").exitCode).isZero();
    assertThat(opened).isNull();
  }

  @Test
  void dataDirFlagWorksBeforeOrAfterTheCommand() {
    run("-d", "one", "put", "k", "v");
    assertThat(opened.dataDir()).isEqualTo(Path.of("one"));
    run("get", "k", "--data-dir", "two");
    assertThat(opened.dataDir()).isEqualTo(Path.of("two"));
    Map<String, String> env = new HashMap<>(Map.of("BLOCKDB_DATA_DIR", "env-dir"));
    CliRun.run(env, opener, "get", "k");
    assertThat(opened.dataDir()).isEqualTo(Path.of("env-dir"));
  }

  @Test
  void statsShowsFiguresAndConfiguration() {
    run("put", "a", "1");
    CliRun stats = run("stats");
    assertThat(stats.exitCode).isZero();
    assertThat(stats.out).contains("Entries:", "Blocks:", "height", "Pending entries:", "SSTables:",
        "WAL segments:", "Ledger size:", "Disk usage:", "Digest root:", "Memtable size limit:    67108864 bytes (64 MiB)",
        "WAL sync interval:      0 ms", "Compaction threshold:   4", "Blockchain batch size:  1000");
    assertThat(stats.out).doesNotContain("WARNING");
  }

  @Test
  void relaxedDurabilityIsWarnedOnStderrForEveryCommandAndInStats() throws IOException {
    Path cfg = tmp.resolve("blockdb.toml");
    Files.writeString(cfg, "[database]\nwal_sync_interval = 1000\n");
    CliRun put = run("--config", cfg.toString(), "put", "a", "1");
    assertThat(put.err).contains("WARNING: wal_sync_interval = 1000 ms");
    CliRun stats = run("--config", cfg.toString(), "stats");
    assertThat(stats.out).contains("WARNING: wal_sync_interval = 1000 ms");
    assertThat(stats.err).contains("WARNING: wal_sync_interval = 1000 ms");
  }

  @Test
  void unknownConfigKeyExitsTwo() throws IOException {
    Path cfg = tmp.resolve("blockdb.toml");
    Files.writeString(cfg, "[database]\ncolour = 1\n");
    CliRun r = run("--config", cfg.toString(), "stats");
    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.err).contains("colour", cfg.toString());
  }

  @Test
  void verifySuccessAndFailure() {
    run("put", "a", "1");
    CliRun ok = run("verify");
    assertThat(ok.exitCode).isZero();
    assertThat(ok.out).startsWith("Verifying blockchain integrity...\n")
        .contains("✓ Blockchain integrity verified successfully", "Checked 2 blocks and 1 entries");
    db.verify = () -> new VerifyResult(false, 3, 10, 2, "user:7", "000001.sst", "Merkle root mismatch", 4);
    CliRun bad = run("verify");
    assertThat(bad.exitCode).isEqualTo(1);
    assertThat(bad.out).contains("✗ Blockchain integrity verification FAILED: Merkle root mismatch "
        + "(block 2, key 'user:7', file 000001.sst)");
    db.verify = () -> {
      throw new CorruptionException(Path.of("blocks.dat"), 99, "bad checksum");
    };
    CliRun corrupt = run("verify");
    assertThat(corrupt.exitCode).isEqualTo(1);
    assertThat(corrupt.out).contains("✗ Blockchain integrity verification FAILED: corruption in blocks.dat");
  }

  @Test
  void verifyReportsALedgerTooDamagedToOpenAsAFailedVerification() {
    Function<Settings, BlockDb> corrupt = s -> {
      throw new CorruptionException(Path.of("blocks.dat"), 130, "damaged block record");
    };
    CliRun verify = CliRun.run(corrupt, "verify");
    assertThat(verify.exitCode).isEqualTo(1);
    assertThat(verify.out).contains("✗ Blockchain integrity verification FAILED: corruption in blocks.dat");
    CliRun get = CliRun.run(corrupt, "get", "k");
    assertThat(get.exitCode).isEqualTo(6);
    assertThat(get.err).startsWith("error: ")
        .endsWith("corruption in blocks.dat at offset 130: damaged block record\n");
  }

  @Test
  void verifyAgainstASavedDigest() throws IOException {
    run("put", "a", "1");
    CliRun digest = run("digest");
    assertThat(digest.out).startsWith("{\"format\":1,");
    Path saved = tmp.resolve("saved.json");
    Files.writeString(saved, digest.out);
    CliRun ok = run("verify", "--digest", saved.toString());
    assertThat(ok.exitCode).as(ok.toString()).isZero();
    assertThat(ok.out).contains("extends the saved digest");
    Files.writeString(saved, "{\"format\":1}");
    CliRun bad = run("verify", "--digest", saved.toString());
    assertThat(bad.exitCode).isEqualTo(2);
    assertThat(bad.err).startsWith("error: invalid digest file");
    assertThat(run("verify", "--digest", tmp.resolve("none.json").toString()).exitCode).isEqualTo(2);
  }

  @Test
  void proofPrintsJson() {
    run("put", "a", "1");
    CliRun proof = run("proof", "a");
    assertThat(proof.exitCode).isZero();
    assertThat(proof.out).startsWith("{\"format\":1,\"entry\":\"61\"");
  }

  @Test
  void openFailuresExitFive() throws IOException {
    CliRun inUse = CliRun.run(s -> {
      throw new BlockDbException(ErrorCode.DIRECTORY_IN_USE,
          "data directory " + s.dataDir() + " is in use by process 4242");
    }, "get", "k");
    assertThat(inUse.exitCode).isEqualTo(5);
    assertThat(inUse.err).isEqualTo("error: data directory ./blockdb_data is in use by process 4242\n");
    CliRun unreadable = CliRun.run(s -> {
      throw new BlockDbException(ErrorCode.IO_ERROR, "Permission denied");
    }, "get", "k");
    assertThat(unreadable.exitCode).isEqualTo(5);
    assertThat(unreadable.err).contains("cannot open data directory", "Permission denied");
    Path file = Files.writeString(tmp.resolve("file"), "x");
    CliRun notDir = run("-d", file.toString(), "get", "k");
    assertThat(notDir.exitCode).isEqualTo(5);
    assertThat(notDir.err).contains("not a directory");
  }

  @Test
  void storageErrorsAfterOpenExitSix() {
    run("put", "a", "1");
    db.writeFailure = new BlockDbException(ErrorCode.IO_ERROR, "No space left on device");
    CliRun r = run("put", "b", "2");
    assertThat(r.exitCode).isEqualTo(6);
    assertThat(r.err).isEqualTo("error: No space left on device\n");
  }

  @Test
  void bugsExitSeventyAndShowATraceOnlyWhenDebugging() {
    run("put", "a", "1");
    db.writeFailure = new IllegalStateException("oops");
    CliRun quiet = run("put", "b", "2");
    assertThat(quiet.exitCode).isEqualTo(70);
    assertThat(quiet.err).startsWith("error: internal error").doesNotContain("\tat ");
    CliRun debug = CliRun.run(new HashMap<>(Map.of("BLOCKDB_DEBUG", "1")), opener, "put", "b", "2");
    assertThat(debug.exitCode).isEqualTo(70);
    assertThat(debug.err).contains("\tat ");
  }
}
