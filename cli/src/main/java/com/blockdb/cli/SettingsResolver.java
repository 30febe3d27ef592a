package com.blockdb.cli;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Options;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiFunction;

/**
 * Weighs the sources of configuration: command-line flags over the environment over the config
 * file over the built-in defaults.
 */
public final class SettingsResolver {
  /** Environment variable naming the data directory. */
  public static final String ENV_DATA_DIR = "BLOCKDB_DATA_DIR";
  /** Where data lives when nothing says otherwise: relative to the user's working directory. */
  public static final String DEFAULT_DATA_DIR = "./blockdb_data";

  private SettingsResolver() {}

  /**
   * Resolves one invocation's settings.
   *
   * @param dataDirFlag {@code --data-dir}, or null
   * @param configFlag {@code --config}, or null
   * @param env the process environment
   */
  public static Settings resolve(String dataDirFlag, Path configFlag, Map<String, String> env) {
    return resolve(dataDirFlag, configFlag == null ? null : ConfigFile.read(configFlag), env);
  }

  /** As {@link #resolve(String, Path, Map)}, with the config file already read (or null). */
  public static Settings resolve(String dataDirFlag, ConfigFile config, Map<String, String> env) {
    String fromEnv = env.get(ENV_DATA_DIR);
    String dir;
    String source;
    if (dataDirFlag != null) {
      dir = dataDirFlag;
      source = "--data-dir";
    } else if (fromEnv != null && !fromEnv.isEmpty()) {
      dir = fromEnv;
      source = "environment variable " + ENV_DATA_DIR;
    } else if (config != null && config.text(ConfigFile.DATA_DIR).isPresent()) {
      dir = config.text(ConfigFile.DATA_DIR).get();
      source = "data_dir in config file " + config.path();
    } else {
      dir = DEFAULT_DATA_DIR;
      source = "the default";
    }
    return new Settings(dataDir(dir, source), options(config), config == null ? null : config.path());
  }

  private static Path dataDir(String dir, String source) {
    if (dir.isBlank()) {
      throw CliException.usage("empty data directory given by " + source);
    }
    try {
      return Path.of(dir);
    } catch (InvalidPathException e) {
      throw CliException.usage("invalid data directory '" + dir + "' given by " + source + ": "
          + e.getReason());
    }
  }

  /** The engine settings: the defaults, overridden by whatever [database] sets. */
  static Options options(ConfigFile config) {
    Options o = Options.defaults();
    if (config == null) {
      return o;
    }
    o = set(o, config, ConfigFile.MEMTABLE_SIZE_LIMIT, Options::withMemtableSizeLimit);
    o = set(o, config, ConfigFile.WAL_SYNC_INTERVAL, Options::withWalSyncIntervalMs);
    o = set(o, config, ConfigFile.COMPACTION_THRESHOLD,
        (opts, v) -> opts.withCompactionThreshold(toInt(config, ConfigFile.COMPACTION_THRESHOLD, v)));
    o = set(o, config, ConfigFile.BLOCKCHAIN_BATCH_SIZE,
        (opts, v) -> opts.withBlockchainBatchSize(toInt(config, ConfigFile.BLOCKCHAIN_BATCH_SIZE, v)));
    o = set(o, config, ConfigFile.BLOCK_INTERVAL_MS, Options::withBlockIntervalMs);
    return o;
  }

  private static Options set(Options options, ConfigFile config, String key,
      BiFunction<Options, Long, Options> with) {
    OptionalLong v = config.number(key);
    if (v.isEmpty()) {
      return options;
    }
    try {
      return with.apply(options, v.getAsLong());
    } catch (BlockDbException e) {
      // Options names the key and the accepted range; add which file to fix.
      throw CliException.usage(e.getMessage() + " (in config file " + config.path() + ")");
    }
  }

  private static int toInt(ConfigFile config, String key, long v) {
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw CliException.usage("invalid value for " + key + " in config file " + config.path()
          + ": " + v + " is out of range");
    }
    return (int) v;
  }
}
