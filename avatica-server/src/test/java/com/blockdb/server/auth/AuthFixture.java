package com.blockdb.server.auth;

import com.blockdb.engine.Options;
import com.blockdb.jdbc.store.Database;
import com.blockdb.jdbc.store.DatabaseRegistry;
import java.time.Duration;
import java.util.UUID;

/**
 * An in-memory database with an authenticator whose first admin is {@value #ADMIN} /
 * {@value #ADMIN_PASSWORD}, a manual clock and a cheap PBKDF2 iteration count (the default count
 * is tested once, in {@link LedgerAuthenticatorTest}).
 */
final class AuthFixture implements AutoCloseable {
  static final String ADMIN = "root";
  static final String ADMIN_PASSWORD = "correct horse battery";
  static final int TEST_ITERATIONS = 1_000;
  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);
  static final Duration CACHE_LIFETIME = Duration.ofMinutes(1);

  final Database db;
  final ManualClock clock = new ManualClock();
  final LedgerAuthenticator auth;
  final Principal admin;

  AuthFixture() {
    this(settings().withInitialAdmin(ADMIN, ADMIN_PASSWORD));
  }

  AuthFixture(AuthSettings settings) {
    db = openMemory();
    auth = new LedgerAuthenticator(db, settings, clock, TEST_ITERATIONS);
    admin = settings.initialAdminPassword() == null ? null : auth.authenticate(ADMIN, ADMIN_PASSWORD);
  }

  static AuthSettings settings() {
    return new AuthSettings(false, null, null, TOKEN_LIFETIME, CACHE_LIFETIME);
  }

  static Database openMemory() {
    return DatabaseRegistry.acquire("mem:auth-" + UUID.randomUUID(), Options.defaults());
  }

  /** A fresh authenticator over the same database, as after a server restart. */
  LedgerAuthenticator reopen(AuthSettings settings) {
    return new LedgerAuthenticator(db, settings, clock, TEST_ITERATIONS);
  }

  @Override
  public void close() {
    DatabaseRegistry.release(db);
  }
}
