package com.blockdb.server;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the server gracefully on SIGTERM (what {@code kill}, systemd and container runtimes send)
 * and SIGINT (Ctrl-C), so that the process then exits with 0: the JVM's own handling of these
 * signals runs shutdown hooks and exits with 143 or 130. A shutdown hook stays installed for the
 * other ways the JVM may end (SIGHUP, {@code System.exit}).
 *
 * <p>The JDK's signal API is {@code sun.misc.Signal} (module jdk.unsupported, exported for exactly
 * this use). It is reached reflectively: used directly it draws a compiler warning that nothing can
 * silence, and on a JDK without it the shutdown hook alone still stops the server gracefully.
 */
final class ShutdownSignals {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  static void install(Runnable stop) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        handle(name, () -> {
          LOG.info("SIG{} received", name);
          new Thread(stop, "blockdb-shutdown").start();
        });
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.debug("cannot handle SIG{} ({}): the shutdown hook stops the server", name, e.toString());
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "blockdb-shutdown-hook"));
  }

  /** {@code sun.misc.Signal.handle(new Signal(name), sig -> action.run())}. */
  private static void handle(String name, Runnable action) throws ReflectiveOperationException {
    Class<?> signal = Class.forName("sun.misc.Signal");
    Class<?> handler = Class.forName("sun.misc.SignalHandler");
    Object h = Proxy.newProxyInstance(ShutdownSignals.class.getClassLoader(), new Class<?>[] {handler},
        (proxy, method, args) -> switch (method.getName()) {
          case "handle" -> {
            action.run();
            yield null;
          }
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> "blockdb signal handler";
        });
    Method install = signal.getMethod("handle", signal, handler);
    install.invoke(null, signal.getConstructor(String.class).newInstance(name), h);
  }
}
