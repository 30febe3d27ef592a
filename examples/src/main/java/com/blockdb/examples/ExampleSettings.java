package com.blockdb.examples;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * The command line every example shares: an optional JDBC URL, and a user and password for a
 * server taken from the environment.
 *
 * <p>The URL is any BlockDB JDBC URL, so the same program runs embedded or against a server:
 * <ul>
 *   <li>{@code jdbc:blockdb:./example_data} (the default) opens a data directory inside this JVM;
 *   <li>{@code jdbc:blockdb:remote:http://host:8080} talks to a running {@code blockdb-server};
 *       {@code http://host:8080} is accepted as a short form of it.
 * </ul>
 * A server needs a user and password: {@code ;user=..;password=..} in the URL, or the environment
 * variables {@code BLOCKDB_USER} and {@code BLOCKDB_PASSWORD} (better: a password in a command line
 * is visible to every user of the machine in the process list).
 *
 * @param url the JDBC URL to connect to
 * @param login connection properties: {@code user} and {@code password} when the environment gives them
 */
record ExampleSettings(String url, Properties login) {
  /** An embedded data directory, relative to where the example runs; kept apart from blockdb-cli's. */
  static final String DEFAULT_URL = "jdbc:blockdb:./example_data";
  /** Exit code when a statement, the connection or a check failed. */
  static final int FAILED = 1;
  /** Exit code of a bad command line. */
  static final int USAGE = 2;

  /** The settings for {@code args}, or the usage text and an exit when they make no sense. */
  static ExampleSettings fromArgs(Class<?> example, String[] args) {
    if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
      System.out.println(usage(example));
      System.exit(0);
    }
    if (args.length > 1) {
      System.err.println("error: " + example.getSimpleName() + " takes at most one argument, the JDBC URL\n"
          + usage(example));
      System.exit(USAGE);
    }
    String url = args.length == 0 ? DEFAULT_URL : args[0];
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      url = "jdbc:blockdb:remote:" + url;
    } else if (!lower.startsWith("jdbc:")) {
      System.err.println("error: '" + url + "' is not a JDBC URL\n" + usage(example));
      System.exit(USAGE);
    }
    Properties login = new Properties();
    String user = System.getenv("BLOCKDB_USER");
    String password = System.getenv("BLOCKDB_PASSWORD");
    if (user != null && !user.isEmpty()) {
      login.setProperty("user", user);
      login.setProperty("password", password == null ? "" : password);
    }
    return new ExampleSettings(url, login);
  }

  /** The user, if any, for a connection pool's settings. */
  String user() {
    return login.getProperty("user");
  }

  /** The password, if any, for a connection pool's settings. */
  String password() {
    return login.getProperty("password");
  }

  /**
   * Prints a failure as users should see it, with no stack trace: the message names the table, key
   * or server, and the SQLState tells a program what happened (23505 duplicate key, 40001 retry,
   * 08001 cannot connect, 28000 wrong credentials). Returns the exit code.
   */
  static int fail(SQLException e) {
    System.err.println("error: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
    return FAILED;
  }

  private static String usage(Class<?> example) {
    return "Usage: " + example.getSimpleName() + " [JDBC_URL]\n"
        + "  JDBC_URL   default " + DEFAULT_URL + " (embedded);\n"
        + "             a server: jdbc:blockdb:remote:http://HOST:PORT or http://HOST:PORT\n"
        + "Environment: BLOCKDB_USER, BLOCKDB_PASSWORD (the server's user and password)";
  }
}
