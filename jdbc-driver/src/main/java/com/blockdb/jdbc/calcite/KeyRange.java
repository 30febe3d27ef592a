package com.blockdb.jdbc.calcite;

import java.util.List;

/**
 * What part of a table's key space a scan must read: a list of exact keys (point gets), or one
 * range {@code from <= key < to} (null bounds are open). Always a superset of the rows the query's
 * filters accept: Calcite still applies every filter to what the scan returns.
 */
record KeyRange(List<byte[]> points, byte[] from, byte[] to) {
  /** The whole table. */
  static final KeyRange ALL = new KeyRange(null, null, null);

  static KeyRange points(List<byte[]> keys) {
    return new KeyRange(List.copyOf(keys), null, null);
  }

  static KeyRange range(byte[] from, byte[] to) {
    return new KeyRange(null, from, to);
  }

  boolean isPoints() {
    return points != null;
  }

  /** A short description for EXPLAIN-like diagnostics and tests. */
  String kind() {
    if (points != null) {
      return "points(" + points.size() + ")";
    }
    return from == null && to == null ? "full" : "range";
  }
}
