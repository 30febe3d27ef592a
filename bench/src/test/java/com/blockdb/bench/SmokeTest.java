package com.blockdb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every workload once with tiny counts (a few seconds), so the harness's code paths keep
 * working. It checks that each workload produced figures, never what they are: timings belong in
 * BENCHMARKS.md, not in tests. PostgreSQL is left out (it needs a server). The SQL suite's reads
 * check what they read, so a cell without an error also says the system returned the right rows.
 */
class SmokeTest {

  @TempDir
  Path dir;

  @Test
  void everyWorkloadRunsWithTinyCounts() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Report rep = Main.run(Config.tiny(), dir, List.of(new BlockDbSubject(), SqlSubject.sqlite(), SqlSubject.h2()),
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);

    List<String> workloads = rep.rows.stream().map(Report.Row::workload).toList();
    assertThat(workloads).anyMatch(w -> w.startsWith("fsync rate of the disk"))
        .anyMatch(w -> w.startsWith("SHA-256"))
        .anyMatch(w -> w.startsWith("durable single puts, 1 thread: ops/s"))
        .anyMatch(w -> w.startsWith("durable single puts, 1 thread: latency"))
        .anyMatch(w -> w.startsWith("durable single puts, 8 threads: ops/s"))
        .anyMatch(w -> w.startsWith("durable single puts, 8 threads: fsyncs per put"))
        .anyMatch(w -> w.startsWith("batched puts"))
        .anyMatch(w -> w.startsWith("random get from the memtable"))
        .anyMatch(w -> w.startsWith("random get from SSTables"))
        .anyMatch(w -> w.startsWith("verify"));
    for (Report.Row r : rep.rows) {
      if (r.target().startsWith("machine")) {
        continue;
      }
      assertThat(r.cells().get("BlockDB")).as(r.workload()).doesNotContain("error").isNotEqualTo("n/a");
      assertThat(r.met()).as(r.workload()).isNotEqualTo("n/a");
      if (!r.workload().startsWith("verify")) {
        assertThat(r.cells().get("SQLite")).as(r.workload()).doesNotContain("error").isNotEqualTo("n/a");
        assertThat(r.cells().get("H2")).as(r.workload()).doesNotContain("error").isNotEqualTo("n/a");
      }
    }
    assertThat(rep.markdown())
        .contains("| workload | BlockDB | SQLite | H2 | ratio BlockDB/best other | target | met? |");
    assertThat(out).contains("[verify");
  }

  @Test
  void sqlSuiteRunsTheSameStatementsOnBlockDbSqliteAndH2() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    List<JdbcSystem> systems = List.of(JdbcSystem.blockdb(), JdbcSystem.sqlite(), JdbcSystem.h2());
    assertThat(systems.get(0).unavailableReason()).as("the BlockDB JDBC driver").isNull();
    Report rep = Main.run(Config.tiny(), dir, List.of(), systems, Set.copyOf(Main.expand("sql")),
        new PrintStream(buf, true, StandardCharsets.UTF_8));

    assertThat(rep.sqlRows.stream().map(Report.SqlRow::workload).toList())
        .anyMatch(w -> w.startsWith("batched INSERT"))
        .anyMatch(w -> w.startsWith("point SELECT by primary key, PreparedStatement"))
        .anyMatch(w -> w.startsWith("point SELECT by primary key, plain Statement"))
        .anyMatch(w -> w.startsWith("range scan"))
        .anyMatch(w -> w.contains("COUNT(*)"))
        .anyMatch(w -> w.contains("VERIFY_CHAIN()"))
        .anyMatch(w -> w.startsWith("single-row autocommit INSERT (prepared), 1 thread"))
        .anyMatch(w -> w.startsWith("single-row autocommit INSERT (prepared), 8 threads"));
    for (Report.SqlRow r : rep.sqlRows) {
      assertThat(r.cells().get("BlockDB")).as(r.workload()).doesNotContain("error").isNotEqualTo("n/a");
      if (!r.workload().contains("VERIFY_CHAIN()")) {
        assertThat(r.cells().get("SQLite")).as(r.workload()).doesNotContain("error").isNotEqualTo("n/a");
        assertThat(r.cells().get("H2")).as(r.workload()).doesNotContain("error").isNotEqualTo("n/a");
        assertThat(r.vsSqlite()).as(r.workload()).isNotEqualTo("—");
      }
    }
    assertThat(rep.markdown()).contains("| SQL workload | BlockDB | SQLite | H2 | BlockDB / SQLite | BlockDB / H2 |"
        + " target | met? |");
  }

  @Test
  void theSqlSuiteRunsAgainstABlockDbServerItStartsAndStops() throws Exception {
    // The server jar is there once the reactor has packaged avatica-server (mvn verify builds it
    // before this module); a build of this module alone may not have it.
    Path server = Path.of("..", "avatica-server", "target").toAbsolutePath().normalize();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isRegularFile(server.resolve("blockdb-server.jar")),
        "avatica-server is not packaged: run mvn package (or verify) on the reactor");
    String before = System.getProperty(JdbcSystem.SERVER_CLASSPATH);
    System.setProperty(JdbcSystem.SERVER_CLASSPATH,
        server.resolve("blockdb-server.jar") + java.io.File.pathSeparator + server.resolve("lib").resolve("*"));
    try {
      JdbcSystem remote = JdbcSystem.blockdbRemote();
      assertThat(remote.unavailableReason()).isNull();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      Report rep = Main.run(Config.tiny(), dir, List.of(), List.of(remote),
          Set.of("sql-batch", "sql-select", "sql-insert8"), new PrintStream(buf, true, StandardCharsets.UTF_8));
      for (Report.SqlRow r : rep.sqlRows) {
        assertThat(r.cells().get("BlockDB remote")).as(r.workload()).doesNotContain("error").isNotEqualTo("n/a");
      }
      // issue 5's rows compare with PostgreSQL, which is not in this run
      assertThat(rep.sqlRows).filteredOn(r -> r.workload().startsWith("BlockDB remote against PostgreSQL"))
          .hasSize(2).allSatisfy(r -> {
            assertThat(r.cells().get("BlockDB remote")).isEqualTo("n/a (no PostgreSQL figure in this run)");
            assertThat(r.met()).isEqualTo("n/a");
          });
      assertThat(rep.markdown()).contains("| SQL workload | BlockDB remote | BlockDB / SQLite |");
      // the report says what the remote system was
      assertThat(buf.toString(StandardCharsets.UTF_8)).contains("BlockDB remote: blockdb-server");
    } finally {
      if (before == null) {
        System.clearProperty(JdbcSystem.SERVER_CLASSPATH);
      } else {
        System.setProperty(JdbcSystem.SERVER_CLASSPATH, before);
      }
    }
  }

  @Test
  void theClusterFiguresComeFromAThreeNodeClusterBesideASingleServer() throws Exception {
    Path server = Path.of("..", "avatica-server", "target").toAbsolutePath().normalize();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isRegularFile(server.resolve("blockdb-server.jar")),
        "avatica-server is not packaged: run mvn package (or verify) on the reactor");
    String before = System.getProperty(JdbcSystem.SERVER_CLASSPATH);
    System.setProperty(JdbcSystem.SERVER_CLASSPATH,
        server.resolve("blockdb-server.jar") + java.io.File.pathSeparator + server.resolve("lib").resolve("*"));
    try {
      List<JdbcSystem> systems = List.of(JdbcSystem.blockdbRemote(), JdbcSystem.blockdbCluster());
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      Report rep = Main.run(Config.tiny(), dir, List.of(), systems,
          Set.of("sql-insert1", "sql-insert8", "cluster-failover"), new PrintStream(buf, true, StandardCharsets.UTF_8));
      String out = buf.toString(StandardCharsets.UTF_8);
      for (Report.SqlRow r : rep.sqlRows) {
        assertThat(r.cells().get("BlockDB cluster")).as(r.workload() + "\n" + out).doesNotContain("error")
            .isNotEqualTo("n/a");
      }
      // issue 6's rows: the ratio to the single server, the commit latency at 1 and 8 connections,
      // a failover row per election timeout, each judged against its target
      assertThat(rep.sqlRows).filteredOn(r -> r.workload().startsWith("BlockDB cluster")).hasSize(4)
          .allSatisfy(r -> assertThat(r.met()).as(r.workload()).matches("(yes|\\*\\*no\\*\\*).*"));
      assertThat(rep.sqlRows).filteredOn(r -> r.workload().contains("commit latency p50")).singleElement()
          .satisfies(r -> assertThat(r.cells().get("BlockDB cluster")).contains("1 connection: ")
              .contains("8 connections: "));
      assertThat(rep.sqlRows).filteredOn(r -> r.workload().contains("leader failover")).hasSize(2)
          .allSatisfy(r -> assertThat(r.cells().get("BlockDB cluster")).contains("(1 round: "));
      assertThat(out).contains("failover round 1 (election_timeout 500 ms): killed node")
          .contains("BlockDB cluster: 3 × blockdb-server");
      assertThat(rep.notes).anyMatch(n -> n.startsWith("CPU during BlockDB cluster's share"));
    } finally {
      if (before == null) {
        System.clearProperty(JdbcSystem.SERVER_CLASSPATH);
      } else {
        System.setProperty(JdbcSystem.SERVER_CLASSPATH, before);
      }
    }
  }

  @Test
  void workloadGroupsNameTheirMembers() {
    assertThat(Main.expand("sql")).contains("sha", "sql-batch", "sql-literal").doesNotContain("put1");
    assertThat(Main.expand("engine")).contains("put1", "verify").doesNotContain("sql-batch");
    assertThat(Main.expand("all")).containsAll(Main.expand("engine")).containsAll(Main.expand("sql"));
    assertThat(Main.expand("sql-count")).containsExactly("sql-count");
    assertThat(Main.expand("nonsense")).isEmpty();
  }
}
