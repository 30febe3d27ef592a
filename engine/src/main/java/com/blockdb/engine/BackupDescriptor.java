package com.blockdb.engine;

import com.blockdb.engine.util.Bytes;
import com.blockdb.engine.util.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The descriptor of a backup, kept in the backup as {@value #FILE_NAME} and written last: when it
 * was taken, from where, up to which entry, the digest of the ledger it holds, and the size and
 * SHA-256 of every other file (docs/FORMAT.md, "Backup").
 *
 * @param created when the backup point was fixed
 * @param source the data directory the backup was taken from, as that process named it
 * @param lastSequence the sequence number of the last entry in the backup
 * @param lastIndex the commit-log index of the last record in the backup
 * @param digest the digest of the ledger in the backup
 * @param files the other files of the backup, in the order they were written
 */
public record BackupDescriptor(Instant created, String source, long lastSequence, long lastIndex, Digest digest,
    List<FileEntry> files) {

  /** The descriptor's file name inside a backup. */
  public static final String FILE_NAME = "BACKUP.json";
  /** Version of the descriptor (and of the backup layout); readers refuse versions they do not know. */
  public static final int FORMAT = 1;
  /** A descriptor is small: its size limit protects readers of an untrusted archive. */
  public static final int MAX_BYTES = 16 << 20;

  private static final Pattern NAME =
      Pattern.compile("MANIFEST|ledger/blocks\\.dat|sst/[0-9]{6,19}\\.sst|wal/[0-9]{20}\\.log");

  /** One file of the backup: its relative name, its length and the SHA-256 of its bytes. */
  public record FileEntry(String name, long size, byte[] sha256) {
    public FileEntry {
      checkName(name);
      if (size < 0 || sha256 == null || sha256.length != 32) {
        throw new IllegalArgumentException("file " + name + " needs a size of 0 or more and a 32-byte SHA-256");
      }
      sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
      return sha256.clone();
    }
  }

  public BackupDescriptor {
    if (created == null || source == null || digest == null || files == null || lastSequence < 0
        || lastIndex < 0) {
      throw new IllegalArgumentException("a backup descriptor needs a time, a source, a digest, files and"
          + " non-negative sequence and index");
    }
    files = List.copyOf(files);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (FileEntry f : files) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("file " + f.name() + " is listed twice");
      }
    }
  }

  /**
   * Throws IllegalArgumentException unless {@code name} is one a backup may hold (besides the
   * descriptor): {@code MANIFEST}, {@code ledger/blocks.dat}, {@code sst/NNNNNN.sst} or
   * {@code wal/<20 digits>.log}. Nothing else is ever written, so an archive cannot place a file
   * outside its target directory.
   */
  public static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a file a BlockDB backup holds");
    }
  }

  /** The total bytes of the files listed (the descriptor not included). */
  public long bytes() {
    long n = 0;
    for (FileEntry f : files) {
      n += f.size();
    }
    return n;
  }

  /** The JSON document, fields in a fixed order, one file per line. */
  public String toJson() {
    StringBuilder b = new StringBuilder();
    b.append("{\"format\":").append(FORMAT)
        .append(",\"created\":").append(Json.quote(created.toString()))
        .append(",\"source\":").append(Json.quote(source))
        .append(",\"last_sequence\":").append(lastSequence)
        .append(",\"last_index\":").append(lastIndex)
        .append(",\"digest\":").append(digest.toJson())
        .append(",\"files\":[");
    for (int i = 0; i < files.size(); i++) {
      FileEntry f = files.get(i);
      b.append(i == 0 ? "\n" : ",\n").append("{\"name\":").append(Json.quote(f.name())).append(",\"size\":")
          .append(f.size()).append(",\"sha256\":\"").append(Bytes.hex(f.sha256)).append("\"}");
    }
    return b.append("]}\n").toString();
  }

  /** Reads a descriptor; throws IllegalArgumentException naming what is wrong. */
  public static BackupDescriptor fromJson(String json) {
    if (!(Json.parse(json) instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("a backup descriptor must be a JSON object");
    }
    long format = Json.field(m, "format", Long.class);
    if (format != FORMAT) {
      throw new IllegalArgumentException("unsupported backup format " + format + " (this version reads "
          + FORMAT + ")");
    }
    Instant created;
    try {
      created = Instant.parse(Json.field(m, "created", String.class));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field \"created\" is not an ISO-8601 instant");
    }
    List<FileEntry> files = new ArrayList<>();
    for (Object o : Json.field(m, "files", List.class)) {
      if (!(o instanceof Map<?, ?> f)) {
        throw new IllegalArgumentException("field \"files\" must list objects");
      }
      String name = Json.field(f, "name", String.class);
      byte[] sha;
      try {
        sha = Bytes.unhex(Json.field(f, "sha256", String.class));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the sha256 of file " + name + " is not hex");
      }
      files.add(new FileEntry(name, Json.field(f, "size", Long.class), sha));
    }
    return new BackupDescriptor(created, Json.field(m, "source", String.class),
        Json.field(m, "last_sequence", Long.class), Json.field(m, "last_index", Long.class),
        digest(Json.field(m, "digest", Map.class)), files);
  }

  private static Digest digest(Map<?, ?> d) {
    long format = Json.field(d, "format", Long.class);
    if (format != Digest.FORMAT) {
      throw new IllegalArgumentException("unsupported digest format " + format);
    }
    long count = Json.field(d, "block_count", Long.class);
    byte[] root;
    try {
      root = Bytes.unhex(Json.field(d, "root", String.class));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the digest's root is not hex");
    }
    if (count < 1 || root.length != 32) {
      throw new IllegalArgumentException("a digest needs block_count >= 1 and a 32-byte root");
    }
    return new Digest(count, root);
  }
}
