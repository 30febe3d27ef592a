package com.blockdb.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Digest;
import com.blockdb.engine.backup.BackupArchive;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup} and {@code restore} run in-process against the real engine and real files. */
class BackupRestoreCommandTest {
  @TempDir
  Path tmp;

  private final Function<Settings, BlockDb> opener = s -> BlockDb.open(s.dataDir(), s.options());

  private CliRun run(String... args) {
    return CliRun.run(opener, args);
  }

  private CliRun runWithEnv(Map<String, String> env, String... args) {
    return CliRun.run(new HashMap<>(env), opener, args);
  }

  private String p(String name) {
    return tmp.resolve(name).toString();
  }

  private void putMany(String dataDir, int from, int to) {
    try (BlockDb db = BlockDb.open(Path.of(dataDir))) {
      for (int i = from; i < to; i++) {
        db.put(("user:" + i).getBytes(UTF_8), ("name " + i).getBytes(UTF_8));
      }
    }
  }

  private Path saveDigest(String dataDir, String file) throws IOException {
    CliRun d = run("-d", dataDir, "digest");
    assertThat(d.exitCode).as(d.toString()).isZero();
    return Files.writeString(tmp.resolve(file), d.out);
  }

  @Test
  void backupThenRestoreVerifiesAgainstTheBackupAndASavedDigest() throws Exception {
    String data = p("data");
    putMany(data, 0, 50);
    Path saved = saveDigest(data, "saved.json");
    putMany(data, 50, 120);

    CliRun backup = run("-d", data, "backup", p("backup"));
    assertThat(backup.exitCode).as(backup.toString()).isZero();
    assertThat(backup.out).startsWith("✓ Backed up ").contains("entries up to sequence 120");
    String digestLine = backup.out.strip().lines().reduce((a, b) -> b).orElseThrow();
    Digest printed = Digest.fromJson(digestLine);
    assertThat(Files.readString(tmp.resolve("backup").resolve(BackupDescriptor.FILE_NAME)))
        .contains(printed.toJson());

    CliRun restore = run("restore", p("backup"), p("restored"), "--digest", saved.toString());
    assertThat(restore.exitCode).as(restore.toString()).isZero();
    assertThat(restore.out).contains("✓ Copied ", "SHA-256", "✓ Blockchain integrity verified: ",
        "120 entries", "digest is the backup's: " + printed.toJson(), "extends the saved digest",
        "Restored into ");
    CliRun get = run("-d", p("restored"), "get", "user:119");
    assertThat(get.out).isEqualTo("name 119\n");
    CliRun verify = run("-d", p("restored"), "verify", "--digest", saved.toString());
    assertThat(verify.exitCode).as(verify.toString()).isZero();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(x -> x.getFileName().toString())).as("no staging directory is left")
          .noneMatch(n -> n.contains(".restoring-"));
    }
  }

  @Test
  void helpListsTheCommandsAndTheServerExitCode() {
    CliRun help = run("--help");
    assertThat(help.exitCode).isZero();
    assertThat(help.out).contains("backup", "restore", "the server could not be reached", "restore found");
    assertThat(run("backup", "--help").out).contains("--server", "--user", "--password");
    assertThat(run("restore", "--help").out).contains("--digest", "NEW_DIR");
  }

  @Test
  void aTamperedRestoredCopyFailsVerification() throws Exception {
    String data = p("data");
    putMany(data, 0, 30);
    assertThat(run("-d", data, "backup", p("backup")).exitCode).isZero();
    Path digest = Files.writeString(tmp.resolve("backup.json"),
        BackupDescriptorJson.digestOf(tmp.resolve("backup")).toJson());
    assertThat(run("restore", p("backup"), p("restored")).exitCode).isZero();
    // Change one stored value in place (an SSTable of the restored copy, or its log).
    Path victim = fileHolding(tmp.resolve("restored"), "name 7".getBytes(UTF_8));
    byte[] bytes = Files.readAllBytes(victim);
    int at = indexOf(bytes, "name 7".getBytes(UTF_8));
    bytes[at + 5] = '8';
    Files.write(victim, bytes);
    CliRun verify = run("-d", p("restored"), "verify", "--digest", digest.toString());
    assertThat(verify.exitCode).as(verify.toString()).isEqualTo(ExitCodes.VERIFY_FAILED);
    assertThat(verify.out).contains("✗ Blockchain integrity verification FAILED");
  }

  @Test
  void aDamagedBackupIsRefusedAndTheTargetIsNotCreated() throws Exception {
    String data = p("data");
    putMany(data, 0, 30);
    assertThat(run("-d", data, "backup", p("backup")).exitCode).isZero();
    Path blocks = tmp.resolve("backup/ledger/blocks.dat");
    byte[] bytes = Files.readAllBytes(blocks);
    bytes[bytes.length - 40] ^= 1;
    Files.write(blocks, bytes);
    CliRun restore = run("restore", p("backup"), p("restored"));
    assertThat(restore.exitCode).as(restore.toString()).isEqualTo(ExitCodes.VERIFY_FAILED);
    assertThat(restore.out).contains("✗ Restore FAILED: ").contains("ledger/blocks.dat");
    assertThat(tmp.resolve("restored")).doesNotExist();
  }

  @Test
  void aBackupDescriptorWhoseHashesWereForgedStillFailsOnTheLedger() throws Exception {
    String data = p("data");
    putMany(data, 0, 30);
    assertThat(run("-d", data, "backup", p("backup")).exitCode).isZero();
    // Rewrite a value in the backup's log, fix the log record's CRC32C and the descriptor's
    // SHA-256, as a careful attacker would: only the ledger's hashes can tell.
    Path victim = fileHolding(tmp.resolve("backup/wal"), "name 3".getBytes(UTF_8));
    byte[] bytes = Files.readAllBytes(victim);
    int at = indexOf(bytes, "name 3".getBytes(UTF_8));
    bytes[at + 5] = '4';
    fixWalRecordCrc(bytes, at);
    Files.write(victim, bytes);
    BackupDescriptorJson.rehash(tmp.resolve("backup"));
    CliRun restore = run("restore", p("backup"), p("restored"));
    assertThat(restore.exitCode).as(restore.toString()).isEqualTo(ExitCodes.VERIFY_FAILED);
    assertThat(restore.out).contains("✓ Copied ").contains("✗ Restore FAILED: ").contains("user:3");
    assertThat(tmp.resolve("restored")).doesNotExist();
  }

  @Test
  void aSavedDigestNewerThanTheBackupCannotBeProved() throws Exception {
    String data = p("data");
    putMany(data, 0, 10);
    assertThat(run("-d", data, "backup", p("backup")).exitCode).isZero();
    putMany(data, 10, 20);
    Path later = saveDigest(data, "later.json");
    CliRun restore = run("restore", p("backup"), p("restored"), "--digest", later.toString());
    assertThat(restore.exitCode).as(restore.toString()).isEqualTo(ExitCodes.VERIFY_FAILED);
    assertThat(restore.out).contains("the backup was taken before that digest");
    assertThat(tmp.resolve("restored")).doesNotExist();
  }

  @Test
  void aNonEmptyTargetIsRefusedWithUsageExitCode() throws Exception {
    String data = p("data");
    putMany(data, 0, 3);
    Files.createDirectories(tmp.resolve("full"));
    Files.writeString(tmp.resolve("full/notes.txt"), "mine");
    CliRun backup = run("-d", data, "backup", p("full"));
    assertThat(backup.exitCode).as(backup.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(backup.err).startsWith("error: ").contains("is not empty");
    assertThat(run("-d", data, "backup", p("backup")).exitCode).isZero();
    CliRun restore = run("restore", p("backup"), p("full"));
    assertThat(restore.exitCode).as(restore.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.readString(tmp.resolve("full/notes.txt"))).isEqualTo("mine");
    CliRun notABackup = run("restore", p("data"), p("other"));
    assertThat(notABackup.exitCode).as(notABackup.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(notABackup.err).contains("not a BlockDB backup");
    assertThat(run("restore", p("missing"), p("other")).exitCode).isEqualTo(ExitCodes.USAGE);
    CliRun noData = run("-d", p("no-such-data"), "backup", p("backup2"));
    assertThat(noData.exitCode).as(noData.toString()).isEqualTo(ExitCodes.DIRECTORY_UNAVAILABLE);
    assertThat(noData.err).contains("nothing to back up");
    assertThat(tmp.resolve("no-such-data")).doesNotExist();
  }

  @Test
  void aDirectoryHeldByAnotherOpenPointsAtTheServerOption() {
    String data = p("data");
    try (BlockDb held = BlockDb.open(Path.of(data))) {
      held.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
      CliRun backup = run("-d", data, "backup", p("backup"));
      assertThat(backup.exitCode).as(backup.toString()).isEqualTo(ExitCodes.DIRECTORY_UNAVAILABLE);
      assertThat(backup.err).contains("--server");
      assertThat(backup.err.lines()).hasSize(1);
    }
  }

  /** A stand-in for the server's endpoint: answers POST /api/v1/backup from a real engine. */
  private HttpServer fakeServer(BlockDb db, AtomicReference<String> authSeen, String mode) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/backup", ex -> {
      authSeen.set(ex.getRequestHeaders().getFirst("Authorization"));
      if (!"POST".equals(ex.getRequestMethod()) || mode.equals("deny")) {
        byte[] body = "{\"error\":\"user 'bob' lacks the BACKUP permission\",\"status\":403}".getBytes(UTF_8);
        ex.sendResponseHeaders(403, body.length);
        ex.getResponseBody().write(body);
        ex.close();
        return;
      }
      ByteArrayOutputStream zip = new ByteArrayOutputStream();
      db.backup(BackupArchive.writer(zip, Deflater.BEST_SPEED));
      byte[] body = zip.toByteArray();
      if (mode.equals("cut")) {
        body = java.util.Arrays.copyOf(body, body.length / 2);
      }
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  private String url(HttpServer s) {
    return "http://127.0.0.1:" + s.getAddress().getPort();
  }

  @Test
  void backupThroughAServerStreamsAnArchiveIntoTheDirectory() throws Exception {
    AtomicReference<String> auth = new AtomicReference<>();
    try (BlockDb db = BlockDb.open(tmp.resolve("served"))) {
      for (int i = 0; i < 40; i++) {
        db.put(("k" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8));
      }
      HttpServer server = fakeServer(db, auth, "ok");
      try {
        CliRun backup = runWithEnv(Map.of("BLOCKDB_PASSWORD", "s3cret"), "backup", "--server", url(server),
            "--user", "admin", p("backup"));
        assertThat(backup.exitCode).as(backup.toString()).isZero();
        assertThat(backup.out).contains("entries up to sequence 40").contains(db.digest().toJson());
        assertThat(auth.get()).isEqualTo("Basic " + java.util.Base64.getEncoder()
            .encodeToString("admin:s3cret".getBytes(UTF_8)));
      } finally {
        server.stop(0);
      }
    }
    CliRun restore = run("restore", p("backup"), p("restored"));
    assertThat(restore.exitCode).as(restore.toString()).isZero();
    assertThat(run("-d", p("restored"), "get", "k39").out).isEqualTo("v39\n");
  }

  @Test
  void aRefusalOrABrokenTransferExitsEightAndKeepsNothing() throws Exception {
    try (BlockDb db = BlockDb.open(tmp.resolve("served"))) {
      db.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
      for (String mode : List.of("deny", "cut")) {
        HttpServer server = fakeServer(db, new AtomicReference<>(), mode);
        try {
          CliRun backup = run("backup", "--server", url(server), "--user", "bob", "--password", "pw",
              p("backup-" + mode));
          assertThat(backup.exitCode).as(backup.toString()).isEqualTo(ExitCodes.SERVER_ERROR);
          assertThat(backup.err).startsWith("error: ").doesNotContain("Exception");
          if (mode.equals("deny")) {
            assertThat(backup.err).contains("HTTP 403").contains("lacks the BACKUP permission");
          }
          assertThat(tmp.resolve("backup-" + mode)).doesNotExist();
        } finally {
          server.stop(0);
        }
      }
    }
    CliRun unreachable = run("backup", "--server", "http://127.0.0.1:1", p("backup-x"));
    assertThat(unreachable.exitCode).as(unreachable.toString()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(unreachable.err).contains("cannot reach the server");
    assertThat(run("backup", "--server", "ftp://host", p("backup-y")).exitCode).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void restoreReadsAnArchiveFileSavedFromTheServer() throws Exception {
    Path zip = tmp.resolve("backup.zip");
    Digest digest;
    try (BlockDb db = BlockDb.open(tmp.resolve("data")); OutputStream out = Files.newOutputStream(zip)) {
      db.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
      digest = db.backup(BackupArchive.writer(out, Deflater.BEST_SPEED)).digest();
    }
    CliRun restore = run("restore", zip.toString(), p("restored"));
    assertThat(restore.exitCode).as(restore.toString()).isZero();
    assertThat(restore.out).contains(digest.toJson());
    assertThat(tmp.resolve("restored").resolve(BackupDescriptor.FILE_NAME)).doesNotExist();
  }

  // ---- helpers ----

  private static Path fileHolding(Path dir, byte[] needle) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        if (indexOf(Files.readAllBytes(f), needle) >= 0) {
          return f;
        }
      }
    }
    throw new AssertionError("no file under " + dir + " holds " + new String(needle, UTF_8));
  }

  /**
   * Recomputes the CRC32C of the WAL record holding offset {@code at} (docs/FORMAT.md, "Write-ahead
   * log": a 24-byte segment header, then records of u32 body length, u32 CRC32C of the body, body).
   */
  private static void fixWalRecordCrc(byte[] segment, int at) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(segment);
    int pos = 24;
    while (pos + 8 <= segment.length) {
      int len = b.getInt(pos);
      if (at >= pos + 8 && at < pos + 8 + len) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(segment, pos + 8, len);
        b.putInt(pos + 4, (int) crc.getValue());
        return;
      }
      pos += 8 + len;
    }
    throw new AssertionError("offset " + at + " is in no record");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Reads and rewrites a backup's descriptor as a test (or an attacker) would. */
  private static final class BackupDescriptorJson {
    static Digest digestOf(Path backup) throws IOException {
      return BackupDescriptor.fromJson(Files.readString(backup.resolve(BackupDescriptor.FILE_NAME))).digest();
    }

    /** Recomputes every file's size and SHA-256 in the descriptor. */
    static void rehash(Path backup) throws Exception {
      BackupDescriptor d = BackupDescriptor.fromJson(Files.readString(backup.resolve(BackupDescriptor.FILE_NAME)));
      List<BackupDescriptor.FileEntry> files = new java.util.ArrayList<>();
      for (BackupDescriptor.FileEntry f : d.files()) {
        byte[] bytes = Files.readAllBytes(backup.resolve(f.name()));
        files.add(new BackupDescriptor.FileEntry(f.name(), bytes.length,
            java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
      }
      BackupDescriptor forged = new BackupDescriptor(d.created(), d.source(), d.lastSequence(), d.lastIndex(),
          d.digest(), files);
      Files.writeString(backup.resolve(BackupDescriptor.FILE_NAME), forged.toJson());
    }
  }
}
