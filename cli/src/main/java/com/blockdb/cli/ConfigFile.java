package com.blockdb.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A {@code blockdb.toml} file: its {@code [database]} section, checked here, and the other
 * sections ({@code [server]}, {@code [cluster]}, {@code [logging]}) for the tools that read them.
 * Every problem is reported as a usage error naming the file and the key. Public so that the
 * server reads the same file the same way.
 */
public final class ConfigFile {
  static final String DATA_DIR = "data_dir";
  static final String MEMTABLE_SIZE_LIMIT = "memtable_size_limit";
  static final String WAL_SYNC_INTERVAL = "wal_sync_interval";
  static final String COMPACTION_THRESHOLD = "compaction_threshold";
  static final String BLOCKCHAIN_BATCH_SIZE = "blockchain_batch_size";
  static final String BLOCK_INTERVAL_MS = "block_interval_ms";

  private static final Set<String> DATABASE_KEYS = Set.of(DATA_DIR, MEMTABLE_SIZE_LIMIT,
      WAL_SYNC_INTERVAL, COMPACTION_THRESHOLD, BLOCKCHAIN_BATCH_SIZE, BLOCK_INTERVAL_MS);
  /** Sections the server and cluster read; the CLI accepts them so one file serves every tool. */
  private static final Set<String> OTHER_SECTIONS = Set.of("server", "cluster", "logging");

  private final Path path;
  private final JsonNode database;
  private final JsonNode root;

  private ConfigFile(Path path, JsonNode database, JsonNode root) {
    this.path = path;
    this.database = database;
    this.root = root;
  }

  /**
   * The table of section {@code name} ({@code server}, {@code cluster}, {@code logging}), or null
   * when the file has none; the tool that owns the section checks its keys.
   */
  public JsonNode section(String name) {
    JsonNode s = root == null ? null : root.get(name);
    return s != null && s.isObject() ? s : null;
  }

  /** The file read (named in every message about it). */
  public Path path() {
    return path;
  }

  /** Reads and checks the file. */
  public static ConfigFile read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw CliException.usage("config file " + path + " not found");
    } catch (IOException e) {
      throw CliException.usage("cannot read config file " + path + ": " + e.getMessage());
    }
    return parse(path, text);
  }

  /** Checks the text of a config file; {@code path} only names it in messages. */
  public static ConfigFile parse(Path path, String text) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JacksonException e) {
      throw CliException.usage("invalid TOML in config file " + path + ": " + e.getOriginalMessage()
          + locationOf(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new ConfigFile(path, null, null);
    }
    JsonNode database = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (name.equals("database") && field.getValue().isObject()) {
        database = field.getValue();
      } else if (!OTHER_SECTIONS.contains(name)) {
        // A misspelt section would otherwise silently drop every setting in it.
        throw CliException.usage(field.getValue().isObject()
            ? "unknown section [" + name + "] in config file " + path
                + " (known: [database], [server], [cluster], [logging])"
            : "unknown key '" + name + "' outside any section in config file " + path
                + " (database settings belong under [database])");
      }
    }
    if (database != null) {
      for (Iterator<String> it = database.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!DATABASE_KEYS.contains(key)) {
          throw CliException.usage("unknown key '" + key + "' in [database] of config file " + path
              + " (known: data_dir, memtable_size_limit, wal_sync_interval, compaction_threshold,"
              + " blockchain_batch_size, block_interval_ms)");
        }
      }
    }
    return new ConfigFile(path, database, root);
  }

  private static String locationOf(JacksonException e) {
    return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
        : " (line " + e.getLocation().getLineNr() + ")";
  }

  /** A text setting of [database], if present. */
  Optional<String> text(String key) {
    JsonNode v = database == null ? null : database.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw CliException.usage("invalid value for " + key + " in config file " + path
          + ": expected a non-empty string, got " + v);
    }
    return Optional.of(v.asText());
  }

  /** A whole-number setting of [database], if present. */
  OptionalLong number(String key) {
    JsonNode v = database == null ? null : database.get(key);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw CliException.usage("invalid value for " + key + " in config file " + path
          + ": expected a whole number, got " + v);
    }
    return OptionalLong.of(v.longValue());
  }
}
