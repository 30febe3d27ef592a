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
    String failure = connectFailure(all);
    if (failure != null) {
      System.err.println(failure);
      System.exit(EXIT_CONNECT_FAILED);
    }
    SqlLine.main(all.toArray(String[]::new));
  }

  /** sqlline's own exit code for a failure. */
  static final int EXIT_CONNECT_FAILED = 2;

  /**
   * Tries the connection sqlline is about to open ({@code -u}, {@code -n}, {@code -p}) and returns
   * sqlline's one-line error for it, or null when it opens. sqlline treats its start-up connect as
   * verbose and prints the exception's stack trace under the message; a user must see only the
   * message (which names the directory or server and the SQLState).
   */
  static String connectFailure(List<String> args) {
    String url = option(args, "-u");
    if (url == null) {
      return null; // sqlline will ask; its interactive !connect is not verbose
    }
    java.util.Properties props = new java.util.Properties();
    String user = option(args, "-n");
    String password = option(args, "-p");
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    try (java.sql.Connection ignored = java.sql.DriverManager.getConnection(url, props)) {
      return null;
    } catch (java.sql.SQLException e) {
      return "Error: " + e.getMessage() + " (state=" + e.getSQLState() + ",code=" + e.getErrorCode() + ")";
    }
  }

  private static String option(List<String> args, String name) {
    String value = null;
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals(name)) {
        value = args.get(i + 1); // the last one wins, as in sqlline
      }
    }
    return value;
  }
}
