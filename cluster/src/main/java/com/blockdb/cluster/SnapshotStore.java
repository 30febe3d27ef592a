package com.blockdb.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Raft snapshots of a node: each is an engine checkpoint (MANIFEST, the live SSTables, the sealed
 * blocks of ledger/blocks.dat) in a directory {@code snapshot.<term>_<index>} of the state machine
 * directory, where {@code index} is the log index the checkpoint holds. A snapshot is built in a
 * {@code tmp.*} directory and renamed into place, so a listed snapshot is always complete. The
 * leader sends a lagging follower the files of its latest one (Ratis's file-chunk install); the
 * follower receives them into the same layout ({@code .md5} files beside each are Ratis's).
 *
 * <p>Threading: changed by the state machine's apply thread (take, install); read by any thread.
 */
final class SnapshotStore implements StateMachineStorage {

  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  private volatile Path dir;
  private final AtomicReference<FileListSnapshotInfo> latest = new AtomicReference<>();

  @Override
  public void init(RaftStorage storage) throws IOException {
    dir = storage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(dir);
    reload();
  }

  /** Rescans the directory (after a snapshot was installed into it). */
  void reload() throws IOException {
    latest.set(scan());
  }

  @Override
  public FileListSnapshotInfo getLatestSnapshot() {
    return latest.get();
  }

  @Override
  public void format() {
    // Nothing to format: an empty directory holds no snapshot.
  }

  /** The directory of a snapshot. */
  Path dirOf(long term, long index) {
    return dir.resolve("snapshot." + term + "_" + index);
  }

  /** A fresh directory to build a snapshot in. */
  Path newTempDir() throws IOException {
    Path tmp = dir.resolve("tmp." + System.nanoTime());
    deleteTree(tmp);
    return tmp;
  }

  /** Renames a built snapshot into place and makes it the latest. */
  FileListSnapshotInfo publish(Path tmp, long term, long index) throws IOException {
    Path target = dirOf(term, index);
    deleteTree(target);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(dir);
    FileListSnapshotInfo info = describe(target, term, index);
    latest.set(info);
    return info;
  }

  private FileListSnapshotInfo scan() throws IOException {
    Path best = null;
    long bestTerm = 0;
    long bestIndex = -1;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && Files.isDirectory(p) && Long.parseLong(m.group(2)) > bestIndex) {
          best = p;
          bestTerm = Long.parseLong(m.group(1));
          bestIndex = Long.parseLong(m.group(2));
        }
      }
    }
    return best == null ? null : describe(best, bestTerm, bestIndex);
  }

  /** The snapshot's files (not Ratis's .md5 files), in name order. */
  private static FileListSnapshotInfo describe(Path snapshot, long term, long index) throws IOException {
    List<FileInfo> files = new ArrayList<>();
    for (Path p : engineFiles(snapshot)) {
      files.add(new FileInfo(p, null)); // the digest is computed while the file is sent
    }
    return new FileListSnapshotInfo(files, term, index);
  }

  /** The regular files of a snapshot directory that belong to the engine. */
  static List<Path> engineFiles(Path snapshot) throws IOException {
    try (Stream<Path> s = Files.walk(snapshot)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md5"))
          .sorted().toList();
    }
  }

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = policy == null ? 2 : Math.max(1, policy.getNumSnapshotsRetained());
    List<Path> snapshots = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (NAME.matcher(name).matches()) {
          snapshots.add(p);
        } else if (name.startsWith("tmp.")) {
          deleteTree(p); // an unfinished snapshot; only the apply thread builds them, and it is here
        }
      }
    }
    snapshots.sort(Comparator.comparingLong((Path p) -> {
      Matcher m = NAME.matcher(p.getFileName().toString());
      return m.matches() ? Long.parseLong(m.group(2)) : -1;
    }).reversed());
    for (Path p : snapshots.subList(Math.min(keep, snapshots.size()), snapshots.size())) {
      deleteTree(p);
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }

  static void syncDirectory(Path d) throws IOException {
    try (FileChannel c = FileChannel.open(d, StandardOpenOption.READ)) {
      c.force(true);
    }
  }

  @Override
  public File getSnapshotDir() {
    return null; // Ratis then sends paths relative to its storage root, which it expects on install
  }
}
