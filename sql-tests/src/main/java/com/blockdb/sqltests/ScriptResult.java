package com.blockdb.sqltests;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of every action of one script run, and every mismatch with the script's checks. */
public record ScriptResult(String script, String jdbcUrl, List<Outcome> outcomes,
    List<Mismatch> mismatches) {
  public ScriptResult {
    outcomes = List.copyOf(outcomes);
    mismatches = List.copyOf(mismatches);
  }

  /** Whether every check held. */
  public boolean passed() {
    return mismatches.isEmpty();
  }

  /** The mismatches, one block each, for a test failure message. */
  public String report() {
    if (passed()) {
      return script + ": all " + outcomes.size() + " statements passed against " + jdbcUrl;
    }
    return mismatches.size() + " mismatch(es) in " + script + " against " + jdbcUrl + ":\n"
        + mismatches.stream().map(Mismatch::toString).collect(Collectors.joining("\n"));
  }
}
