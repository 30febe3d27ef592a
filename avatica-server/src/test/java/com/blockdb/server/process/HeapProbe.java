package com.blockdb.server.process;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Forces a full garbage collection in a server process on this machine. A server offers no way to
 * do that over HTTP (nor should it), so the test attaches to the JVM as {@code jcmd} would, starts
 * its local JMX agent and calls {@link MemoryMXBean#gc()} (a full, stop-the-world collection
 * unless {@code -XX:+ExplicitGCInvokesConcurrent}); the heap it leaves is then read from the
 * server's own {@code /metrics}. Not thread-safe.
 */
final class HeapProbe implements AutoCloseable {
  private final JMXConnector connector;
  private final MemoryMXBean memory;

  private HeapProbe(JMXConnector connector, MemoryMXBean memory) {
    this.connector = connector;
    this.memory = memory;
  }

  /** Attaches to process {@code pid} (same user, same machine). */
  static HeapProbe attach(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address));
    try {
      return new HeapProbe(c, ManagementFactory.newPlatformMXBeanProxy(c.getMBeanServerConnection(),
          ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class));
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Runs a full GC in the server; returns when it is done. */
  void fullGc() {
    memory.gc();
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
