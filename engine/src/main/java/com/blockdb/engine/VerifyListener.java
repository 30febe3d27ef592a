package com.blockdb.engine;

/** Progress of a long verification; called from the verifying thread. */
@FunctionalInterface
public interface VerifyListener {
  /** {@code done} of {@code total} units (entries plus blocks) are checked. */
  void progress(long done, long total);

  VerifyListener NONE = (d, t) -> { };
}
