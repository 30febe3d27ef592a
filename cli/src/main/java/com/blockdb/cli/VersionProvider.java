package com.blockdb.cli;

import picocli.CommandLine.IVersionProvider;

/** Answers {@code --version} from the jar manifest, so the version is written only in the pom. */
final class VersionProvider implements IVersionProvider {
  /** Used when running from classes, outside the jar (tests, IDEs). */
  static final String FALLBACK = "0.1.0";

  @Override
  public String[] getVersion() {
    return new String[] {"blockdb-cli " + version()};
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? FALLBACK : v;
  }
}
