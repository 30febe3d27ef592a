package com.blockdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code bin/blockdb-cli} against the real engine, from a fresh directory. */
class LauncherIT {
  @TempDir
  Path cwd;

  private Launcher.Result run(String... args) throws Exception {
    return Launcher.run(cwd, args);
  }

  private static void assertNoStackTrace(Launcher.Result r) {
    assertThat(r.err()).as(r.toString()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void putThenGetPrintsTheValueFromADataDirInTheWorkingDirectory() throws Exception {
    Launcher.Result put = run("put", "user:1001", "John Doe");
    assertThat(put.exitCode()).as(put.toString()).isZero();
    Launcher.Result get = run("get", "user:1001");
    assertThat(get.exitCode()).as(get.toString()).isZero();
    assertThat(get.out()).isEqualTo("John Doe\n");
    assertThat(cwd.resolve("blockdb_data")).isDirectory();
  }

  @Test
  void errorsGiveOneLineAndTheirOwnExitCode() throws Exception {
    assertThat(run("put", "user:1", "first").exitCode()).isZero();
    Launcher.Result dup = run("put", "user:1", "second");
    assertThat(dup.exitCode()).as(dup.toString()).isEqualTo(4);
    assertThat(dup.err()).startsWith("error: ").contains("user:1");
    assertNoStackTrace(dup);

    Launcher.Result missing = run("get", "user:404");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(3);
    assertThat(missing.err()).isEqualTo("error: key 'user:404' not found\n");

    Launcher.Result badBase64 = run("put", "--base64", "not base64!", "dg==");
    assertThat(badBase64.exitCode()).as(badBase64.toString()).isEqualTo(2);
    assertThat(badBase64.err()).startsWith("error: invalid base64 in KEY: ");
    assertNoStackTrace(badBase64);
  }

  @Test
  void aTornLogTailIsReportedWithFileOffsetAndBytesAndNothingAcknowledgedIsLost() throws Exception {
    assertThat(run("put", "user:1", "kept").exitCode()).isZero();
    Path wal;
    try (var files = Files.list(cwd.resolve("blockdb_data/wal"))) {
      wal = files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    // What a crash in the middle of writing a record leaves: a few bytes of a record header.
    Files.write(wal, new byte[] {0, 0, 0, 42, 7}, java.nio.file.StandardOpenOption.APPEND);
    Launcher.Result get = run("get", "user:1");
    assertThat(get.exitCode()).as(get.toString()).isZero();
    assertThat(get.out()).isEqualTo("kept\n");
    assertThat(get.err()).startsWith("warning: ").contains(wal.getFileName().toString()).contains("offset")
        .contains("bytes dropped");
    assertThat(get.err().lines().count()).as("one line, no log header").isEqualTo(1);
    Launcher.Result again = run("verify");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).doesNotContain("torn");
  }

  @Test
  void base64RoundTripsBinaryBytes() throws Exception {
    byte[] key = {(byte) 0xde, (byte) 0xad, 0, (byte) 0xbe, (byte) 0xef};
    byte[] value = {0, 1, 2, '\n', (byte) 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff, 0};
    String k = Base64.getEncoder().encodeToString(key);
    String v = Base64.getEncoder().encodeToString(value);
    Launcher.Result put = run("put", k, v, "--base64");
    assertThat(put.exitCode()).as(put.toString()).isZero();
    Launcher.Result get = run("get", "--base64", k);
    assertThat(get.exitCode()).as(get.toString()).isZero();
    assertThat(Base64.getDecoder().decode(get.out().strip())).isEqualTo(value);
  }

  @Test
  void statsVerifyDigestAndProofWorkOnRealData() throws Exception {
    for (int i = 1; i <= 3; i++) {
      assertThat(run("put", "user:100" + i, "name " + i).exitCode()).isZero();
    }
    Launcher.Result stats = run("stats");
    assertThat(stats.exitCode()).as(stats.toString()).isZero();
    assertThat(figure(stats.out(), "Entries")).isGreaterThanOrEqualTo(3);
    assertThat(figure(stats.out(), "Blocks")).isGreaterThanOrEqualTo(2);
    assertThat(figure(stats.out(), "Disk usage")).isPositive();
    assertThat(figure(stats.out(), "Ledger size")).isPositive();
    assertThat(stats.out()).contains("Data directory:", cwd.toRealPath().resolve("blockdb_data").toString())
        .containsPattern("Digest root: +[0-9a-f]{64}")
        .contains("Memtable size limit:", "WAL sync interval:", "Compaction threshold:",
            "Blockchain batch size:")
        .doesNotContain("WARNING");

    Launcher.Result verify = run("verify");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).startsWith("Verifying blockchain integrity...\n")
        .contains("✓ Blockchain integrity verified successfully").containsPattern("Checked \\d+ blocks");

    Launcher.Result digest = run("digest");
    assertThat(digest.exitCode()).as(digest.toString()).isZero();
    assertThat(digest.out()).startsWith("{\"format\":1,\"block_count\":").contains("\"root\":\"");
    Path saved = Files.writeString(cwd.resolve("saved.json"), digest.out());

    Launcher.Result proof = run("proof", "user:1002");
    assertThat(proof.exitCode()).as(proof.toString()).isZero();
    assertThat(proof.out()).startsWith("{\"format\":1,\"entry\":\"").contains("\"digest\":{");

    assertThat(run("put", "user:2001", "after the digest").exitCode()).isZero();
    Launcher.Result extends_ = run("verify", "--digest", saved.getFileName().toString());
    assertThat(extends_.exitCode()).as(extends_.toString()).isZero();
    assertThat(extends_.out()).contains("✓ Blockchain integrity verified successfully",
        "extends the saved digest");
  }

  /** The first whole number after "label:" in the stats output (sizes come in bytes first). */
  private static long figure(String stats, String label) {
    Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + ":\\s+(\\d+)").matcher(stats);
    assertThat(m.find()).as(label + " in\n" + stats).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void aSecondProcessIsToldTheDirectoryIsInUse() throws Exception {
    // The holder: an interactive session whose stdin pipe stays open.
    Process holder = Launcher.builder(cwd, Map.of(), "interactive")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      OutputStream toHolder = holder.getOutputStream();
      toHolder.write("stats\n".getBytes(StandardCharsets.UTF_8));
      toHolder.flush();
      BufferedReader fromHolder = new BufferedReader(
          new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      // Its stats output proves it has the directory open.
      CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
        try {
          for (String line; (line = fromHolder.readLine()) != null; ) {
            if (line.startsWith("BlockDB Statistics")) {
              return true;
            }
          }
          return false;
        } catch (java.io.IOException e) {
          return false;
        }
      });
      assertThat(ready.get(Launcher.TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("holder started").isTrue();

      Launcher.Result blocked = run("get", "anything");
      assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(5);
      assertThat(blocked.err()).startsWith("error: ").contains("in use by process");
      assertNoStackTrace(blocked);

      toHolder.write("exit\n".getBytes(StandardCharsets.UTF_8));
      toHolder.close();
      assertThat(holder.waitFor(Launcher.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(holder.exitValue()).isZero();
    } finally {
      holder.destroyForcibly();
    }
    // Released on exit: the next process gets in.
    assertThat(run("get", "anything").exitCode()).isEqualTo(3);
  }

  @Test
  void interactiveModeReadsCommandsFromAPipe() throws Exception {
    Launcher.Result r = Launcher.runWithInput(cwd, Map.of(), """
        put user:1003 "Alice Johnson"
        get user:1003
        get user:404
        put user:1003 "Bob"
        verify
        stats
        exit
        """, "interactive");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Alice Johnson\n", "✓ Blockchain integrity verified successfully",
        "BlockDB Statistics:").doesNotContain("blockdb>");
    assertThat(r.err()).contains("error: key 'user:404' not found", "error: duplicate key 'user:1003'");
    assertNoStackTrace(r);
    // The session sealed what it wrote when it closed; a new process sees it.
    assertThat(run("get", "user:1003").out()).isEqualTo("Alice Johnson\n");
  }

  @Test
  void configFileWithRelaxedSyncWarnsOnStdoutAndStderr() throws Exception {
    Files.writeString(cwd.resolve("blockdb.toml"), """
        [database]
        data_dir = "./configured_data"
        wal_sync_interval = 1000        # milliseconds
        blockchain_batch_size = 500

        [server]
        host = "0.0.0.0"
        port = 8080

        [cluster]
        node_id = "node1"

        [logging]
        level = "info"
        """);
    Launcher.Result stats = run("--config", "blockdb.toml", "stats");
    assertThat(stats.exitCode()).as(stats.toString()).isZero();
    String warning = "WARNING: wal_sync_interval = 1000 ms";
    assertThat(stats.out()).contains(warning, "Blockchain batch size:  500", "configured_data");
    assertThat(stats.err()).contains(warning);
    assertThat(cwd.resolve("configured_data")).isDirectory();
  }

  @Test
  void unknownConfigKeyExitsTwoNamingKeyAndFile() throws Exception {
    Files.writeString(cwd.resolve("blockdb.toml"), "[database]\nwal_sync_interval = 0\ncolour = \"blue\"\n");
    Launcher.Result r = run("--config", "blockdb.toml", "stats");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: ").contains("'colour'", "blockdb.toml");
    assertNoStackTrace(r);
  }

  @Test
  void environmentNamesTheDataDirAndTheFlagOverridesIt() throws Exception {
    Path envDir = cwd.resolve("env_data");
    Map<String, String> env = Map.of("BLOCKDB_DATA_DIR", envDir.toString());
    assertThat(Launcher.run(cwd, env, "put", "k", "from env").exitCode()).isZero();
    assertThat(envDir).isDirectory();
    assertThat(cwd.resolve("blockdb_data")).doesNotExist();
    assertThat(Launcher.run(cwd, env, "get", "k").out()).isEqualTo("from env\n");
    Launcher.Result overridden = Launcher.run(cwd, env, "--data-dir", "flag_data", "get", "k");
    assertThat(overridden.exitCode()).as(overridden.toString()).isEqualTo(3);
    assertThat(cwd.resolve("flag_data")).isDirectory();
  }

  @Test
  void helpAndVersionExitZero() throws Exception {
    Launcher.Result help = run("--help");
    assertThat(help.exitCode()).as(help.toString()).isZero();
    assertThat(help.out()).contains("Usage: blockdb-cli", "interactive", "Exit codes");
    Launcher.Result version = run("--version");
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out()).startsWith("blockdb-cli 0.1.0");
    assertThat(cwd.resolve("blockdb_data")).doesNotExist();
  }
  @Test
  void backupRestoreAndTamperingAreToldApartByExitCodes() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(run("put", "user:" + i, "name " + i).exitCode()).isZero();
    }
    Launcher.Result digest = run("digest");
    Path saved = Files.writeString(cwd.resolve("saved.json"), digest.out());
    assertThat(run("put", "user:20", "after the digest").exitCode()).isZero();

    Launcher.Result backup = run("backup", "backup");
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(backup.out()).startsWith("✓ Backed up ").contains("entries up to sequence 21");
    assertNoStackTrace(backup);
    Launcher.Result again = run("backup", "backup");
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);
    assertThat(again.err()).startsWith("error: ").contains("not empty");

    Launcher.Result restore = run("restore", "backup", "restored", "--digest", saved.getFileName().toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.out()).contains("✓ Blockchain integrity verified", "extends the saved digest");
    assertThat(Launcher.run(cwd, "-d", "restored", "get", "user:20").out()).isEqualTo("after the digest\n");

    // A backup file damaged at rest: restore refuses it with exit code 1 and creates nothing.
    Path blocks = cwd.resolve("backup/ledger/blocks.dat");
    byte[] bytes = Files.readAllBytes(blocks);
    bytes[bytes.length - 5] ^= 1;
    Files.write(blocks, bytes);
    Launcher.Result damaged = run("restore", "backup", "restored2");
    assertThat(damaged.exitCode()).as(damaged.toString()).isEqualTo(1);
    assertThat(damaged.out()).contains("✗ Restore FAILED: ").contains("blocks.dat");
    assertThat(cwd.resolve("restored2")).doesNotExist();
  }
}
