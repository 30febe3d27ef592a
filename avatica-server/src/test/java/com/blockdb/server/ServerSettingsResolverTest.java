package com.blockdb.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags over environment over config file over defaults, and one-line errors naming key and source. */
class ServerSettingsResolverTest {
  @TempDir
  Path dir;

  private Path config(String text) throws IOException {
    Path f = dir.resolve("blockdb.toml");
    Files.writeString(f, text);
    return f;
  }

  private static final String FULL = """
      [database]
      data_dir = "from-file"
      memtable_size_limit = 1048576

      [server]
      host = "0.0.0.0"
      port = 9000
      max_connections = 50
      request_timeout = 12
      enable_cors = true
      enable_compression = false
      connection_expiry = 120
      allow_anonymous = true
      admin_user = "root"
      admin_password = "file-secret"
      max_body_bytes = 2048
      shutdown_timeout = 5

      [cluster]
      transaction_timeout = 7

      [logging]
      level = "debug"
      file = "logs/server.log"
      """;

  @Test
  void withNothingGivenTheDefaultsApply() {
    ServerSettings s = ServerSettingsResolver.resolve(null, null, null, null, Map.of());
    assertThat(s.dataDir()).isEqualTo(Path.of("./blockdb_data"));
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(8080);
    assertThat(s.maxConnections()).isEqualTo(1000);
    assertThat(s.requestTimeoutSeconds()).isEqualTo(30);
    assertThat(s.enableCors()).isFalse();
    assertThat(s.enableCompression()).isTrue();
    assertThat(s.connectionExpiry().toSeconds()).isEqualTo(600);
    assertThat(s.allowAnonymous()).isFalse();
    assertThat(s.adminUser()).isEqualTo("admin");
    assertThat(s.adminPassword()).isNull();
    assertThat(s.maxBodyBytes()).isEqualTo(16L << 20);
    assertThat(s.logLevel()).isEqualTo("info");
    assertThat(s.logFile()).isNull();
    assertThat(s.tls()).isFalse();
    assertThat(s.transactionTimeoutSeconds()).isEqualTo(30);
  }

  @Test
  void theConfigFileSetsEverySection() throws IOException {
    ServerSettings s = ServerSettingsResolver.resolve(null, null, null, config(FULL), Map.of());
    assertThat(s.dataDir()).isEqualTo(Path.of("from-file"));
    assertThat(s.engine().memtableSizeLimit()).isEqualTo(1_048_576);
    assertThat(s.host()).isEqualTo("0.0.0.0");
    assertThat(s.port()).isEqualTo(9000);
    assertThat(s.maxConnections()).isEqualTo(50);
    assertThat(s.requestTimeoutSeconds()).isEqualTo(12);
    assertThat(s.enableCors()).isTrue();
    assertThat(s.enableCompression()).isFalse();
    assertThat(s.connectionExpiry().toSeconds()).isEqualTo(120);
    assertThat(s.allowAnonymous()).isTrue();
    assertThat(s.adminUser()).isEqualTo("root");
    assertThat(s.adminPassword()).isEqualTo("file-secret");
    assertThat(s.maxBodyBytes()).isEqualTo(2048);
    assertThat(s.shutdownTimeout().toSeconds()).isEqualTo(5);
    assertThat(s.transactionTimeoutSeconds()).isEqualTo(7);
    assertThat(s.logLevel()).isEqualTo("debug");
    assertThat(s.logFile()).isEqualTo(Path.of("logs/server.log"));
  }

  @Test
  void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws IOException {
    Path f = config(FULL);
    Map<String, String> env = Map.of("BLOCKDB_DATA_DIR", "from-env", "BLOCKDB_SERVER_PORT", "9100",
        "BLOCKDB_LOG_LEVEL", "WARN", "BLOCKDB_ADMIN_PASSWORD", "env-secret");
    ServerSettings fromEnv = ServerSettingsResolver.resolve(null, null, null, f, env);
    assertThat(fromEnv.dataDir()).isEqualTo(Path.of("from-env"));
    assertThat(fromEnv.port()).isEqualTo(9100);
    assertThat(fromEnv.logLevel()).isEqualTo("warn");
    assertThat(fromEnv.adminPassword()).isEqualTo("env-secret");
    assertThat(fromEnv.host()).isEqualTo("0.0.0.0"); // no variable for it: the file's

    ServerSettings fromFlags = ServerSettingsResolver.resolve("10.0.0.1", 9200, "from-flag", f, env);
    assertThat(fromFlags.dataDir()).isEqualTo(Path.of("from-flag"));
    assertThat(fromFlags.port()).isEqualTo(9200);
    assertThat(fromFlags.host()).isEqualTo("10.0.0.1");
  }

