package com.blockdb.engine.backup;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The first step of a restore: copies the files a backup directory's descriptor lists into a new
 * or empty directory, checking each one's size and SHA-256 on the way. The result is a data
 * directory that {@link com.blockdb.engine.BlockDb#open} recovers to the backup point; verifying
 * its ledger against the descriptor's digest is the caller's next step.
 */
public final class BackupRestore {

  private BackupRestore() {}

  /**
   * Reads the descriptor of the backup in {@code backupDir}.
   *
   * @throws BlockDbException {@link ErrorCode#NOT_FOUND} if the directory holds no descriptor (it is
   *     no backup, or an unfinished one); {@link ErrorCode#CORRUPTION} if the descriptor is invalid
   */
  public static BackupDescriptor readDescriptor(FileLayer fs, Path backupDir) throws IOException {
    Path file = backupDir.resolve(BackupDescriptor.FILE_NAME);
    byte[] bytes;
    try (ReadableFile f = fs.openRead(file)) {
      long len = f.length();
      if (len > BackupDescriptor.MAX_BYTES) {
        throw BackupArchive.damaged(file + " is larger than " + BackupDescriptor.MAX_BYTES + " bytes", null);
      }
      bytes = f.readFully(0, (int) len).array();
    } catch (NoSuchFileException e) {
      throw new BlockDbException(ErrorCode.NOT_FOUND, backupDir + " holds no " + BackupDescriptor.FILE_NAME
          + ": it is not a BlockDB backup, or the backup did not finish");
    }
    try {
      return BackupDescriptor.fromJson(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw BackupArchive.damaged(file + " is not a valid backup descriptor: " + e.getMessage(), e);
    }
  }

  /**
   * Copies the backup in {@code backupDir} into {@code target} (new or empty; the descriptor itself
   * is not copied), checking every file against the descriptor. On failure what was written is
   * removed.
   *
   * @return the backup's descriptor
   * @throws BlockDbException {@link ErrorCode#CORRUPTION} naming the first file that is missing or
   *     differs from the descriptor; {@link ErrorCode#INVALID_ARGUMENT} if the target is not new or
   *     empty; and as {@link #readDescriptor}
   */
  public static BackupDescriptor copy(FileLayer fs, Path backupDir, Path target) throws IOException {
    BackupDescriptor d = readDescriptor(fs, backupDir);
    DirectorySink sink = DirectorySink.create(fs, target);
    try {
      for (BackupDescriptor.FileEntry f : d.files()) {
        copy(fs, backupDir, f, sink);
      }
      sink.finish();
      return d;
    } catch (IOException | RuntimeException e) {
      sink.abort();
      throw e;
    }
  }

  private static void copy(FileLayer fs, Path backupDir, BackupDescriptor.FileEntry f, DirectorySink sink)
      throws IOException {
    Path source = backupDir.resolve(f.name());
    MessageDigest sha = BackupArchive.sha256();
    long size;
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    try (ReadableFile in = fs.openRead(source); OutputStream out = sink.file(f.name(), f.size())) {
      size = in.length();
      if (size != f.size()) {
        throw BackupArchive.damaged(BackupArchive.mismatch(source.toString(), size, f.size()), null);
      }
      long pos = 0;
      while (pos < size) {
        buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
        int n = in.read(pos, buf);
        if (n < 0) {
          throw BackupArchive.damaged(source + " ended at offset " + pos + " while it was copied", null);
        }
        sha.update(buf.array(), 0, buf.position());
        out.write(buf.array(), 0, buf.position());
        pos += buf.position();
      }
    } catch (NoSuchFileException e) {
      throw BackupArchive.damaged("the backup lacks " + source + ", which its descriptor lists", e);
    }
    if (!Arrays.equals(sha.digest(), f.sha256())) {
      throw BackupArchive.damaged(BackupArchive.mismatch(source.toString(), size, size), null);
    }
  }
}
