package com.blockdb.server;

import com.blockdb.jdbc.Version;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code blockdb-server} entry point: flags, settings, logging, start, and a graceful stop on SIGTERM. */
@Command(name = "blockdb-server", mixinStandardHelpOptions = true, versionProvider = ServerMain.VersionProvider.class,
    description = "Serves a BlockDB database over HTTP: JDBC (Avatica; jdbc:blockdb:remote:http://host:port)"
        + " and the REST API, on one port.",
    footerHeading = "%nConfiguration:%n",
    footer = {"  Flags override environment variables (BLOCKDB_DATA_DIR, BLOCKDB_SERVER_PORT, BLOCKDB_LOG_LEVEL,",
        "  BLOCKDB_ADMIN_PASSWORD, BLOCKDB_TLS_KEYSTORE_PASSWORD, BLOCKDB_MEMORY_GUARD, BLOCKDB_CLUSTER_ID,",
        "  BLOCKDB_PEERS), which override the --config file ([database], [server], [cluster], [logging]),",
        "  which overrides the defaults. See the Server section of README.md; cluster nodes: docs/CLUSTER.md.",
        "  SIGTERM or Ctrl-C stops the server gracefully."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped by SIGTERM/SIGINT after a graceful shutdown",
        "1:could not start (port in use, data directory in use or damaged, bad keystore)",
        "2:bad command line, environment variable or config file", "70:internal error (a bug)"})
public final class ServerMain implements Callable<Integer> {
  /** Exit code of a clean, signalled shutdown. */
  public static final int OK = 0;
  /** Exit code when the server could not start. */
  public static final int START_FAILED = 1;
  /** Exit code of a bad command line or configuration. */
  public static final int USAGE = 2;
  /** Exit code of an unexpected failure. */
  public static final int INTERNAL = 70;

  @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (default 127.0.0.1; 0.0.0.0: all).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default 8080; 0: any free port).")
  Integer port;

  @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "Database directory (default ./blockdb_data).")
  String dataDir;

  @Option(names = "--config", paramLabel = "FILE", description = "A blockdb.toml file.")
  Path config;

  @Option(names = "--memory-guard", paramLabel = "FRACTION", description = "Stop the query holding the most"
      + " memory when the heap is this full after a garbage collection (default 0.8; 0: never).")
  Double memoryGuard;

  @Option(names = "--cluster-id", paramLabel = "ID",
      description = "Run as cluster node ID (letters, digits, . _ -); see docs/CLUSTER.md.")
  String clusterId;

  @Option(names = "--peers", paramLabel = "ID:HOST:PORT[:RAFT],...",
      description = "The other cluster nodes: id, host, HTTP port and Raft port (default HTTP port + 1000).")
  String peers;

  @Option(names = "--raft-port", paramLabel = "PORT",
      description = "This node's Raft port (default: the HTTP port + 1000).")
  Integer raftPort;

  @Option(names = "--join", description = "Start as a new, empty member; add it with POST /cluster/add on a member.")
  Boolean join;

  private final Map<String, String> env;
  private final ServerFeatures.Factory features;
  private final PrintWriter out;
  private final PrintWriter err;
  private volatile BlockDbServer server;

  ServerMain(Map<String, String> env, ServerFeatures.Factory features, PrintWriter out, PrintWriter err) {
    this.env = env;
    this.features = features;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, new StandardFeatures()));
  }

  /** Runs a server with {@code features} until it is signalled to stop; returns the exit code. */
  public static int run(String[] args, ServerFeatures.Factory features) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    return new ServerMain(System.getenv(), features, out, err).execute(args);
  }

  int execute(String[] args) {
    CommandLine cl = new CommandLine(this);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((e, a) -> {
      err.println("error: " + e.getMessage() + " (see 'blockdb-server --help')");
      return USAGE;
    });
    cl.setExecutionExceptionHandler((e, c, parsed) -> report(e));
    try {
      return cl.execute(args);
    } catch (Throwable t) {
      return report(t);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int report(Throwable t) {
    if (t instanceof ServerConfigException) {
      err.println("error: " + t.getMessage());
      return USAGE;
    }
    if (t instanceof ServerStartException) {
      err.println("error: " + t.getMessage());
      return START_FAILED;
    }
    err.println("error: internal error: " + t + " (set BLOCKDB_DEBUG=1 for details)");
    if ("1".equals(env.get("BLOCKDB_DEBUG"))) {
      t.printStackTrace(err);
    }
    return INTERNAL;
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerSettings settings = ServerSettingsResolver.resolve(host, port, dataDir, config, memoryGuard, env,
        new com.blockdb.server.cluster.ClusterFlags(clusterId, peers, raftPort, join));
    LogSetup.apply(settings.logLevel(), settings.logFile());
    BlockDbServer s = new BlockDbServer(settings, features);
    server = s;
    ShutdownSignals.install(s::stop);
    try {
      s.start();
    } catch (ServerStartException | ServerConfigException e) {
      LogSetup.close();
      throw e;
    }
    // One plain line on stdout whatever the log settings: scripts and tests wait for it.
    out.println("BlockDB server listening on " + s.address() + " (data directory " + settings.dataDir() + ")");
    out.flush();
    s.awaitStopped();
    err.flush();
    LogSetup.close();
    return OK;
  }

  /** Answers {@code --version} from the jar manifest. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"blockdb-server " + Version.VERSION};
    }
  }
}
