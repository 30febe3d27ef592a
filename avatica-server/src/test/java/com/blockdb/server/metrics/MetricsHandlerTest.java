package com.blockdb.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.Stats;
import com.blockdb.server.rest.Http;
import com.blockdb.server.rest.RestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} over real HTTP: valid Prometheus text holding the BlockDB, HTTP and JVM meters. */
class MetricsHandlerTest {
  private RestServer server;
  private Http http;

  @BeforeEach
  void start() throws Exception {
    server = RestServer.start();
    http = new Http(server.base());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private PrometheusText scrape() {
    HttpResponse<String> r = http.get("/metrics", "reader");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
    return PrometheusText.parse(r.body());
  }

  @Test
  void theScrapeIsValidPrometheusTextWithTheEngineMeters() {
    http.postJson("/api/v1/put", "writer", "{\"key\": \"a\", \"value\": \"1\"}");
    http.postJson("/api/v1/batch", "writer",
        "{\"operations\": [{\"type\": \"put\", \"key\": \"b\", \"value\": \"2\"}, {\"type\": \"put\", \"key\": \"c\", \"value\": \"3\"}]}");
    http.get("/api/v1/digest", "auditor"); // seals a block

    PrometheusText m = scrape();
    Stats s = server.db().engine().stats();
    assertThat(m.types).containsEntry("blockdb_commits_total", "counter")
        .containsEntry("blockdb_wal_fsyncs_total", "counter")
        .containsEntry("blockdb_write_stall_seconds_total", "counter")
        .containsEntry("blockdb_ledger_blocks", "gauge")
        .containsEntry("blockdb_ledger_height", "gauge")
        .containsEntry("blockdb_ledger_entries", "gauge")
        .containsEntry("blockdb_disk_size_bytes", "gauge");
    assertThat(m.value("blockdb_commits_total", Map.of())).isEqualTo(s.commits()).isGreaterThanOrEqualTo(2); // the seal logs one too
    assertThat(m.value("blockdb_wal_fsyncs_total", Map.of())).isEqualTo(s.fsyncs());
    assertThat(m.value("blockdb_ledger_entries", Map.of())).isEqualTo(3);
    assertThat(m.value("blockdb_ledger_blocks", Map.of())).isEqualTo(s.blocks());
    assertThat(m.value("blockdb_ledger_height", Map.of())).isEqualTo(s.height()).isPositive();
    assertThat(m.value("blockdb_ledger_pending_entries", Map.of())).isZero();
    assertThat(m.value("blockdb_read_only", Map.of())).isZero();
  }

  @Test
  void requestsAreCountedAndTimedPerEndpointAndStatus() {
    http.postJson("/api/v1/put", "writer", "{\"key\": \"a\", \"value\": \"1\"}");
    http.postJson("/api/v1/put", "writer", "{\"key\": \"a\", \"value\": \"1\"}");
    for (int i = 0; i < 5; i++) {
      http.get("/api/v1/get/missing-" + i, "reader");
    }
    http.get("/api/v1/get/a", "reader");
    http.get("/stats", null);

    PrometheusText m = scrape();
    assertThat(m.types).containsEntry("blockdb_http_requests_seconds", "histogram");
    String count = "blockdb_http_requests_seconds_count";
    assertThat(m.value(count, Map.of("endpoint", "/api/v1/put", "method", "POST", "status", "201"))).isEqualTo(1);
    assertThat(m.value(count, Map.of("endpoint", "/api/v1/put", "status", "409"))).isEqualTo(1);
    assertThat(m.value(count, Map.of("endpoint", "/api/v1/get/{key}", "status", "404"))).isEqualTo(5);
    assertThat(m.value(count, Map.of("endpoint", "/api/v1/get/{key}", "status", "200"))).isEqualTo(1);
    assertThat(m.value(count, Map.of("endpoint", "/stats", "status", "401", "outcome", "CLIENT_ERROR"))).isEqualTo(1);
    assertThat(m.value("blockdb_http_requests_seconds_sum", Map.of("endpoint", "/api/v1/put", "status", "201")))
        .isPositive();
    assertThat(m.find("blockdb_http_requests_seconds_bucket", Map.of("endpoint", "/api/v1/put", "status", "201")))
        .as("latency histogram buckets").hasSizeGreaterThan(5);
    // Keys never become tag values: five different keys, one endpoint series.
    Set<String> endpoints = m.find(count, Map.of()).stream().map(s -> s.labels().get("endpoint"))
        .collect(Collectors.toSet());
    assertThat(endpoints).allSatisfy(e -> assertThat(e).doesNotContain("missing"));
  }

  @Test
  void theJvmMetersAreThere() {
    PrometheusText m = scrape();
    assertThat(m.types).containsKeys("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
        "process_uptime_seconds", "system_cpu_count");
    assertThat(m.types.keySet()).anyMatch(n -> n.startsWith("jvm_gc_"));
    assertThat(m.find("jvm_memory_used_bytes", Map.of("area", "heap"))).isNotEmpty();
  }

  @Test
  void openMetricsIsServedWhenAsked() {
    HttpResponse<String> r = Http.send(http.request("/metrics", "reader")
        .header("Accept", "application/openmetrics-text; version=1.0.0").GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
    assertThat(r.body()).endsWith("# EOF\n").contains("blockdb_commits");
  }

  @Test
  void aWrongMethodIs405() {
    HttpResponse<String> r = http.postJson("/metrics", "reader", "{}");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void aScrapeOfAClosedDatabaseStillAnswers() {
    server.closeDatabase();
    PrometheusText m = scrape();
    assertThat(m.value("blockdb_ledger_entries", Map.of())).isNaN();
    assertThat(m.types).containsKey("jvm_memory_used_bytes");
  }

  @Test
  void anOpenMetricsEndpointNeedsNoCredentials() throws Exception {
    try (RestServer open = RestServer.withOpenMetrics()) {
      Http h = new Http(open.base());
      HttpResponse<String> r = h.get("/metrics", null);
      assertThat(r.statusCode()).isEqualTo(200);
      PrometheusText.parse(r.body());
      assertThat(h.get("/stats", null).statusCode()).as("only /metrics is open").isEqualTo(401);
    }
    assertThat(http.get("/metrics", null).statusCode()).as("closed by default").isEqualTo(401);
    HttpResponse<String> wrongMethodNoCreds = Http.send(http.request("/metrics", null).DELETE().build());
    assertThat(wrongMethodNoCreds.statusCode()).isEqualTo(401);
  }

  @Test
  void everyRoleWithReadMayScrape() {
    for (String user : new String[] {"reader", "writer", "auditor", "admin"}) {
      assertThat(http.get("/metrics", user).statusCode()).as(user).isEqualTo(200);
    }
    HttpRequest bad = http.request("/metrics", null).header("Authorization", "Bearer nope").GET().build();
    assertThat(Http.send(bad).statusCode()).isEqualTo(401);
  }
}
