package com.blockdb.server.auth;

import java.time.Duration;

/**
 * How the server authenticates: whether requests without credentials are served (read-only), the
 * first admin created when the ledger holds no user yet, and how long bearer tokens and verified
 * passwords stay valid.
 *
 * @param allowAnonymous serve requests that send no credentials as the read-only anonymous
 *     principal; off unless the configuration says so explicitly
 * @param initialAdminUser name of the first admin (null: {@value #DEFAULT_ADMIN_USER}); used only
 *     while no user exists
 * @param initialAdminPassword the first admin's password (null: none configured); there is never a
 *     built-in default
 * @param tokenLifetime how long a bearer token from the login endpoint is valid
 * @param cacheLifetime how long a verified password is remembered, so that per-request BASIC
 *     authentication skips the slow key derivation; zero disables the cache
 */
public record AuthSettings(boolean allowAnonymous, String initialAdminUser,
    String initialAdminPassword, Duration tokenLifetime, Duration cacheLifetime) {

  /** The first admin's name when the configuration gives a password but no name. */
  public static final String DEFAULT_ADMIN_USER = "admin";
  /** Default bearer token lifetime. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);
  /** Default lifetime of a verified password in the cache. */
  public static final Duration DEFAULT_CACHE_LIFETIME = Duration.ofMinutes(1);

  public AuthSettings {
    if (tokenLifetime == null || tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("token lifetime must be positive, not " + tokenLifetime);
    }
    if (cacheLifetime == null || cacheLifetime.isNegative()) {
      throw new IllegalArgumentException("password cache lifetime must be zero or positive, not " + cacheLifetime);
    }
    if (initialAdminUser != null && initialAdminUser.isBlank()) {
      initialAdminUser = null;
    }
    if (initialAdminPassword != null && initialAdminPassword.isEmpty()) {
      initialAdminPassword = null;
    }
  }

  /** Settings with the default lifetimes, anonymous access off and no initial admin. */
  public static AuthSettings defaults() {
    return new AuthSettings(false, null, null, DEFAULT_TOKEN_LIFETIME, DEFAULT_CACHE_LIFETIME);
  }

  /** The first admin's name: the configured one or {@value #DEFAULT_ADMIN_USER}. */
  public String adminUserOrDefault() {
    return initialAdminUser == null ? DEFAULT_ADMIN_USER : initialAdminUser;
  }

  /** These settings with {@code user} and {@code password} as the first admin. */
  public AuthSettings withInitialAdmin(String user, String password) {
    return new AuthSettings(allowAnonymous, user, password, tokenLifetime, cacheLifetime);
  }

  /** These settings with anonymous (read-only) access allowed or not. */
  public AuthSettings withAnonymous(boolean allow) {
    return new AuthSettings(allow, initialAdminUser, initialAdminPassword, tokenLifetime, cacheLifetime);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "AuthSettings[allowAnonymous=" + allowAnonymous + ", initialAdminUser=" + initialAdminUser
        + ", initialAdminPassword=" + (initialAdminPassword == null ? "none" : "***")
        + ", tokenLifetime=" + tokenLifetime + ", cacheLifetime=" + cacheLifetime + "]";
  }
}
