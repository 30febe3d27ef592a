package com.blockdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code bin/blockdb-cli} in a working directory, as a user at a shell would. */
final class Launcher {
  /** Generous: the launcher may have to build first if sources changed since the jar. */
  static final long TIMEOUT_SECONDS = 180;

  static Path path() {
    String p = System.getProperty("blockdb.launcher");
    Path launcher = p != null ? Path.of(p) : Path.of("..", "bin", "blockdb-cli");
    assertThat(launcher).as("launcher").isExecutable();
    return launcher.toAbsolutePath().normalize();
  }

  /** Exit code and output of one run. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** A process for the launcher with a clean BlockDB environment plus {@code env}. */
  static ProcessBuilder builder(Path cwd, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(path().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    // The developer's own settings must not leak into what the tests see.
    pb.environment().remove("BLOCKDB_DATA_DIR");
    pb.environment().remove("BLOCKDB_DEBUG");
    // Test the jar this build just packaged: a source edited meanwhile (by someone working on the
    // engine) would otherwise make the launcher run a nested Maven build over our own target/.
    // Set -Dblockdb.it.allowBuild=true to let it rebuild, as on a user's first run.
    if (!Boolean.getBoolean("blockdb.it.allowBuild")) {
      pb.environment().put("BLOCKDB_NO_BUILD", "1");
    }
    pb.environment().putAll(env);
    return pb;
  }

  static Result run(Path cwd, String... args) throws IOException, InterruptedException {
    return runWithInput(cwd, Map.of(), null, args);
  }

  static Result run(Path cwd, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return runWithInput(cwd, env, null, args);
  }

  /** Runs with {@code input} on stdin (then closed), or with an empty stdin when null. */
  static Result runWithInput(Path cwd, Map<String, String> env, String input, String... args)
      throws IOException, InterruptedException {
    // Files, not pipes: nothing can block on a full pipe buffer while we wait.
    File out = File.createTempFile("blockdb-it", ".out");
    File err = File.createTempFile("blockdb-it", ".err");
    try {
      ProcessBuilder pb = builder(cwd, env, args).redirectOutput(out).redirectError(err);
      Process p = pb.start();
      try (var stdin = p.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("blockdb-cli " + String.join(" ", args) + " timed out; stderr: "
            + Files.readString(err.toPath()));
      }
      return new Result(p.exitValue(), Files.readString(out.toPath()),
          withoutBuildBanner(Files.readString(err.toPath())));
    } finally {
      out.delete();
      err.delete();
    }
  }

  /**
   * Stderr without the launcher's "Building BlockDB (...)..." line: the launcher rebuilds whenever
   * a source is newer than the jar, which happens mid-run while someone edits the engine.
   */
  static String withoutBuildBanner(String err) {
    return err.replaceAll("(?m)^Building BlockDB \\([a-z ]+\\)\\.\\.\\.\\R", "");
  }

  private Launcher() {}
}
