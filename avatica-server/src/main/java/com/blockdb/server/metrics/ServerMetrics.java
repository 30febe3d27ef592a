package com.blockdb.server.metrics;

import com.blockdb.engine.BlockDb;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's meter registry, for Prometheus: the engine's meters ({@link EngineMetrics}), the
 * JVM's (memory, GC, threads, classes), the process's (CPU, uptime, file descriptors), and the HTTP
 * request meters the handlers add. Close it at shutdown: the GC meters listen to JMX.
 */
public final class ServerMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;

  private ServerMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
    this.registry = registry;
    this.gc = gc;
  }

  /** A registry with every meter bound, reading {@code engine}. */
  public static ServerMetrics create(BlockDb engine) {
    return bind(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), engine);
  }

  /** Binds every meter, reading {@code engine}, to the server's {@code registry}. */
  public static ServerMetrics bind(PrometheusMeterRegistry registry, BlockDb engine) {
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new EngineMetrics(engine).bindTo(registry);
    return new ServerMetrics(registry, gc);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
