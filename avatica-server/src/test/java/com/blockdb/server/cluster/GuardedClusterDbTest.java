package com.blockdb.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.blockdb.cluster.NoQuorumException;
import com.blockdb.cluster.OutcomeUnknownException;
import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Tables;
import com.blockdb.engine.WriteBatch;
import com.blockdb.jdbc.driver.SqlErrors;
import com.blockdb.jdbc.store.Database;
import com.blockdb.jdbc.store.DatabaseRegistry;
import com.blockdb.server.metrics.ServerMetrics;
import com.blockdb.server.rest.ErrorMapping;
import com.blockdb.server.rest.FixedAuthenticator;
import com.blockdb.server.rest.Http;
import com.blockdb.server.rest.HttpError;
import com.blockdb.server.rest.RestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unchecked failure of the Raft client under a cluster node's database (a closed client, an
 * illegal state, a rejected task, each as Ratis or the JDK throws them) reaches a client as outcome
 * unknown (a write: 08007, HTTP 504) or no quorum (a read barrier: 58Q01, HTTP 503), with a message
 * and no class name or stack trace; never as an internal error (HTTP 500).
 */
class GuardedClusterDbTest {

  @TempDir
  Path dir;

  /** The calls that propose an entry to the cluster. */
  private static final Set<String> PROPOSALS = Set.of("write", "prepare", "commitPrepared", "abortPrepared", "seal");

  /** Every call into the cluster: the proposals and the read barrier; the rest reads the node's copy. */
  private static final Set<String> CLUSTER_CALLS =
      Set.of("write", "prepare", "commitPrepared", "abortPrepared", "seal", "lastSequence");

  private static BlockDb failing(BlockDb engine, Supplier<RuntimeException> failure) {
    return failing(engine, () -> CLUSTER_CALLS, failure);
  }

