package com.blockdb.cli;

import com.blockdb.engine.Options;
import java.nio.file.Path;

/**
 * The configuration one invocation runs with, after flags, environment, config file and defaults
 * were weighed.
 *
 * @param dataDir the data directory, relative paths meaning the user's working directory
 * @param options the engine settings
 * @param configFile the config file read, or null
 */
public record Settings(Path dataDir, Options options, Path configFile) {}
