package com.blockdb.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One section of {@code blockdb.toml} that the server owns ({@code [server]}, {@code [logging]},
 * {@code [cluster]}): unknown keys and values of the wrong type are refused with a message naming
 * the key and file.
 */
public final class ConfigSection {
  private final String name;
  private final JsonNode node;
  private final Path file;

  /** {@code node} may be null (the file has no such section, or there is no file). */
  public ConfigSection(String name, JsonNode node, Path file, Set<String> known) {
    this.name = name;
    this.node = node;
    this.file = file;
    if (node != null) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!known.contains(key)) {
          throw new ServerConfigException("unknown key '" + key + "' in [" + name + "] of config file " + file
              + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
      }
    }
  }

  /** The raw value of {@code key}, or null. */
  public JsonNode value(String key) {
    return node == null ? null : node.get(key);
  }

  /** Where {@code key} comes from, for messages. */
  public String where(String key) {
    return key + " in [" + name + "] of config file " + file;
  }

  public Optional<String> text(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new ServerConfigException("invalid value for " + where(key) + ": expected a non-empty string, got " + v);
    }
    return Optional.of(v.asText());
  }

  public OptionalLong number(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ServerConfigException("invalid value for " + where(key) + ": expected a whole number, got " + v);
    }
    return OptionalLong.of(v.longValue());
  }

  /** A number, whole or not (a TOML integer or float). */
  java.util.OptionalDouble fraction(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return java.util.OptionalDouble.empty();
    }
    if (!v.isNumber()) {
      throw new ServerConfigException("invalid value for " + where(key) + ": expected a number, got " + v);
    }
    return java.util.OptionalDouble.of(v.doubleValue());
  }

  public Optional<Boolean> bool(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw new ServerConfigException("invalid value for " + where(key) + ": expected true or false, got " + v);
    }
    return Optional.of(v.booleanValue());
  }
}
