package com.blockdb.cli;

import com.blockdb.engine.BlockDb;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code blockdb-cli} entry point: global options, wiring, and the one catch-all for errors. */
@Command(name = "blockdb-cli", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "BlockDB: an append-only ledger database. Every entry is sealed into a "
        + "hash-chained, Merkle-rooted block that 'verify' can re-check.",
    subcommands = {PutCommand.class, GetCommand.class, StatsCommand.class, VerifyCommand.class,
        DigestCommand.class, ProofCommand.class, BackupCommand.class, RestoreCommand.class,
        InteractiveCommand.class},
    footerHeading = "%nConfiguration:%n",
    footer = {"  Flags override the environment (BLOCKDB_DATA_DIR), which overrides the",
        "  [database] section of the --config file, which overrides the defaults.",
        "  BLOCKDB_DEBUG=1 prints the stack trace of an error."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success",
        "1:verify or restore found the ledger (or a backup) damaged or not extending the digest",
        "2:bad command line, option, config file or base64 text", "3:key not found",
        "4:key already stored (keys are never overwritten)",
        "5:data directory in use by another process, or not usable",
        "6:corruption or another storage error",
        "7:key held by an undecided transaction, or a lock conflict: try again",
        "8:the server could not be reached, refused the request or broke off (backup --server)",
        "70:internal error (a bug)"})
public final class Main implements Callable<Integer>, SessionSource {
  @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Database directory (default: ./blockdb_data, or $BLOCKDB_DATA_DIR).")
  String dataDir;

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "A blockdb.toml file; its [database] section sets the engine.")
  Path config;

  private final Map<String, String> env;
  private final Function<Settings, BlockDb> opener;
  private final boolean terminal;
  private Session session;
  private ErrorReporter reporter;

  Main(Map<String, String> env, Function<Settings, BlockDb> opener, boolean terminal) {
    this.env = env;
    this.opener = opener;
    this.terminal = terminal;
  }

  /** Held so the setting sticks: java.util.logging keeps loggers only weakly. */
  private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("com.blockdb");

  public static void main(String[] args) {
    // The engine's warnings (recovery notes, relaxed durability) reach the user as the CLI's own
    // one-line messages; its log lines would say the same again with a timestamp header.
    ENGINE_LOG.setLevel(java.util.logging.Level.OFF);
    // UTF-8 whatever the locale: values, the ✓/✗ marks and JSON must not turn into '?'.
    PrintWriter out = new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    Main main = new Main(System.getenv(), s -> BlockDb.open(s.dataDir(), s.options()),
        System.console() != null);
    System.exit(main.run(args, out, err));
  }

  /** Parses and runs one command line; returns the exit code. Never throws. */
  int run(String[] args, PrintWriter out, PrintWriter err) {
    reporter = new ErrorReporter(err, "1".equals(env.get("BLOCKDB_DEBUG")));
    session = new Session(() -> SettingsResolver.resolve(dataDir, config, env), opener, err);
    int code;
    try {
      CommandLine cl = new CommandLine(this);
      cl.setOut(out);
      cl.setErr(err);
      cl.setExecutionExceptionHandler((e, c, parsed) -> reporter.report(e));
      cl.setParameterExceptionHandler((e, a) -> reporter.reportUsage(e, a,
          e.getCommandLine().getCommandSpec().qualifiedName() + " --help"));
      code = cl.execute(args);
    } catch (Throwable t) {
      // Errors (not Exceptions) bypass picocli's handler; they still get one line, no trace.
      code = reporter.report(t);
    }
    code = session.close(code, reporter);
    out.flush();
    err.flush();
    return code;
  }

  /** Without a command there is nothing to do; say what the commands are. */
  @Override
  public Integer call() {
    throw CliException.usage("no command given: use one of put, get, stats, verify, digest, proof,"
        + " backup, restore, interactive (see 'blockdb-cli --help')");
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public ErrorReporter reporter() {
    return reporter;
  }

  @Override
  public boolean terminal() {
    return terminal;
  }

  @Override
  public Map<String, String> env() {
    return env;
  }
}
