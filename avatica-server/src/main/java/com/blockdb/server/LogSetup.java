package com.blockdb.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code [logging]} to Logback, whose defaults come from the {@code logback.xml} in the
 * server jar (console, INFO): {@code level} sets the root level, {@code file} sends the log to that
 * file (appending; its directory is created) instead of the console. The engine's
 * {@code System.Logger} output reaches the same log through {@link JulBridge}.
 */
final class LogSetup {
  /** The layout of every line, as logback.xml's console appender has it. */
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

  private LogSetup() {}

  static void apply(String level, Path file) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding on the classpath: its own configuration applies
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    if (file != null) {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern(PATTERN);
      encoder.start();
      FileAppender<ILoggingEvent> appender = new FileAppender<>();
      appender.setContext(context);
      appender.setName("FILE");
      appender.setFile(file.toAbsolutePath().toString());
      appender.setAppend(true);
      appender.setEncoder(encoder);
      appender.start();
      if (!appender.isStarted()) {
        throw new ServerConfigException("cannot write the log file " + file + " given by [logging] file");
      }
      List<Appender<ILoggingEvent>> old = new ArrayList<>();
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        old.add(it.next());
      }
      root.addAppender(appender);
      for (Appender<ILoggingEvent> a : old) {
        root.detachAppender(a);
        a.stop();
      }
    }
    JulBridge.install(root.getLevel());
  }

  /** Writes out and closes the log (at the very end of a run). */
  static void close() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
