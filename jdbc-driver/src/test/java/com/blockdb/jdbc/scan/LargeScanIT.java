package com.blockdb.jdbc.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full scan streams: a child JVM with a 256 MiB heap writes and then reads back far more rows
 * than that heap could hold as objects (3 million by default, 10 million with {@code -Plong}).
 */
class LargeScanIT {
  @TempDir Path dir;

  @Test
  void aFullScanOfMillionsOfRowsRunsInA256MiBHeap() throws Exception {
    long rows = Long.getLong("blockdb.largeScan.rows", 3_000_000L);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("child.log");
    Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), LargeScanMain.class.getName(),
        dir.resolve("db").toString(), Long.toString(rows)))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(20, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("child finished: %s", out).isTrue();
    assertThat(p.exitValue()).as("child exit code; output:%n%s", out).isZero();
    assertThat(out).contains("OK rows=" + rows + " maxHeapMiB=");
    System.out.println(out.lines().filter(l -> l.startsWith("OK")).findFirst().orElse(out));
    assertThat(new File(dir.toFile(), "db")).isDirectory();
  }
}