  @Test
  void passwordsNeverShowInTheSettingsText() throws IOException {
    ServerSettings s = ServerSettingsResolver.resolve(null, null, null, config(FULL), Map.of());
    assertThat(s.toString()).doesNotContain("file-secret").contains("adminPassword=***");
  }

  @Test
  void aBadValueIsOneLineNamingTheKeyAndTheFile() throws IOException {
    Path f = config("[server]\nport = \"eighty\"\n");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, f, Map.of()))
        .isInstanceOf(ServerConfigException.class)
        .hasMessageContaining("port in [server]").hasMessageContaining(f.toString())
        .hasMessageNotContaining("\n");
    Path g = config("[server]\nport = 70000\n");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, g, Map.of()))
        .hasMessageContaining("invalid port 70000");
    Path h = config("[server]\nenable_cors = \"yes\"\n");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, h, Map.of()))
        .hasMessageContaining("enable_cors").hasMessageContaining("true or false");
    Path i = config("[logging]\nlevel = \"loud\"\n");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, i, Map.of()))
        .hasMessageContaining("invalid log level 'loud'").hasMessageContaining("level in [logging]");
  }

  @Test
  void anUnknownKeyOrSectionIsRefusedRatherThanIgnored() throws IOException {
    Path f = config("[server]\nmax_conections = 5\n");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, f, Map.of()))
        .isInstanceOf(ServerConfigException.class)
        .hasMessageContaining("unknown key 'max_conections' in [server]").hasMessageContaining("max_connections");
    Path g = config("[sever]\nport = 1\n");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, g, Map.of()))
        .isInstanceOf(ServerConfigException.class).hasMessageContaining("unknown section [sever]");
    Path h = config("[database]\nwal_sync = 0\n");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, h, Map.of()))
        .isInstanceOf(ServerConfigException.class).hasMessageContaining("unknown key 'wal_sync' in [database]");
  }

  @Test
  void badEnvironmentValuesNameTheVariable() {
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, null,
        Map.of("BLOCKDB_SERVER_PORT", "http")))
        .isInstanceOf(ServerConfigException.class).hasMessageContaining("BLOCKDB_SERVER_PORT");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, null,
        Map.of("BLOCKDB_LOG_LEVEL", "chatty")))
        .isInstanceOf(ServerConfigException.class).hasMessageContaining("BLOCKDB_LOG_LEVEL");
  }

  @Test
  void aMissingConfigFileOrAKeystoreWithoutPasswordIsAnError() throws IOException {
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, dir.resolve("nope.toml"), Map.of()))
        .isInstanceOf(ServerConfigException.class).hasMessageContaining("nope.toml").hasMessageContaining("not found");
    Path f = config("[server]\ntls_keystore = \"server.p12\"\n");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, f, Map.of()))
        .isInstanceOf(ServerConfigException.class).hasMessageContaining("BLOCKDB_TLS_KEYSTORE_PASSWORD");
    ServerSettings s = ServerSettingsResolver.resolve(null, null, null, f,
        Map.of("BLOCKDB_TLS_KEYSTORE_PASSWORD", "changeit"));
    assertThat(s.tls()).isTrue();
    assertThat(s.tlsKeystorePassword()).isEqualTo("changeit");
  }

  @Test
  void theMemoryGuardComesFromTheFlagTheEnvironmentTheFileOrTheDefault() throws IOException {
    assertThat(ServerSettingsResolver.resolve(null, null, null, null, Map.of()).memoryGuard()).isEqualTo(0.8);
    Path f = config("[server]\nmemory_guard = 0.7\n");
    assertThat(ServerSettingsResolver.resolve(null, null, null, f, Map.of()).memoryGuard()).isEqualTo(0.7);
    Map<String, String> env = Map.of("BLOCKDB_MEMORY_GUARD", "0.6");
    assertThat(ServerSettingsResolver.resolve(null, null, null, f, env).memoryGuard()).isEqualTo(0.6);
    assertThat(ServerSettingsResolver.resolve(null, null, null, f, 0.0, env).memoryGuard()).isEqualTo(0.0);
    Path off = config("[server]\nmemory_guard = 0\n");
    assertThat(ServerSettingsResolver.resolve(null, null, null, off, Map.of()).memoryGuard()).isEqualTo(0.0);
    Path bad = config("[server]\nmemory_guard = 1.5\n");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, bad, Map.of()))
        .isInstanceOf(ServerConfigException.class)
        .hasMessageContaining("invalid memory_guard 1.5 given by memory_guard in [server]");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, null, null, null, Map.of("BLOCKDB_MEMORY_GUARD",
        "most"))).hasMessageContaining("environment variable BLOCKDB_MEMORY_GUARD");
  }
}
