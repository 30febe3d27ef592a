package com.blockdb.engine.impl;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BackupResult;
import com.blockdb.engine.BackupSink;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.wal.SegmentedLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies an open engine while writes go on. The commit thread fixes the backup point between two
 * groups ({@link DbImpl#pinBackup}); the copy then runs on the caller's thread and reads only
 * bytes that can no longer change:
 *
 * <ul>
 *   <li>the SSTables of the manifest as of the point: the pinned {@link Version} lists them, and a
 *       table retired by compaction is deleted only when no version lists it;
 *   <li>{@code ledger/blocks.dat} up to its length at the point: blocks are appended, never
 *       rewritten, and the pending block was sealed and made durable first;
 *   <li>the log segments holding records from the manifest's replay start ({@link
 *       Manifest#replayAfter()} + 1, which keeps PREPARE records still in doubt) to the point's last
 *       index, each up to where its records ended then: a log hold keeps flushes from releasing them;
 *   <li>the manifest as of the point, encoded from the pinned copy.
 * </ul>
 *
 * A database opened from the copy replays that log stretch onto those SSTables, finds every entry
 * already sealed, and so recovers exactly the state at the backup point, with the same digest.
 */
final class BackupCopier {

  private static final int CHUNK = 1 << 20;

  /** The backup point: what the copy reads, pinned until {@link #close()}. */
  record Point(Version version, Manifest manifest, List<SegmentedLog.Extent> segments, Path blocksFile,
      long blocksLength, Digest digest, long lastSequence, long lastIndex, long createdMillis,
      CommitPipeline.LogHold hold) implements AutoCloseable {

    @Override
    public void close() {
      hold.close();
      version.release();
    }
  }

  private final DbImpl db;
  private final List<BackupDescriptor.FileEntry> files = new ArrayList<>();
  private long bytes;

  BackupCopier(DbImpl db) {
    this.db = db;
  }

  BackupResult copy(BackupSink sink) {
    try (Point p = db.pinBackup()) {
      sink.begin(p.digest(), p.lastSequence());
      Set<Long> pinned = new HashSet<>();
      for (TableHandle t : p.version().tables) {
        pinned.add(t.number);
      }
      for (Manifest.TableMeta t : p.manifest().tables()) {
        if (!pinned.contains(t.fileNumber())) {
          throw new IllegalStateException("the manifest lists table " + t.fileNumber()
              + " that the pinned version does not hold");
        }
        String name = Manifest.tableFileName(t.fileNumber());
        copyFile(db.dir.resolve("sst").resolve(name), "sst/" + name, t.fileSize(), sink);
      }
      copyFile(p.blocksFile(), "ledger/blocks.dat", p.blocksLength(), sink);
      long keepFrom = p.manifest().replayAfter() + 1;
      List<SegmentedLog.Extent> segments = p.segments();
      for (int i = 0; i < segments.size(); i++) {
        SegmentedLog.Extent e = segments.get(i);
        // The segments holding records from keepFrom on (a suffix of the log), and always the last
        // one, so the copy's log continues where the source's stood.
        if (e.lastIndex() >= keepFrom || i == segments.size() - 1) {
          copyFile(e.file(), "wal/" + e.file().getFileName(), e.length(), sink);
        }
      }
      byte[] manifest = p.manifest().encode();
      write(Manifest.NAME, manifest, sink);
      BackupDescriptor d = new BackupDescriptor(Instant.ofEpochMilli(p.createdMillis()), db.dir.toString(),
          p.lastSequence(), p.lastIndex(), p.digest(), files);
      byte[] json = d.toJson().getBytes(StandardCharsets.UTF_8);
      try (OutputStream out = sink.file(BackupDescriptor.FILE_NAME, json.length)) {
        out.write(json);
      }
      sink.finish();
      return new BackupResult(files.size() + 1, bytes + json.length, p.digest(), p.lastSequence());
    } catch (IOException e) {
      String why = e instanceof java.nio.file.NoSuchFileException ? e.getMessage() + " is missing" : e.getMessage();
      throw new BlockDbException(ErrorCode.IO_ERROR, "backup of " + db.dir + " failed: " + why, e);
    }
  }

  private void copyFile(Path source, String name, long size, BackupSink sink) throws IOException {
    MessageDigest sha = newSha256();
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(size, 1)));
    try (ReadableFile in = db.fs.openRead(source); OutputStream out = sink.file(name, size)) {
      long pos = 0;
      while (pos < size) {
        buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
        int n = in.read(pos, buf);
        if (n < 0) {
          throw new java.io.EOFException(source + " ends at offset " + pos + ", before the " + size
              + " bytes the backup point recorded");
        }
        sha.update(buf.array(), 0, buf.position());
        out.write(buf.array(), 0, buf.position());
        pos += buf.position();
      }
    }
    files.add(new BackupDescriptor.FileEntry(name, size, sha.digest()));
    bytes += size;
  }

  /** A digest of its own: the sink may hash on this thread too. */
  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  }

  private void write(String name, byte[] content, BackupSink sink) throws IOException {
    try (OutputStream out = sink.file(name, content.length)) {
      out.write(content);
    }
    files.add(new BackupDescriptor.FileEntry(name, content.length, newSha256().digest(content)));
    bytes += content.length;
  }
}
