package com.blockdb.jdbc.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import sqlline.SqlLine;

/**
 * Starts sqlline for {@code bin/blockdb-sql} with the password of a server connection taken from
 * the environment ({@value #PASSWORD_ENV}), so that it never appears in the process list as a
 * {@code -p} argument would. Every argument is passed to sqlline unchanged.
 */
public final class SqlShellMain {
  /** The variable the launcher sets for this process only; it is not the user-facing BLOCKDB_PASSWORD. */
  public static final String PASSWORD_ENV = "BLOCKDB_SQL_PASSWORD";

  private SqlShellMain() {}

  public static void main(String[] args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    String password = System.getenv(PASSWORD_ENV);
    if (password != null) {
      all.add("-p");
      all.add(password);
    }
    SqlLine.main(all.toArray(String[]::new));
  }
}
