package com.blockdb.server;

import com.blockdb.server.auth.AuthEndpoints;
import com.blockdb.server.auth.AuthSettings;
import com.blockdb.server.auth.LedgerAuthenticator;
import com.blockdb.server.backup.BackupEndpoint;
import com.blockdb.server.metrics.MetricsHandler;
import com.blockdb.server.metrics.ServerMetrics;
import com.blockdb.server.rest.RestHandler;
import java.time.Duration;
import java.util.List;

/**
 * The features {@code blockdb-server} runs with: BlockDB's authentication (users and roles kept in
 * the ledger, {@link LedgerAuthenticator}) in front of every endpoint, the user endpoints, the
 * REST API, the Prometheus metrics and the backup endpoint.
 */
final class StandardFeatures implements ServerFeatures.Factory {
  /** How long a bearer token from the login endpoint lives. */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
  /** How long a verified password is remembered (as a keyed hash) before PBKDF2 runs again. */
  static final Duration PASSWORD_CACHE_LIFETIME = Duration.ofMinutes(1);

  @Override
  public ServerFeatures create(ServerContext ctx) {
    ServerSettings s = ctx.settings();
    LedgerAuthenticator auth;
    try {
      auth = new LedgerAuthenticator(ctx.database(), new AuthSettings(s.allowAnonymous(), s.adminUser(),
          s.adminPassword(), TOKEN_LIFETIME, PASSWORD_CACHE_LIFETIME));
    } catch (IllegalStateException e) {
      // No users and no first admin configured: say which settings configure one.
      throw new ServerConfigException(e.getMessage() + " (environment BLOCKDB_ADMIN_PASSWORD, or [server]"
          + " admin_user / admin_password in blockdb.toml; [server] allow_anonymous = true for read-only access)");
    } catch (IllegalArgumentException e) {
      throw new ServerConfigException(e.getMessage());
    }
    ServerMetrics.bind(ctx.registry(), ctx.database().engine());
    return new ServerFeatures(auth, List.of(
        new AuthEndpoints(ctx.database(), auth),
        new RestHandler(ctx.database(), auth, ctx.registry(), s.maxBodyBytes()),
        new MetricsHandler(ctx.registry(), auth),
        new BackupEndpoint(ctx.database(), auth)));
  }
}
