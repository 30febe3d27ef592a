package com.blockdb.engine.backup;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BackupSink;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.FileLayer;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A backup as one stream: a ZIP archive whose entries are the backup's files under their relative
 * names, the descriptor {@value BackupDescriptor#FILE_NAME} last (docs/FORMAT.md, "Backup archive").
 * ZIP is written and read by the JDK alone and by common tools ({@code unzip -d DIR}); each entry
 * carries a CRC-32 and the descriptor the SHA-256 of every other file, so a damaged or truncated
 * archive is refused, and one cut short before its descriptor is known to be incomplete.
 */
public final class BackupArchive {

  /** The archive comment, for people who open one with other tools. */
  static final String COMMENT = "BlockDB backup, format " + BackupDescriptor.FORMAT + "; restore with"
      + " 'blockdb-cli restore'";

  private BackupArchive() {}

  /**
   * A sink that writes the backup as a ZIP archive to {@code out}, compressing at {@code level}
   * ({@link Deflater#BEST_SPEED} is a good default; {@link Deflater#NO_COMPRESSION} spends no CPU).
   * {@link BackupSink#finish()} ends the archive and flushes {@code out} without closing it.
   */
  public static BackupSink writer(OutputStream out, int level) {
    ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush(); // the caller owns the stream
      }
    });
    zip.setLevel(level);
    zip.setComment(COMMENT);
    return new BackupSink() {
      private long time = System.currentTimeMillis();

      @Override
      public void begin(Digest digest, long lastSequence) {
        time = System.currentTimeMillis();
      }

      @Override
      public OutputStream file(String name, long size) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(time);
        zip.putNextEntry(e);
        return new FilterOutputStream(zip) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            zip.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            zip.closeEntry();
          }
        };
      }

      @Override
      public void finish() throws IOException {
        zip.close(); // ends the archive and frees the deflater; the wrapper only flushes out
      }
    };
  }

  /**
   * Reads an archive from {@code in} into {@code target} (a new or empty directory), checking every
   * entry's CRC-32, that the descriptor comes last and lists exactly the files received, and each
   * file's size and SHA-256. With {@code keepDescriptor} the descriptor is written too (the target
   * is then a backup directory); without it the target holds just the database files. On any
   * failure what was written is removed.
   *
   * @return the descriptor
   * @throws BlockDbException {@link ErrorCode#CORRUPTION} if the archive is damaged, incomplete or
   *     not a BlockDB backup; {@link ErrorCode#INVALID_ARGUMENT} if {@code target} is not new or empty
   * @throws IOException if reading {@code in} or writing the files failed
   */
  public static BackupDescriptor unpack(InputStream in, FileLayer fs, Path target, boolean keepDescriptor)
      throws IOException {
    DirectorySink sink = DirectorySink.create(fs, target);
    try {
      BackupDescriptor d = read(new ZipInputStream(in), sink, keepDescriptor);
      sink.finish();
      return d;
    } catch (IOException | RuntimeException e) {
      sink.abort();
      if (e instanceof ZipException || e instanceof EOFException) {
        throw damaged("the archive is damaged or cut short (" + e.getMessage() + ")", e);
      }
      throw e;
    }
  }

  /** What one received file turned out to be. */
  private record Received(long size, byte[] sha256) {}

  private static BackupDescriptor read(ZipInputStream zip, DirectorySink sink, boolean keepDescriptor)
      throws IOException {
    Map<String, Received> received = new LinkedHashMap<>();
    byte[] descriptorBytes = null;
    byte[] buf = new byte[256 * 1024];
    ZipEntry e;
    while ((e = zip.getNextEntry()) != null) {
      String name = e.getName();
      if (descriptorBytes != null) {
        throw damaged("the archive holds '" + name + "' after its descriptor " + BackupDescriptor.FILE_NAME, null);
      }
      if (name.equals(BackupDescriptor.FILE_NAME)) {
        descriptorBytes = zip.readNBytes(BackupDescriptor.MAX_BYTES + 1);
        if (descriptorBytes.length > BackupDescriptor.MAX_BYTES) {
          throw damaged("the archive's descriptor is larger than " + BackupDescriptor.MAX_BYTES + " bytes", null);
        }
        continue;
      }
      try {
        BackupDescriptor.checkName(name);
      } catch (IllegalArgumentException ex) {
        throw damaged("the archive holds '" + name + "', which is not a file of a BlockDB backup", ex);
      }
      if (received.containsKey(name)) {
        throw damaged("the archive holds '" + name + "' twice", null);
      }
      MessageDigest sha = sha256();
      long size = 0;
      try (OutputStream out = sink.file(name, -1)) {
        int n;
        while ((n = zip.read(buf)) > 0) {
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
          size += n;
        }
      }
      received.put(name, new Received(size, sha.digest()));
    }
    if (descriptorBytes == null) {
      throw damaged("the archive ends before its descriptor " + BackupDescriptor.FILE_NAME + ": it is incomplete"
          + " (the transfer was cut short, or the backup failed while it was written)", null);
    }
    BackupDescriptor d;
    try {
      d = BackupDescriptor.fromJson(new String(descriptorBytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException ex) {
      throw damaged("the archive's descriptor " + BackupDescriptor.FILE_NAME + " is invalid: " + ex.getMessage(), ex);
    }
    for (BackupDescriptor.FileEntry f : d.files()) {
      Received r = received.remove(f.name());
      if (r == null) {
        throw damaged("the archive lacks " + f.name() + ", which its descriptor lists", null);
      }
      if (r.size() != f.size() || !Arrays.equals(r.sha256(), f.sha256())) {
        throw damaged(mismatch(f.name(), r.size(), f.size()), null);
      }
    }
    if (!received.isEmpty()) {
      throw damaged("the archive holds " + received.keySet().iterator().next() + ", which its descriptor does"
          + " not list", null);
    }
    if (keepDescriptor) {
      try (OutputStream out = sink.file(BackupDescriptor.FILE_NAME, descriptorBytes.length)) {
        out.write(descriptorBytes);
      }
    }
    return d;
  }

  static String mismatch(String name, long actualSize, long expectedSize) {
    return actualSize != expectedSize
        ? name + " has " + actualSize + " bytes where the descriptor says " + expectedSize + ": the backup is damaged"
        : name + " does not match its SHA-256 in the descriptor: the backup is damaged";
  }

  static BlockDbException damaged(String message, Throwable cause) {
    return new BlockDbException(ErrorCode.CORRUPTION, message, cause);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  }
}
