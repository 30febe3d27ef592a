package com.blockdb.jdbc.behaviour;

import com.blockdb.engine.BlockDb;
import java.nio.file.Path;

/** A child process for {@link CliInteropTest}: holds a data directory open, as a running CLI would, until killed. */
public final class HoldDirectoryMain {
  private HoldDirectoryMain() {}

  public static void main(String[] args) throws Exception {
    try (BlockDb db = BlockDb.open(Path.of(args[0]))) {
      System.out.println("HOLDING");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
