package com.blockdb.server;

import ch.qos.logback.classic.Level;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code java.util.logging} records (where the engine's {@code System.Logger} writes by
 * default) to SLF4J, so that the server has one log with one level and one destination.
 */
final class JulBridge extends Handler {
  private JulBridge() {}

  /** Replaces the JUL root handlers with the bridge, passing records at {@code level} and above. */
  static void install(Level level) {
    java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.addHandler(new JulBridge());
    root.setLevel(toJul(level));
  }

  private static java.util.logging.Level toJul(Level level) {
    if (level == null) {
      return java.util.logging.Level.INFO;
    }
    return switch (level.toInt()) {
      case Level.OFF_INT -> java.util.logging.Level.OFF;
      case Level.ERROR_INT -> java.util.logging.Level.SEVERE;
      case Level.WARN_INT -> java.util.logging.Level.WARNING;
      case Level.INFO_INT -> java.util.logging.Level.INFO;
      case Level.DEBUG_INT -> java.util.logging.Level.FINE;
      default -> java.util.logging.Level.ALL;
    };
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null) {
      return;
    }
    Logger log = LoggerFactory.getLogger(record.getLoggerName() == null ? "jul" : record.getLoggerName());
    String msg = record.getMessage();
    if (msg != null && record.getParameters() != null && record.getParameters().length > 0) {
      try {
        msg = java.text.MessageFormat.format(msg, record.getParameters());
      } catch (IllegalArgumentException e) {
        // not a MessageFormat pattern: log the text as it is
      }
    }
    Throwable t = record.getThrown();
    int v = record.getLevel().intValue();
    if (v >= java.util.logging.Level.SEVERE.intValue()) {
      log.error(msg, t);
    } else if (v >= java.util.logging.Level.WARNING.intValue()) {
      log.warn(msg, t);
    } else if (v >= java.util.logging.Level.INFO.intValue()) {
      log.info(msg, t);
    } else if (v >= java.util.logging.Level.FINE.intValue()) {
      log.debug(msg, t);
    } else {
      log.trace(msg, t);
    }
  }

  @Override
  public void flush() {
    // SLF4J's appenders flush themselves
  }

  @Override
  public void close() {
    // nothing held
  }
}
