package com.blockdb.sqltests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** The SQL scripts under the test resources' {@code sql/} folder, and fresh in-memory URLs. */
final class Scripts {
  private static final AtomicInteger NEXT_DB = new AtomicInteger();

  private Scripts() {}

  /** Every {@code sql/*.sql} and {@code sql/*.iq} script, sorted by name. */
  static List<Path> all() {
    URL dir = Scripts.class.getClassLoader().getResource("sql");
    if (dir == null) {
      throw new IllegalStateException("no sql/ folder among the test resources");
    }
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      return files.filter(f -> f.toString().endsWith(".sql") || f.toString().endsWith(".iq"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A {@code jdbc:blockdb:mem:} URL no other run uses. */
  static String freshMemUrl(Path script) {
    String base = script.getFileName().toString().replaceAll("\\W", "_");
    return "jdbc:blockdb:mem:" + base + "_" + ProcessHandle.current().pid() + "_"
        + NEXT_DB.incrementAndGet();
  }
}
