package com.blockdb.server;

import com.blockdb.server.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A BlockDB server in the test's JVM, on a free port over a temporary data directory, with three
 * users: {@code local} (admin, so that rows read as the embedded driver's), {@code wendy} (writer)
 * and {@code rita} (reader), all with password {@code pw}.
 */
final class TestServer implements AutoCloseable {
  static final String PASSWORD = "pw";

  final Path dataDir;
  final BlockDbServer server;
  final StaticAuthenticator users = new StaticAuthenticator()
      .add("local", PASSWORD, Role.ADMIN)
      .add("wendy", PASSWORD, Role.WRITER)
      .add("rita", PASSWORD, Role.READER);

  /** Starts a server; {@code serverToml} is the [server] section's body (may be empty). */
  TestServer(Path dir, String serverToml) throws IOException {
    this.dataDir = dir.resolve("data");
    Path config = dir.resolve("blockdb.toml");
    Files.writeString(config, "[server]\n" + serverToml + "\n");
    ServerSettings settings = ServerSettingsResolver.resolve(null, 0, dataDir.toString(), config, Map.of());
    server = new BlockDbServer(settings, ctx -> new ServerFeatures(users, List.of()));
    server.start();
  }

  /** {@code jdbc:blockdb:remote:} URL of the server, with {@code settings} appended. */
  String url(String settings) {
    return "jdbc:blockdb:remote:" + server.address() + settings;
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.address() + path));
  }

  @Override
  public void close() {
    server.stop();
  }
}
