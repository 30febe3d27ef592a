package com.blockdb.cli;

import com.blockdb.engine.VerifyListener;
import java.io.PrintWriter;

/** A one-line progress bar on stderr for a long verification, redrawn at most once per percent. */
final class ProgressBar implements VerifyListener {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private int shownPercent = -1;
  private boolean drawn;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void progress(long done, long total) {
    int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    if (percent == shownPercent) {
      return; // Redrawing per entry would cost more than the verification itself.
    }
    shownPercent = percent;
    err.print("\r" + render(done, total));
    err.flush();
    drawn = true;
  }

  static String render(long done, long total) {
    int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    int filled = percent * WIDTH / 100;
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent)
        + "  " + done + "/" + total;
  }

  /** Wipes the bar so the verdict that follows starts on a clean line. */
  void finish() {
    if (drawn) {
      err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
      err.flush();
    }
  }
}
