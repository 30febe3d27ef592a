package com.blockdb.server.rest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query parameters of a request, parsed from the raw query string by the REST API itself
 * (not the container), so a broken escape is a 400 naming the parameter. Unknown parameters are
 * refused: {@code ?encodng=base64} must not quietly return text.
 */
final class QueryParams {
  private final Map<String, String> values;

  private QueryParams(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code name=value&...} ({@code raw} null: no parameters). */
  static QueryParams parse(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq), "a query parameter name");
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "query parameter \"" + name + "\"");
        if (m.put(name, value) != null) {
          throw HttpError.badRequest("query parameter \"" + name + "\" is given twice");
        }
      }
    }
    return new QueryParams(m);
  }

  /** Throws 400 if a parameter other than {@code names} is present. */
  void allowOnly(String... names) {
    for (String name : values.keySet()) {
      if (!Arrays.asList(names).contains(name)) {
        throw HttpError.badRequest("unknown query parameter \"" + name + "\""
            + (names.length == 0 ? "; this endpoint takes none" : "; expected " + String.join(", ", names)));
      }
    }
  }

  /** The value of {@code name}, or null. */
  String get(String name) {
    return values.get(name);
  }

  private static String decode(String s, String what) {
    byte[] out = new byte[s.length() * 4];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw HttpError.badRequest(what + " has a broken percent escape");
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c == '+') {
        out[n++] = ' ';
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, out, n, b.length);
        n += b.length;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
