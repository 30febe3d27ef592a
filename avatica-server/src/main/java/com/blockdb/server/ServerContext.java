package com.blockdb.server;

import com.blockdb.jdbc.store.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What the server's HTTP features are built from: the open database (shared with the JDBC
 * connections), the settings, and the meter registry {@code /metrics} exposes.
 */
public record ServerContext(Database database, ServerSettings settings, PrometheusMeterRegistry registry) {}
