package com.blockdb.server.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only strict reader of the Prometheus text exposition format 0.0.4: every line must be a
 * HELP, TYPE, comment or sample line; each family is typed once, before its samples; every
 * sample belongs to a typed family (with the suffixes its type allows); values are floats.
 * Throws AssertionError naming the line that breaks the format.
 */
final class PrometheusText {
  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");

  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  static PrometheusText parse(String text) {
    PrometheusText p = new PrometheusText();
    String[] lines = text.split("\n", -1);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the exposition must end with a newline");
    }
    Map<String, Boolean> sampled = new HashMap<>();
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      String where = "line " + (n + 1) + ": " + line;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher t = TYPE.matcher(line);
        if (t.matches()) {
          if (p.types.put(t.group(1), t.group(2)) != null) {
            throw new AssertionError("family typed twice, " + where);
          }
          if (sampled.containsKey(t.group(1))) {
            throw new AssertionError("TYPE after samples, " + where);
          }
        } else if (line.startsWith("# HELP") && !HELP.matcher(line).matches()) {
          throw new AssertionError("bad HELP, " + where);
        } else if (line.startsWith("# TYPE")) {
          throw new AssertionError("bad TYPE, " + where);
        }
        continue;
      }
      Sample s = sample(line, where);
      String family = p.familyOf(s.name);
      if (family == null) {
        throw new AssertionError("sample of an untyped family, " + where);
      }
      sampled.put(family, true);
      p.samples.add(s);
    }
    return p;
  }

  private String familyOf(String name) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : new String[] {"_bucket", "_sum", "_count", "_created", "_total"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String type = types.get(base);
        if (type != null && allowed(type).contains(suffix)) {
          return base;
        }
      }
    }
    return null;
  }

  private static Set<String> allowed(String type) {
    switch (type) {
      case "histogram":
        return Set.of("_bucket", "_sum", "_count", "_created");
      case "summary":
        return Set.of("_sum", "_count", "_created");
      case "counter":
        return Set.of("_total", "_created");
      default:
        return Set.of();
    }
  }

  private static Sample sample(String line, String where) {
    Matcher m = NAME.matcher(line);
    if (!m.lookingAt()) {
      throw new AssertionError("bad metric name, " + where);
    }
    String name = m.group();
    int i = m.end();
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        Matcher l = LABEL.matcher(line).region(i, line.length());
        if (!l.lookingAt() || line.charAt(l.end()) != '=' || line.charAt(l.end() + 1) != '"') {
          throw new AssertionError("bad label, " + where);
        }
        StringBuilder v = new StringBuilder();
        int j = l.end() + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char e = line.charAt(++j);
            if (e != '\\' && e != '"' && e != 'n') {
              throw new AssertionError("bad escape in label value, " + where);
            }
            v.append(e == 'n' ? '\n' : e);
          } else {
            v.append(c);
          }
        }
        if (labels.put(l.group(), v.toString()) != null) {
          throw new AssertionError("label given twice, " + where);
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new AssertionError("no value, " + where);
    }
    String[] rest = line.substring(i + 1).split(" ");
    if (rest.length < 1 || rest.length > 2) {
      throw new AssertionError("bad value/timestamp, " + where);
    }
    double value;
    try {
      value = switch (rest[0]) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(rest[0]);
      };
      if (rest.length == 2) {
        Long.parseLong(rest[1]);
      }
    } catch (NumberFormatException e) {
      throw new AssertionError("bad number, " + where);
    }
    return new Sample(name, labels, value);
  }

  /** The samples named {@code name} whose labels include {@code labels}. */
  List<Sample> find(String name, Map<String, String> labels) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (s.name.equals(name) && s.labels.entrySet().containsAll(labels.entrySet())) {
        out.add(s);
      }
    }
    return out;
  }

  /** The value of the one sample named {@code name} with {@code labels}. */
  double value(String name, Map<String, String> labels) {
    List<Sample> found = find(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples of " + name + labels);
    }
    return found.get(0).value;
  }
}
