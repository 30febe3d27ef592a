package com.blockdb.engine.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and writer for the engine's own documents (digests, proofs), so the
 * engine needs no dependency. Objects read as {@code Map}, arrays as {@code List}, numbers as
 * {@code Long} (the documents hold only integers), strings as {@code String}.
 */
public final class Json {

  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  /** Parses a document or throws IllegalArgumentException naming the offset of the problem. */
  public static Object parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no JSON text");
    }
    Json p = new Json(text);
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw p.error("unexpected text after the JSON value");
    }
    return v;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("malformed JSON at offset " + i + ": " + what);
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private Object value() {
    ws();
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, i)) {
      throw error("expected " + word);
    }
    i += word.length();
    return v;
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    ws();
    if (i < s.length() && s.charAt(i) == '}') {
      i++;
      return m;
    }
    while (true) {
      ws();
      if (i >= s.length() || s.charAt(i) != '"') {
        throw error("expected a field name");
      }
      String k = string();
      ws();
      if (i >= s.length() || s.charAt(i) != ':') {
        throw error("expected ':'");
      }
      i++;
      m.put(k, value());
      ws();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      } else if (i < s.length() && s.charAt(i) == '}') {
        i++;
        return m;
      } else {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    i++;
    ws();
    if (i < s.length() && s.charAt(i) == ']') {
      i++;
      return l;
    }
    while (true) {
      l.add(value());
      ws();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      } else if (i < s.length() && s.charAt(i) == ']') {
        i++;
        return l;
      } else {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    i++;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        if (i >= s.length()) {
          break;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n': b.append('\n'); break;
          case 't': b.append('\t'); break;
          case 'r': b.append('\r'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'u':
            if (i + 4 > s.length()) {
              throw error("bad \\u escape");
            }
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
            break;
          default: b.append(e);
        }
      } else {
        b.append(c);
      }
    }
    throw error("unterminated string");
  }

  private Long number() {
    int start = i;
    if (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (start == i || (i - start == 1 && s.charAt(start) == '-')) {
      throw error("expected a value");
    }
    try {
      return Long.parseLong(s.substring(start, i));
    } catch (NumberFormatException e) {
      throw error("integer out of range");
    }
  }

  /** Quotes and escapes a string for a JSON document. */
  public static String quote(String v) {
    StringBuilder b = new StringBuilder("\"");
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** A field of a parsed object, required, of the given type. */
  public static <T> T field(Map<?, ?> obj, String name, Class<T> type) {
    Object v = obj.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing field \"" + name + "\"");
    }
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException("field \"" + name + "\" must be a " + type.getSimpleName());
    }
    return type.cast(v);
  }
}
