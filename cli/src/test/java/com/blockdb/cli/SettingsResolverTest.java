package com.blockdb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {
  @TempDir
  Path tmp;

  private static final Map<String, String> NO_ENV = Map.of();
  private static final Map<String, String> ENV = Map.of("BLOCKDB_DATA_DIR", "from-env");

  private Path config(String toml) throws IOException {
    Path f = tmp.resolve("blockdb.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void defaultsWhenNothingIsGiven() {
    Settings s = SettingsResolver.resolve(null, (Path) null, NO_ENV);
    assertThat(s.dataDir()).isEqualTo(Path.of("./blockdb_data"));
    assertThat(s.options()).isEqualTo(Options.defaults().withClock(s.options().clock())
        .withFileLayer(s.options().fileLayer()));
    assertThat(s.configFile()).isNull();
  }

  @Test
  void flagBeatsEnvironmentBeatsConfigBeatsDefault() throws IOException {
    Path cfg = config("[database]\ndata_dir = \"from-config\"\n");
    assertThat(SettingsResolver.resolve("from-flag", cfg, ENV).dataDir()).isEqualTo(Path.of("from-flag"));
    assertThat(SettingsResolver.resolve(null, cfg, ENV).dataDir()).isEqualTo(Path.of("from-env"));
    assertThat(SettingsResolver.resolve(null, cfg, NO_ENV).dataDir()).isEqualTo(Path.of("from-config"));
    assertThat(SettingsResolver.resolve(null, (Path) null, NO_ENV).dataDir())
        .isEqualTo(Path.of("./blockdb_data"));
  }

  @Test
  void emptyEnvironmentVariableIsIgnored() {
    Settings s = SettingsResolver.resolve(null, (Path) null, Map.of("BLOCKDB_DATA_DIR", ""));
    assertThat(s.dataDir()).isEqualTo(Path.of("./blockdb_data"));
  }

  @Test
  void configSetsEveryDatabaseKeyAndIgnoresOtherSections() throws IOException {
    Path cfg = config("""
        [database]
        data_dir = "./data"
        memtable_size_limit = 134_217_728  # 128MB
        wal_sync_interval = 500
        compaction_threshold = 8
        blockchain_batch_size = 5000
        block_interval_ms = 250

        [server]
        host = "0.0.0.0"
        port = 8080
        enable_cors = true

        [cluster]
        node_id = "node1"

        [logging]
        level = "info"
        """);
    Settings s = SettingsResolver.resolve(null, cfg, NO_ENV);
    Options o = s.options();
    assertThat(o.memtableSizeLimit()).isEqualTo(134_217_728L);
    assertThat(o.walSyncIntervalMs()).isEqualTo(500);
    assertThat(o.compactionThreshold()).isEqualTo(8);
    assertThat(o.blockchainBatchSize()).isEqualTo(5000);
    assertThat(o.blockIntervalMs()).isEqualTo(250);
    assertThat(o.durabilityRelaxed()).isTrue();
    assertThat(s.configFile()).isEqualTo(cfg);
  }

  @Test
  void fileWithoutDatabaseSectionKeepsDefaults() throws IOException {
    Settings s = SettingsResolver.resolve(null, config("[server]\nport = 1\n"), NO_ENV);
    assertThat(s.options().memtableSizeLimit()).isEqualTo(Options.DEFAULT_MEMTABLE_SIZE_LIMIT);
    assertThat(s.options().walSyncIntervalMs()).isZero();
  }

  @Test
  void unknownDatabaseKeyIsAUsageErrorNamingKeyAndFile() throws IOException {
    Path cfg = config("[database]\nwal_sync_intervall = 5\n");
    assertThatThrownBy(() -> SettingsResolver.resolve(null, cfg, NO_ENV))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("wal_sync_intervall").hasMessageContaining(cfg.toString());
  }

  @Test
  void misspeltSectionIsRejectedRatherThanSilentlyIgnored() throws IOException {
    Path cfg = config("[databse]\nwal_sync_interval = 5\n");
    assertThatThrownBy(() -> SettingsResolver.resolve(null, cfg, NO_ENV))
        .isInstanceOf(CliException.class).hasMessageContaining("[databse]");
  }

  @Test
  void badValuesNameTheKey() throws IOException {
    assertUsage("[database]\nwal_sync_interval = \"fast\"\n", "wal_sync_interval");
    assertUsage("[database]\nwal_sync_interval = -1\n", "wal_sync_interval");
    assertUsage("[database]\nmemtable_size_limit = 1.5\n", "memtable_size_limit");
    assertUsage("[database]\nmemtable_size_limit = 100\n", "memtable_size_limit");
    assertUsage("[database]\ncompaction_threshold = 99999999999\n", "compaction_threshold");
    assertUsage("[database]\nblockchain_batch_size = 0\n", "blockchain_batch_size");
    assertUsage("[database]\ndata_dir = 5\n", "data_dir");
    assertUsage("[database\n", "invalid TOML");
  }

  private void assertUsage(String toml, String expected) throws IOException {
    Path cfg = config(toml);
    assertThatThrownBy(() -> SettingsResolver.resolve(null, cfg, NO_ENV))
        .as(toml)
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining(expected).hasMessageContaining(cfg.toString());
  }

  @Test
  void missingConfigFileIsAUsageError() {
    Path missing = tmp.resolve("nope.toml");
    assertThatThrownBy(() -> SettingsResolver.resolve(null, missing, NO_ENV))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("not found");
  }
}
