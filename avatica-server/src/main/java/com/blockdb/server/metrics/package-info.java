/**
 * Metrics for Prometheus through Micrometer: the engine's figures as meters, the JVM's, the HTTP
 * request meters, and the {@code /metrics} endpoint that serves them.
 */
package com.blockdb.server.metrics;
