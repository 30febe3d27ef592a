package com.blockdb.engine.lock;

/** How a transaction holds a resource: many readers share it, one writer excludes everyone else. */
public enum LockMode {
  /** Compatible with other SHARED holders. */
  SHARED,
  /** Compatible with nothing held by another transaction. */
  EXCLUSIVE;

  /** Whether a holder in this mode and another transaction's holder in {@code other} can coexist. */
  boolean compatibleWith(LockMode other) {
    return this == SHARED && other == SHARED;
  }

  /** "a SHARED lock" or "an EXCLUSIVE lock", for messages. */
  String lock() {
    return this == SHARED ? "a SHARED lock" : "an EXCLUSIVE lock";
  }

  /** Whether holding this mode already gives everything {@code wanted} asks for. */
  boolean covers(LockMode wanted) {
    return this == EXCLUSIVE || wanted == SHARED;
  }
}
