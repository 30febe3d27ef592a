package com.blockdb.server;

import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The features {@code blockdb-server} runs with: BlockDB's authentication (users and roles kept in
 * the ledger) and the HTTP API. Wired at merge time as:
 *
 * <pre>{@code
 * LedgerAuthenticator auth = new LedgerAuthenticator(ctx.database(), new AuthSettings(
 *     s.allowAnonymous(), s.adminUser(), s.adminPassword(), Duration.ofHours(1), Duration.ofMinutes(1)));
 * return new ServerFeatures(auth, List.of(
 *     new AuthEndpoints(ctx.database(), auth),
 *     new RestHandler(ctx.database(), auth, ctx.registry(), s.maxBodyBytes()),
 *     new MetricsHandler(ctx.registry(), auth),
 *     new BackupEndpoint(ctx.database(), auth)));
 * }</pre>
 *
 * <p>Until those parts are merged, this build has no authenticator: it refuses every request
 * except {@code /health} (fail closed), and says so in the log.
 */
final class StandardFeatures implements ServerFeatures.Factory {
  private static final Logger LOG = LoggerFactory.getLogger(StandardFeatures.class);

  @Override
  public ServerFeatures create(ServerContext ctx) {
    LOG.warn("this build has no authentication module: every request but /health is refused with 401");
    Authenticator refuseAll = header -> {
      throw new AuthenticationException(401, "this server build has no user store: no credentials are accepted");
    };
    return new ServerFeatures(refuseAll, List.of());
  }
}
