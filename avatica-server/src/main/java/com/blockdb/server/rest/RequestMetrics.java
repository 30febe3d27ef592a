package com.blockdb.server.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;

/**
 * The HTTP request meter: one Timer, {@value #NAME}, tagged with the endpoint's path template,
 * the method and the status, so Prometheus gets request counts and latency histograms per
 * endpoint and status. Tags come from fixed sets (templates, known methods), never from what a
 * client puts in a path, so no client can make the registry grow. Thread-safe.
 */
public final class RequestMetrics {
  /** The meter name; Prometheus shows it as {@code blockdb_http_requests_seconds}. */
  public static final String NAME = "blockdb.http.requests";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  private final MeterRegistry registry;

  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Starts timing a request. */
  public Timer.Sample start() {
    return Timer.start(registry);
  }

  /** Records a finished request. */
  public void stop(Timer.Sample sample, String endpoint, String method, int status) {
    sample.stop(Timer.builder(NAME)
        .description("HTTP requests served, by endpoint, method and status")
        .tag("endpoint", endpoint)
        .tag("method", METHODS.contains(method) ? method : "OTHER")
        .tag("status", Integer.toString(status))
        .tag("outcome", outcome(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry));
  }

  private static String outcome(int status) {
    if (status < 400) {
      return "SUCCESS";
    }
    return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
  }
}
