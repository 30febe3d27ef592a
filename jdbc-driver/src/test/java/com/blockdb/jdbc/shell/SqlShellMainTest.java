package com.blockdb.jdbc.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shell's start-up connect check: a connection that cannot open is reported as sqlline's
 * one-line error (message, SQLState, code) before sqlline starts, so an interactive user never
 * sees the stack trace sqlline prints for start-up failures.
 */
class SqlShellMainTest {

  @Test
  void anUnreachableServerIsOneLineNamingItWith08001() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    String url = "jdbc:blockdb:remote:http://127.0.0.1:" + port;
    String failure = SqlShellMain.connectFailure(List.of("-d", "com.blockdb.jdbc.BlockDbDriver", "-u", url, "-n", "u", "-p", "p"));
    assertThat(failure).startsWith("Error: ").contains("127.0.0.1:" + port).contains("(state=08001,")
        .doesNotContain("\n").doesNotContain("\tat ");
  }

  @Test
  void aConnectionThatOpensLetsSqllineStart() {
    assertThat(SqlShellMain.connectFailure(List.of("-u", "jdbc:blockdb:mem:shellcheck"))).isNull();
    assertThat(SqlShellMain.connectFailure(List.of("--maxWidth=100"))).isNull(); // no URL: sqlline asks
  }
}
