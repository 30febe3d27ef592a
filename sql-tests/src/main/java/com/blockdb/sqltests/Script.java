package com.blockdb.sqltests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A parsed SQL script: its name (for reports) and its commands in order. */
public record Script(String name, List<Command> commands) {
  public Script {
    commands = List.copyOf(commands);
  }

  /** Parses {@code text}; throws {@link ScriptFormatException} naming the line of a format error. */
  public static Script parse(String name, String text) {
    return new ScriptParser(name).parse(text);
  }

  /** Reads and parses a script file; its name is the file name. */
  public static Script load(Path file) {
    try {
      return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script " + file.getFileName(), e);
    }
  }

  /** Reads and parses a classpath resource, e.g. {@code sql/select.sql}; its name is the file name. */
  public static Script resource(String resourceName) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(resourceName)) {
      if (in == null) {
        throw new IllegalArgumentException("no script resource " + resourceName);
      }
      String name = resourceName.substring(resourceName.lastIndexOf('/') + 1);
      return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script resource " + resourceName, e);
    }
  }
}