  /**
   * The engine, whose methods named in {@code calls} throw what {@code failure} supplies while it
   * supplies anything (null: they pass).
   */
  private static BlockDb failing(BlockDb engine, Supplier<Set<String>> calls, Supplier<RuntimeException> failure) {
    InvocationHandler h = (proxy, method, args) -> {
      RuntimeException f = failure.get();
      if (f != null && calls.get().contains(method.getName())) {
        throw f;
      }
      try {
        return method.invoke(engine, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (BlockDb) Proxy.newProxyInstance(BlockDb.class.getClassLoader(), new Class<?>[] {BlockDb.class}, h);
  }

  private static final List<Supplier<RuntimeException>> RAFT_CLIENT_FAILURES = List.of(
      () -> new IllegalStateException("the Raft client of node n1 is closed"),
      () -> new CompletionException(new AlreadyClosedException("client-7F3A is already CLOSED")),
      () -> new RejectedExecutionException("Task rejected from a terminated pool"));

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aWriteThatFailsInTheRaftClientIsOutcomeUnknownNeverAnInternalError() {
    try (BlockDb engine = BlockDb.open(dir.resolve("engine"))) {
      for (Supplier<RuntimeException> f : RAFT_CLIENT_FAILURES) {
        BlockDb db = new GuardedClusterDb(failing(engine, f), "n1");
        String cause = GuardedClusterDb.describe(f.get());
        List<Runnable> proposals = List.of(
            () -> db.write(new WriteBatch().put(b("k"), b("v")), "alice"),
            () -> db.prepare(7, null, new WriteBatch().put(b("p"), b("v")), "alice"),
            () -> db.commitPrepared(7),
            () -> db.abortPrepared(7),
            db::seal);
        for (Runnable p : proposals) {
          OutcomeUnknownException e = catchThrowableOfType(p::run, OutcomeUnknownException.class);
          assertThat(e).as("a proposal failing with " + f.get()).isNotNull();
          assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
          assertThat(e.getMessage()).contains("node n1", cause, "may or may not be committed")
              .doesNotContain("Exception");
          HttpError http = ErrorMapping.of(e);
          assertThat(http.status()).isEqualTo(504);
          assertThat(http.code()).isEqualTo("outcome_unknown");
          assertThat(SqlErrors.map(e).getSQLState()).isEqualTo(SqlErrors.OUTCOME_UNKNOWN);
        }
        NoQuorumException read = catchThrowableOfType(db::lastSequence, NoQuorumException.class);
        assertThat(read.getMessage()).contains("node n1", cause, "nothing was read or written")
            .doesNotContain("Exception");
        assertThat(ErrorMapping.of(read).status()).isEqualTo(503);
        assertThat(SqlErrors.map(read).getSQLState()).isEqualTo(SqlErrors.NO_QUORUM);
        assertThat(engine.get(b("k"))).as("nothing written").isNull();
      }
    }
  }

  @Test
  void theDatabasesOwnErrorsAndReadsPassThroughUnchanged() {
    try (BlockDb engine = BlockDb.open(dir.resolve("engine"))) {
      engine.write(new WriteBatch().put(b("k"), b("v")), null);
      DuplicateKeyException duplicate = new DuplicateKeyException(Tables.KV, b("k"));
      BlockDb db = new GuardedClusterDb(failing(engine, () -> new CompletionException(duplicate)), "n1");
      assertThatThrownBy(() -> db.write(new WriteBatch().put(b("k"), b("again")), null)).isSameAs(duplicate);
      BlockDb passing = new GuardedClusterDb(failing(engine, () -> null), "n1");
      assertThatThrownBy(() -> passing.write(new WriteBatch().put(b("k"), b("again")), null))
          .isInstanceOf(DuplicateKeyException.class);
      assertThat(passing.write(new WriteBatch().put(b("k2"), b("v")), null)).isPositive();
      assertThat(passing.get(b("k2"))).isNotNull();
      assertThat(passing.verify(null, null).ok()).isTrue();
    }
  }

  @Test
  void restAndJdbcAnswerOutcomeUnknownForAWriteTheRaftClientFailed() throws Exception {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    AtomicReference<Set<String>> failingCalls = new AtomicReference<>(PROPOSALS);
    String name = dir.resolve("node").toString();
    try (BlockDb engine = BlockDb.open(dir.resolve("engine"))) {
      BlockDb node = failing(engine, failingCalls::get, failure::get);
      Database db = DatabaseRegistry.adopt(name, new GuardedClusterDb(node, "n1"), TimeUnit.SECONDS.toNanos(5));
      ServerMetrics metrics = ServerMetrics.create(db.engine());
      Server jetty = new Server();
      try (Connection c = DriverManager.getConnection("jdbc:blockdb:" + name)) {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
        }
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new RestHandler(db, new FixedAuthenticator(), metrics.registry(), 64 * 1024));
        jetty.start();
        Http http = new Http(URI.create("http://127.0.0.1:" + connector.getLocalPort()));

        failure.set(new IllegalStateException("org.apache.ratis.protocol.exceptions.AlreadyClosedException:"
            + " client-7F3A is already CLOSED"));
        HttpResponse<String> r = http.postJson("/api/v1/put", "writer", "{\"key\": \"a\", \"value\": \"b\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
        JsonNode body = Http.json(r);
        assertThat(body.get("code").asText()).isEqualTo("outcome_unknown");
        assertThat(body.get("error").asText()).contains("client-7F3A is already CLOSED", "may or may not be committed")
            .doesNotContain("Exception").doesNotContain("\tat ");

        try (Statement st = c.createStatement()) {
          SQLException e = catchThrowableOfType(() -> st.executeUpdate("INSERT INTO T VALUES (1)"), SQLException.class);
          assertThat((Object) e).as("an INSERT the Raft client failed").isNotNull();
          assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlErrors.OUTCOME_UNKNOWN);
          assertThat(e.getMessage()).contains("client-7F3A is already CLOSED");
        }
        failingCalls.set(Set.of("lastSequence")); // a statement's read barrier
        try (Statement st = c.createStatement()) {
          SQLException e = catchThrowableOfType(() -> st.executeQuery("SELECT * FROM T"), SQLException.class);
          assertThat((Object) e).as("a SELECT whose read barrier the Raft client failed").isNotNull();
          assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlErrors.NO_QUORUM);
        }
        r = http.get("/api/v1/get/a", "reader");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(Http.json(r).get("code").asText()).isEqualTo("no_quorum");

        failure.set(null); // the cluster answers again: the same requests succeed
        assertThat(http.postJson("/api/v1/put", "writer", "{\"key\": \"a\", \"value\": \"b\"}").statusCode())
            .isEqualTo(201);
        try (Statement st = c.createStatement()) {
          assertThat(st.executeUpdate("INSERT INTO T VALUES (1)")).isEqualTo(1);
        }
      } finally {
        jetty.stop();
        metrics.close();
        DatabaseRegistry.release(db);
      }
    }
  }
}
