package com.blockdb.server.process;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code /metrics} scrape, read for single values: the sum of a meter's samples whose labels
 * include the given ones. (The format itself is checked by the metrics package's tests.)
 */
record Scrape(String text) {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+).*");

  /** The sum over the samples of {@code name} whose labels contain {@code labels}; fails if there is none. */
  double value(String name, Map<String, String> labels) {
    double sum = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      String l = m.group(2) == null ? "" : m.group(2);
      if (labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
        sum += Double.parseDouble(m.group(3));
        found = true;
      }
    }
    if (!found) {
      throw new AssertionError("no sample of " + name + " with labels " + labels + " in /metrics");
    }
    return sum;
  }

  /**
   * Bytes used in the heap's old generation (G1's "G1 Old Gen", Parallel's "PS Old Gen", Serial's
   * "Tenured Gen"): right after a full GC, the heap's live data; young objects allocated since then
   * are elsewhere, so it stays that while requests go on.
   */
  double oldGenUsed() {
    for (String line : text.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")
          && (line.contains("Old Gen\"") || line.contains("Tenured Gen\""))) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no old generation pool in jvm_memory_used_bytes of /metrics");
  }

  double value(String name) {
    return value(name, Map.of());
  }
}
