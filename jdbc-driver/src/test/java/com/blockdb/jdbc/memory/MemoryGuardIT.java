package com.blockdb.jdbc.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory guard, embedded: in a child JVM with a 192 MiB heap, a sorted cross join that would
 * need several times that heap is stopped with 53200, and so are an aggregate over it with a
 * million groups and the sort once more (so the rows of those stopped before were freed),
 * the JVM does not run out of memory, and another connection's point queries are served before,
 * during and after without one error.
 */
class MemoryGuardIT {
  @TempDir Path dir;

  @Test
  void aSortLargerThanTheHeapIsStoppedWith53200AndEverythingElseGoesOn() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("child.log");
    Process p = new ProcessBuilder(List.of(java, "-Xmx192m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), MemoryGuardMain.class.getName(),
        dir.resolve("db").toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("child finished: %s", out).isTrue();
    assertThat(p.exitValue()).as("child exit code (3: out of memory); output:%n%s", out).isZero();
    List<String> runaway = out.lines().filter(l -> l.startsWith("RUNAWAY")).toList();
    assertThat(runaway).as(out).hasSize(3).allSatisfy(l -> assertThat(l)
        .startsWith("RUNAWAY state=53200 message=query stopped: the heap was ")
        .contains("over memory_guard 80%")
        .contains("this query held the most of the running queries (it allocated "));
    assertThat(out.lines().filter(l -> l.startsWith("AFTER"))).as(out).containsExactly("AFTER count=1000",
        "AFTER count=1000", "AFTER count=1000");
    String small = out.lines().filter(l -> l.startsWith("SMALL")).findFirst().orElse("");
    assertThat(small).as(out).contains("failed=0 first=null").doesNotContain("ok=0 ");
    assertThat(out).contains("DONE");
    System.out.println(String.join("\n", runaway) + "\n" + small);
  }
}
