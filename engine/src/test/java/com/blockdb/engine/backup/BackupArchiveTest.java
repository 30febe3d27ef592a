package com.blockdb.engine.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BackupResult;
import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.io.FileLayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed archive and the checked restore copy: round trips, and every way a copy is refused. */
class BackupArchiveTest {

  @TempDir
  Path tmp;

  private byte[] archive;
  private BackupResult result;

  @BeforeEach
  void backUpIntoAnArchive() {
    Options o = Options.defaults().withMemtableSizeLimit(4096).withBlockchainBatchSize(10);
    try (BlockDb db = BlockDb.open(tmp.resolve("data"), o)) {
      for (int i = 0; i < 300; i++) {
        db.put(("k" + i).getBytes(UTF_8), ("value " + i).getBytes(UTF_8));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      result = db.backup(BackupArchive.writer(out, Deflater.BEST_SPEED));
      archive = out.toByteArray();
    }
  }

  private static void assertCode(Throwable t, ErrorCode code) {
    assertThat(t).isInstanceOf(BlockDbException.class);
    assertThat(((BlockDbException) t).code()).isEqualTo(code);
  }

  private BackupDescriptor unpack(byte[] bytes, Path target) throws IOException {
    return BackupArchive.unpack(new ByteArrayInputStream(bytes), FileLayer.real(), target, true);
  }

  @Test
  void anArchiveUnpacksIntoABackupThatRestoresAndVerifiesAgainstItsDigest() throws Exception {
    BackupDescriptor d = unpack(archive, tmp.resolve("backup"));
    assertThat(d.digest()).isEqualTo(result.digest());
    assertThat(d.lastSequence()).isEqualTo(300);
    assertThat(d.files().size() + 1).isEqualTo(result.files());
    assertThat(d.bytes() + Files.size(tmp.resolve("backup").resolve(BackupDescriptor.FILE_NAME)))
        .isEqualTo(result.bytes());
    assertThat(d.source()).isEqualTo(tmp.resolve("data").toAbsolutePath().toString());

    BackupRestore.copy(FileLayer.real(), tmp.resolve("backup"), tmp.resolve("restored"));
    assertThat(tmp.resolve("restored").resolve(BackupDescriptor.FILE_NAME)).doesNotExist();
    try (BlockDb copy = BlockDb.open(tmp.resolve("restored"))) {
      VerifyResult r = copy.verify(d.digest(), null);
      assertThat(r.ok()).as(r.message()).isTrue();
      assertThat(r.entriesChecked()).isEqualTo(300);
      assertThat(copy.digest()).isEqualTo(d.digest());
    }
  }

  @Test
  void theDescriptorIsTheLastEntryAndNamesEveryOtherFile() throws Exception {
    String last = null;
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        last = e.getName();
        entries++;
      }
    }
    assertThat(last).isEqualTo(BackupDescriptor.FILE_NAME);
    BackupDescriptor d = unpack(archive, tmp.resolve("backup"));
    assertThat(d.files()).hasSize(entries - 1);
    assertThat(d.files()).extracting(BackupDescriptor.FileEntry::name).contains("MANIFEST", "ledger/blocks.dat")
        .anyMatch(n -> n.startsWith("wal/")).anyMatch(n -> n.startsWith("sst/"));
  }

  /** Rewrites the archive entry by entry; {@code edit} returns the new content, or null to drop the entry. */
  private byte[] rewrite(BiFunction<String, byte[], byte[]> edit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] content = edit.apply(e.getName(), in.readAllBytes());
        if (content != null) {
          zip.putNextEntry(new ZipEntry(e.getName()));
          zip.write(content);
          zip.closeEntry();
        }
      }
    }
    return out.toByteArray();
  }

  @Test
  void aFileChangedInsideTheArchiveIsRefusedByItsSha256EvenWithAValidZipCrc() throws Exception {
    byte[] tampered = rewrite((name, bytes) -> {
      if (name.equals("ledger/blocks.dat")) {
        bytes[bytes.length - 10] ^= 1;
      }
      return bytes;
    });
    Path target = tmp.resolve("backup");
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> unpack(tampered, target));
    assertCode(t, ErrorCode.CORRUPTION);
    assertThat(t).hasMessageContaining("ledger/blocks.dat").hasMessageContaining("SHA-256");
    assertThat(target).as("a refused archive leaves nothing behind").doesNotExist();
  }

  /** Offset of the last ZIP local file header ("PK\3\4"): the descriptor's entry. */
  private static int lastLocalHeader(byte[] zip) {
    for (int i = zip.length - 4; i >= 0; i--) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
        return i;
      }
    }
    throw new AssertionError("no local file header");
  }

  @Test
  void anArchiveCutShortIsRefusedAsIncomplete() throws Exception {
    int descriptorHeader = lastLocalHeader(archive);
    // Cut in the middle, inside the descriptor's entry, and right before it. (A cut in the central
    // directory after the last entry loses nothing a reader needs.)
    for (int cut : new int[] {archive.length / 2, descriptorHeader + 50, descriptorHeader}) {
      Path target = tmp.resolve("cut-" + cut);
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(
          () -> unpack(Arrays.copyOf(archive, cut), target));
      assertCode(t, ErrorCode.CORRUPTION);
      assertThat(target).doesNotExist();
    }
    byte[] noDescriptor = rewrite((name, bytes) -> name.equals(BackupDescriptor.FILE_NAME) ? null : bytes);
    assertThatThrownBy(() -> unpack(noDescriptor, tmp.resolve("nodesc")))
        .hasMessageContaining("ends before its descriptor");
  }

  @Test
  void anEntryOutsideTheBackupLayoutIsRefusedAndNothingIsWrittenOutsideTheTarget() throws Exception {
    for (String evil : new String[] {"../evil", "/etc/evil", "wal/../../evil", "sst/x.sst", "LOCK"}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry(evil));
        zip.write("x".getBytes(UTF_8));
        zip.closeEntry();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive))) {
          for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
            zip.putNextEntry(new ZipEntry(e.getName()));
            zip.write(in.readAllBytes());
            zip.closeEntry();
          }
        }
      }
      Path target = tmp.resolve("t").resolve("backup");
      assertThatThrownBy(() -> unpack(out.toByteArray(), target)).as(evil)
          .hasMessageContaining("not a file of a BlockDB backup");
      assertThat(tmp.resolve("t").resolve("evil")).doesNotExist();
      assertThat(tmp.resolve("evil")).doesNotExist();
    }
  }

  @Test
  void aFileDamagedInABackupDirectoryIsNamedAndTheRestoreLeavesNothing() throws Exception {
    Path backup = tmp.resolve("backup");
    BackupDescriptor d = unpack(archive, backup);
    String victim = d.files().stream().map(BackupDescriptor.FileEntry::name).filter(n -> n.startsWith("sst/"))
        .findFirst().orElseThrow();
    byte[] bytes = Files.readAllBytes(backup.resolve(victim));
    bytes[7] ^= 0x20;
    Files.write(backup.resolve(victim), bytes);
    Path target = tmp.resolve("restored");
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> BackupRestore.copy(FileLayer.real(), backup, target));
    assertCode(t, ErrorCode.CORRUPTION);
    assertThat(t).hasMessageContaining(victim).hasMessageContaining("SHA-256");
    assertThat(target).doesNotExist();

    Files.delete(backup.resolve(victim));
    assertThatThrownBy(() -> BackupRestore.copy(FileLayer.real(), backup, target))
        .hasMessageContaining("lacks").hasMessageContaining(victim);

    Files.delete(backup.resolve(BackupDescriptor.FILE_NAME));
    t = org.assertj.core.api.Assertions.catchThrowable(() -> BackupRestore.copy(FileLayer.real(), backup, target));
    assertCode(t, ErrorCode.NOT_FOUND);
    assertThat(t).hasMessageContaining("not a BlockDB backup");
  }

  @Test
  void theDescriptorRoundTripsAndRefusesWhatItDoesNotKnow() throws Exception {
    BackupDescriptor d = unpack(archive, tmp.resolve("backup"));
    BackupDescriptor again = BackupDescriptor.fromJson(d.toJson());
    assertThat(again.toJson()).isEqualTo(d.toJson());
    assertThatThrownBy(() -> BackupDescriptor.fromJson(d.toJson().replace("\"format\":1,\"created\"",
        "\"format\":2,\"created\""))).hasMessageContaining("unsupported backup format 2");
    assertThatThrownBy(() -> BackupDescriptor.fromJson("{\"format\":1}")).hasMessageContaining("missing field");
  }
}
