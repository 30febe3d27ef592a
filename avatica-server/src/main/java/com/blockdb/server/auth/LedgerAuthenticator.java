package com.blockdb.server.auth;

import com.blockdb.jdbc.store.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link Authenticator}: users, roles and passwords from the users ledger
 * ({@link UserLedger}), BASIC passwords checked with PBKDF2 once and then remembered briefly as a
 * keyed hash ({@link CredentialCache}), bearer tokens from {@link #login} ({@link TokenStore}), and
 * the user-management operations, which only an admin may do (a user may change its own password).
 *
 * <p>Roles are read from the current state on every request, so a revocation takes effect on the
 * very next request, whatever is cached; a revoke, password change or disable also ends the user's
 * tokens and cached passwords. Anonymous access, when the settings allow it, is the principal
 * {@value #ANONYMOUS} with the READER role: reads only (SELECT, GET, stats); never a write, verify,
 * digest, proof, backup or user management. Requests that do send credentials are never downgraded
 * to anonymous: wrong credentials are refused.
 *
 * <p>Thread-safe. One instance per database (see {@link UserLedger}).
 */
public final class LedgerAuthenticator implements Authenticator {
  /** PBKDF2 iterations of new passwords (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
  public static final int DEFAULT_ITERATIONS = 210_000;
  /** The principal of requests without credentials, when anonymous access is configured. */
  public static final String ANONYMOUS = "anonymous";
  /** The ledger principal of the first admin's creation (no user acted: the configuration did). */
  public static final String BOOTSTRAP_ACTOR = "system:bootstrap";
  /** The realm named in {@code WWW-Authenticate} challenges. */
  public static final String REALM = "BlockDB";

  private static final Logger LOG = LoggerFactory.getLogger(LedgerAuthenticator.class);
  private static final Principal ANONYMOUS_PRINCIPAL = new Principal(ANONYMOUS, Set.of(Role.READER));
  private static final String WRONG = "wrong user name or password";

  private final AuthSettings settings;
  private final int iterations;
  private final SecureRandom random = new SecureRandom();
  private final UserLedger ledger;
  private final CredentialCache cache;
  private final TokenStore tokens;
  /** Salt for the derivation done for unknown users, so that they take as long as known ones. */
  private final byte[] decoySalt = new byte[PasswordHash.SALT_BYTES];

  /**
   * Reads the users ledger of {@code db}; when it holds no user, creates the first admin from
   * {@code settings}.
   *
   * @throws IllegalStateException when no user exists, no initial admin password is configured and
   *     anonymous access is off: the server could not be used by anyone; the message says what to set
   * @throws IllegalArgumentException when the configured first admin's name or password is invalid
   */
  public LedgerAuthenticator(Database db, AuthSettings settings) {
    this(db, settings, Clock.systemUTC(), DEFAULT_ITERATIONS);
  }

  /** As the public constructor, with a clock and iteration count of the test's choosing. */
  LedgerAuthenticator(Database db, AuthSettings settings, Clock clock, int iterations) {
    this.settings = settings;
    this.iterations = iterations;
    this.ledger = new UserLedger(db.engine());
    // On a cluster node, users changed through other nodes: reload when the users table changes
    // (and once now, for a change applied between the load and this registration).
    db.onTableChanged(UserLedger.TABLE_ID, ledger::invalidate);
    ledger.invalidate();
    this.cache = new CredentialCache(settings.cacheLifetime(), clock, random);
    this.tokens = new TokenStore(settings.tokenLifetime(), clock, random);
    random.nextBytes(decoySalt);
    bootstrap(db, settings);
  }

  private void bootstrap(Database db, AuthSettings s) {
    if (!ledger.isEmpty()) {
      if (s.initialAdminPassword() != null) {
        LOG.info("Users exist in {}: the configured initial admin is ignored (it is used on the first start only)",
            db.name());
      }
      return;
    }
    if (s.initialAdminPassword() == null) {
      if (!s.allowAnonymous()) {
        throw new IllegalStateException("database " + db.name() + " has no users and no initial admin"
            + " password is configured: configure the first admin's user name and password (there is"
            + " no built-in default password), or allow anonymous read-only access explicitly");
      }
      LOG.warn("Database {} has no users: serving anonymous read-only requests only", db.name());
      return;
    }
    String admin = s.adminUserOrDefault();
    String problem = UserNames.problem(admin);
    if (problem != null) {
      throw new IllegalArgumentException("initial admin: " + problem);
    }
    problem = Passwords.problem(s.initialAdminPassword());
    if (problem != null) {
      throw new IllegalArgumentException("initial admin password: " + problem);
    }
    PasswordHash hash = PasswordHash.derive(s.initialAdminPassword(), iterations, random);
    // Planned against the state the write goes to: the nodes of a new cluster start together, and
    // the first to bootstrap wins; the others find its admin and write nothing.
    UserState created = ledger.change(admin, BOOTSTRAP_ACTOR, (current, all) -> all.isEmpty()
        ? List.of(new UserChangeCodec.Value(ChangeKind.CREATE, Set.of(Role.ADMIN), hash)) : List.of());
    if (created != null) {
      LOG.info("Created the first admin '{}' from the configuration (or another cluster node did)", admin);
    } else {
      LOG.info("Users were created meanwhile (by another cluster node): the configured initial admin is ignored");
    }
  }

  // ---- authentication ----

  @Override
  public Principal authenticate(String authorizationHeader) {
    Credentials c = Credentials.parse(authorizationHeader);
    if (c == null) {
      if (settings.allowAnonymous()) {
        return ANONYMOUS_PRINCIPAL;
      }
      throw new AuthenticationException(401,
          "authentication required: send Authorization: Basic (user and password) or Bearer (a token from POST /api/v1/login)");
    }
    if (c instanceof Credentials.Basic b) {
      return verify(b.user(), b.password()).principal();
    }
    TokenStore.Session s = tokens.lookup(((Credentials.Bearer) c).token());
    if (s == null) {
      throw new AuthenticationException(401, "unknown or expired bearer token: log in again");
    }
    UserState u = ledger.user(s.user());
    if (u == null || !u.enabled() || u.sessionEpoch() != s.epoch()) {
      throw new AuthenticationException(401, "bearer token of user '" + s.user()
          + "' was ended by a change of the user (roles revoked, password changed or disabled): log in again");
    }
    return u.principal();
  }

  /**
   * The principal of {@code user} with {@code password}, as a BASIC header would give it (for JDBC
   * connections, whose user and password arrive as connection properties).
   *
   * @throws AuthenticationException 401 if the user is unknown or disabled or the password wrong
   */
  public Principal authenticate(String user, String password) {
    return verify(user, password).principal();
  }

  /** The user's state if {@code password} is its password and it is enabled; else 401. */
  private UserState verify(String user, String password) {
    UserState u = user == null ? null : ledger.user(user);
    byte[] canonical = password == null ? null : Passwords.canonicalBytes(password);
    if (u == null || canonical == null) {
      // Same work as a real check, so that response times do not tell which users exist.
      PasswordHash.pbkdf2(password == null ? "" : password, decoySalt, iterations, PasswordHash.HASH_BYTES);
      throw new AuthenticationException(401, WRONG);
    }
    if (!cache.verified(user, canonical, u.sessionEpoch())) {
      if (!u.password().matches(password)) {
        throw new AuthenticationException(401, WRONG);
      }
      if (u.enabled()) {
        cache.remember(user, canonical, u.sessionEpoch());
      }
    }
    if (!u.enabled()) {
      throw new AuthenticationException(401, "user '" + user + "' is disabled");
    }
    return u;
  }

  /**
   * A bearer token for {@code user}, valid for the configured token lifetime.
   *
   * @throws AuthenticationException 401 if the user is unknown or disabled or the password wrong
   */
  public LoginToken login(String user, String password) {
    UserState u = verify(user, password);
    TokenStore.Issued t = tokens.issue(u.user(), u.sessionEpoch());
    return new LoginToken(u.user(), t.token(), t.expiresAt());
  }

  /** Ends the session of a bearer token; whether there was one. */
  public boolean logout(String token) {
    return tokens.end(token);
  }

  /** Whether requests without credentials are served (read-only). */
  public boolean allowsAnonymous() {
    return settings.allowAnonymous();
  }

  /**
   * As {@link Authenticator#require}, but the anonymous principal gets 401 (credentials would help)
   * instead of 403.
   */
  @Override
  public void require(Principal who, Permission p) {
    if (!who.can(p) && isAnonymous(who)) {
      throw new AuthenticationException(401, "authentication required: anonymous access is read-only and "
          + p + " needs a user with a role that grants it");
    }
    Authenticator.super.require(who, p);
  }

  /** Whether {@code who} is the anonymous principal. */
  public static boolean isAnonymous(Principal who) {
    return ANONYMOUS.equals(who.user());
  }

  // ---- user management ----

  /**
   * Creates {@code user} with {@code password} and {@code roles} (may be empty). Admin only.
   *
   * @throws UserManagementException 400 for an invalid name or password, 409 if the user exists
   */
  public UserState createUser(Principal actor, String user, String password, Set<Role> roles) {
    require(actor, Permission.MANAGE_USERS);
    badRequestIf(UserNames.problem(user));
    badRequestIf(Passwords.problem(password));
    PasswordHash hash = PasswordHash.derive(password, iterations, random);
    Set<Role> initial = roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
    return ledger.change(user, actor.user(), (current, all) -> {
      if (current != null) {
        throw new UserManagementException(409, "user '" + user + "' already exists");
      }
      return List.of(new UserChangeCodec.Value(ChangeKind.CREATE, initial, hash));
    });
  }

  /** Grants {@code roles} to {@code user}. Admin only. See {@link #changeRoles}. */
  public UserState grant(Principal actor, String user, Set<Role> roles) {
    return changeRoles(actor, user, roles, Set.of());
  }

  /** Revokes {@code roles} from {@code user}. Admin only. See {@link #changeRoles}. */
  public UserState revoke(Principal actor, String user, Set<Role> roles) {
    return changeRoles(actor, user, Set.of(), roles);
  }

  /**
   * Grants and revokes roles in one atomic ledger transaction (a GRANT entry for the roles the user
   * did not hold, then a REVOKE entry for the roles it held; nothing if neither changes anything).
   * A revoke ends the user's tokens and cached passwords. Admin only.
   *
   * @throws UserManagementException 400 if both are empty or a role is in both, 404 for an unknown
   *     user, 409 if it would leave no enabled admin
   */
  public UserState changeRoles(Principal actor, String user, Set<Role> grant, Set<Role> revoke) {
    require(actor, Permission.MANAGE_USERS);
    if (grant.isEmpty() && revoke.isEmpty()) {
      throw new UserManagementException(400, "name at least one role to grant or revoke");
    }
    Set<Role> both = EnumSet.noneOf(Role.class);
    both.addAll(grant);
    both.retainAll(revoke);
    if (!both.isEmpty()) {
      throw new UserManagementException(400, "roles " + names(both) + " are both granted and revoked");
    }
    boolean[] revoked = {false};
    UserState after = ledger.change(user, actor.user(), (current, all) -> {
      UserState u = existing(current, user);
      Set<Role> add = EnumSet.noneOf(Role.class);
      grant.stream().filter(r -> !u.roles().contains(r)).forEach(add::add);
      Set<Role> remove = EnumSet.noneOf(Role.class);
      revoke.stream().filter(u.roles()::contains).forEach(remove::add);
      if (remove.contains(Role.ADMIN)) {
        keepAnAdmin(u, all, "revoking admin from");
      }
      List<UserChangeCodec.Value> values = new ArrayList<>();
      if (!add.isEmpty()) {
        values.add(new UserChangeCodec.Value(ChangeKind.GRANT, add, null));
      }
      if (!remove.isEmpty()) {
        values.add(new UserChangeCodec.Value(ChangeKind.REVOKE, remove, null));
        revoked[0] = true;
      }
      return values;
    });
    if (revoked[0]) {
      endSessions(user);
    }
    return after;
  }

  /**
   * Sets {@code user}'s password and ends its tokens and cached passwords. An admin may set anyone's;
   * any other user only its own, and must give its current password.
   *
   * @throws AuthenticationException 403 for another user's password without the admin role, or a
   *     wrong current password
   * @throws UserManagementException 400 for an invalid password or a missing current password, 404
   *     for an unknown user
   */
  public UserState setPassword(Principal actor, String user, String password, String currentPassword) {
    if (!actor.can(Permission.MANAGE_USERS)) {
      if (isAnonymous(actor) || !actor.user().equals(user)) {
        require(actor, Permission.MANAGE_USERS);
      }
      if (currentPassword == null) {
        throw new UserManagementException(400, "current_password is required to change your own password");
      }
      UserState u = ledger.user(user);
      if (u == null || !u.password().matches(currentPassword)) {
        throw new AuthenticationException(403, "the current password of user '" + user + "' is wrong");
      }
    }
    badRequestIf(Passwords.problem(password));
    PasswordHash hash = PasswordHash.derive(password, iterations, random);
    UserState after = ledger.change(user, actor.user(), (current, all) -> {
      existing(current, user);
      return List.of(new UserChangeCodec.Value(ChangeKind.SET_PASSWORD, Set.of(), hash));
    });
    endSessions(user);
    return after;
  }

  /**
   * Disables {@code user} (nothing if it is disabled already) and ends its tokens and cached
   * passwords. Admin only.
   *
   * @throws UserManagementException 404 for an unknown user, 409 if it is the last enabled admin
   */
  public UserState disable(Principal actor, String user) {
    require(actor, Permission.MANAGE_USERS);
    UserState after = ledger.change(user, actor.user(), (current, all) -> {
      UserState u = existing(current, user);
      if (!u.enabled()) {
        return List.of();
      }
      if (u.roles().contains(Role.ADMIN)) {
        keepAnAdmin(u, all, "disabling");
      }
      return List.of(new UserChangeCodec.Value(ChangeKind.DISABLE, Set.of(), null));
    });
    endSessions(user);
    return after;
  }

  /** Enables a disabled {@code user} (nothing if it is enabled). Admin only; 404 for an unknown user. */
  public UserState enable(Principal actor, String user) {
    require(actor, Permission.MANAGE_USERS);
    return ledger.change(user, actor.user(), (current, all) -> existing(current, user).enabled()
        ? List.of() : List.of(new UserChangeCodec.Value(ChangeKind.ENABLE, Set.of(), null)));
  }

  /** Every user now, disabled ones included, in name order. Admin only. */
  public List<UserState> users(Principal actor) {
    require(actor, Permission.MANAGE_USERS);
    return List.copyOf(ledger.users().values());
  }

  /**
   * Every change of every user, in ledger order: sequence, time, actor, what changed. Admins and
   * auditors (the {@link Permission#VERIFY} permission).
   */
  public List<UserChange> history(Principal actor) {
    requireAudit(actor);
    return ledger.history();
  }

  /**
   * {@code user}'s changes in version order. Admins and auditors.
   *
   * @throws UserManagementException 404 if the user never existed
   */
  public List<UserChange> history(Principal actor, String user) {
    requireAudit(actor);
    List<UserChange> h = ledger.history(user);
    if (h.isEmpty()) {
      throw new UserManagementException(404, "user '" + printableName(user) + "' does not exist");
    }
    return h;
  }

  /**
   * {@code user} as of ledger sequence {@code sequence} (the fold of its changes up to there), or
   * null if it did not exist yet. Admins and auditors.
   */
  public UserState stateAt(Principal actor, String user, long sequence) {
    requireAudit(actor);
    return ledger.stateAt(user, sequence);
  }

  /** {@code user} now, or null if it never existed. Admins, auditors and the user itself. */
  public UserState user(Principal actor, String user) {
    if (!actor.user().equals(user) || isAnonymous(actor)) {
      requireAudit(actor);
    }
    return ledger.user(user);
  }

  private void requireAudit(Principal actor) {
    if (!actor.can(Permission.MANAGE_USERS)) {
      require(actor, Permission.VERIFY);
    }
  }

  private void endSessions(String user) {
    cache.forget(user);
    tokens.forget(user);
  }

  private static UserState existing(UserState current, String user) {
    if (current == null) {
      throw new UserManagementException(404, "user '" + printableName(user) + "' does not exist");
    }
    return current;
  }

  /** Refuses a change that would leave no enabled admin: nobody could manage users any more. */
  private static void keepAnAdmin(UserState u, Map<String, UserState> all, String what) {
    boolean another = all.values().stream().anyMatch(o -> !o.user().equals(u.user()) && o.enabled()
        && o.roles().contains(Role.ADMIN));
    if (u.enabled() && !another) {
      throw new UserManagementException(409, what + " user '" + u.user()
          + "' would leave no enabled admin: make another user admin first");
    }
  }

  private static void badRequestIf(String problem) {
    if (problem != null) {
      throw new UserManagementException(400, problem);
    }
  }

  private static String printableName(String user) {
    return user == null ? "" : UserNames.printable(user);
  }

  /** Lower-case role names, as the HTTP API spells them. */
  static List<String> names(Set<Role> roles) {
    return roles.stream().sorted().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList();
  }

  /** For tests: the password cache and token store sizes. */
  int cachedPasswords() {
    return cache.size();
  }

  int liveTokens() {
    return tokens.size();
  }
}
