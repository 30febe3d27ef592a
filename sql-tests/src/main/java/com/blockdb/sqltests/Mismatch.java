package com.blockdb.sqltests;

/** One difference between what a script expects and what the driver did, at a script line. */
public record Mismatch(String script, int line, String message) {
  @Override
  public String toString() {
    return script + ":" + line + ": " + message;
  }
}
