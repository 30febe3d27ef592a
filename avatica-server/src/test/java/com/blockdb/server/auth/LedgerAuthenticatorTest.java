package com.blockdb.server.auth;

import static com.blockdb.server.auth.AuthFixture.ADMIN;
import static com.blockdb.server.auth.AuthFixture.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import com.blockdb.jdbc.store.Database;
import com.blockdb.jdbc.store.DatabaseRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, bootstrap, roles, revocation, tokens and the users ledger, without HTTP. */
class LedgerAuthenticatorTest {
  private static final String PW = "alice-password-1";

  private AuthFixture f;

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  private static String basic(String user, String password) {
    return Credentials.basicHeader(user, password);
  }

  private static void assertStatus(ThrowingCallable call, int status, String messagePart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AuthenticationException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.getMessage()).contains(messagePart);
    });
  }

  private static void assertRefused(ThrowingCallable call, int status, String messagePart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(UserManagementException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.getMessage()).contains(messagePart);
    });
  }

  // ---- bootstrap ----

  @Test
  void noUsersNoInitialPasswordAndNoAnonymousRefusesToStart() {
    Database db = AuthFixture.openMemory();
    try {
      assertThatThrownBy(() -> new LedgerAuthenticator(db, AuthFixture.settings().withInitialAdmin("admin", null)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no users")
          .hasMessageContaining("no built-in default password");
      // Nothing was written: there is no default admin to log in as.
      assertThat(db.engine().lastSequence()).isZero();
    } finally {
      DatabaseRegistry.release(db);
    }
  }

  @Test
  void theFirstAdminIsCreatedOnceFromTheSettingsWithTheDefaultIterationCount() {
    Database db = AuthFixture.openMemory();
    try {
      LedgerAuthenticator first = new LedgerAuthenticator(db,
          AuthFixture.settings().withInitialAdmin(null, "first admin password"));
      Principal admin = first.authenticate(basic("admin", "first admin password"));
      assertThat(admin.roles()).containsExactly(Role.ADMIN);
      List<UserChange> h = first.history(admin);
      assertThat(h).hasSize(1);
      assertThat(h.get(0).actor()).isEqualTo(LedgerAuthenticator.BOOTSTRAP_ACTOR);
      assertThat(h.get(0).password().iterations()).isEqualTo(LedgerAuthenticator.DEFAULT_ITERATIONS);

      // A second start with other initial-admin settings changes nothing: users exist.
      LedgerAuthenticator second = new LedgerAuthenticator(db, AuthFixture.settings()
          .withInitialAdmin("other", "other admin password"), new ManualClock(), AuthFixture.TEST_ITERATIONS);
      assertStatus(() -> second.authenticate(basic("other", "other admin password")), 401, "wrong user name or password");
      assertThat(second.authenticate(basic("admin", "first admin password")).user()).isEqualTo("admin");
      assertThat(second.history(admin)).hasSize(1);
      // And a start with no initial admin at all works too, since users exist.
      new LedgerAuthenticator(db, AuthFixture.settings(), new ManualClock(), AuthFixture.TEST_ITERATIONS);
    } finally {
      DatabaseRegistry.release(db);
    }
  }

  @Test
  void anInvalidInitialAdminIsRefusedClearly() {
    Database db = AuthFixture.openMemory();
    try {
      assertThatThrownBy(() -> new LedgerAuthenticator(db, AuthFixture.settings().withInitialAdmin("admin", "short"),
          new ManualClock(), 1000)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("initial admin password").hasMessageContaining("at least 8");
      assertThatThrownBy(() -> new LedgerAuthenticator(db, AuthFixture.settings().withInitialAdmin("bad name", "long enough pw"),
          new ManualClock(), 1000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial admin");
    } finally {
      DatabaseRegistry.release(db);
    }
  }

  // ---- anonymous ----

  @Test
  void anonymousOnlyWhenConfiguredAndThenReadOnly() {
    f = new AuthFixture();
    assertStatus(() -> f.auth.authenticate(null), 401, "authentication required");
    assertStatus(() -> f.auth.authenticate("  "), 401, "authentication required");

    LedgerAuthenticator open = f.reopen(AuthFixture.settings().withAnonymous(true));
    Principal anon = open.authenticate(null);
    assertThat(anon.user()).isEqualTo(LedgerAuthenticator.ANONYMOUS);
    open.require(anon, Permission.READ);
    for (Permission p : List.of(Permission.WRITE, Permission.VERIFY, Permission.BACKUP, Permission.MANAGE_USERS)) {
      assertStatus(() -> open.require(anon, p), 401, "anonymous access is read-only");
    }
    assertStatus(() -> open.createUser(anon, "x", "some password", Set.of()), 401, "anonymous");
    assertStatus(() -> open.setPassword(anon, "anonymous", "some password", "x"), 401, "anonymous");
    // Credentials that are sent are checked, never downgraded to anonymous.
    assertStatus(() -> open.authenticate(basic(ADMIN, "wrong password")), 401, "wrong user name or password");
    assertRefused(() -> open.createUser(f.admin, "anonymous", "some password", Set.of()), 400, "reserved");
  }

  @Test
  void anonymousServerWithoutUsersStarts() {
    f = new AuthFixture(AuthFixture.settings().withAnonymous(true));
    assertThat(f.auth.authenticate(null).roles()).containsExactly(Role.READER);
    assertStatus(() -> f.auth.authenticate(basic("admin", "anything at all")), 401, "wrong user name or password");
  }

  // ---- credentials ----

  @Test
  void wrongOrMalformedCredentialsGet401WithAClearMessage() {
    f = new AuthFixture();
    assertStatus(() -> f.auth.authenticate(basic(ADMIN, "not the password")), 401, "wrong user name or password");
    assertStatus(() -> f.auth.authenticate(basic("nobody", ADMIN_PASSWORD)), 401, "wrong user name or password");
    assertStatus(() -> f.auth.authenticate(basic(ADMIN, "")), 401, "wrong user name or password");
    assertStatus(() -> f.auth.authenticate(basic(ADMIN, "x".repeat(5000))), 401, "wrong user name or password");
    assertStatus(() -> f.auth.authenticate("Basic !!!not-base64!!!"), 401, "not valid base64");
    assertStatus(() -> f.auth.authenticate("Basic"), 401, "Basic without credentials");
    String noColon = Base64.getEncoder().encodeToString("rootpassword".getBytes(StandardCharsets.UTF_8));
    assertStatus(() -> f.auth.authenticate("Basic " + noColon), 401, "user:password");
    String notUtf8 = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, (byte) 0x28, ':', 'x'});
    assertStatus(() -> f.auth.authenticate("Basic " + notUtf8), 401, "not UTF-8");
    assertStatus(() -> f.auth.authenticate("Digest username=x"), 401, "unsupported Authorization scheme 'Digest'");
    assertStatus(() -> f.auth.authenticate("Bearer"), 401, "without a token");
    assertStatus(() -> f.auth.authenticate("Bearer nonsense"), 401, "unknown or expired bearer token");
    assertStatus(() -> f.auth.authenticate("Bearer " + "A".repeat(43)), 401, "unknown or expired bearer token");
    // The scheme is case-insensitive (RFC 7235), and a password may contain ':'.
    f.auth.createUser(f.admin, "carol", "pass:word:1", Set.of(Role.READER));
    assertThat(f.auth.authenticate(basic("carol", "pass:word:1").replace("Basic", "bAsIc")).user()).isEqualTo("carol");
  }

  // ---- roles ----

  @Test
  void roleChecks() {
    f = new AuthFixture();
    f.auth.createUser(f.admin, "reader", "reader password", Set.of(Role.READER));
    f.auth.createUser(f.admin, "writer", "writer password", Set.of(Role.WRITER));
    f.auth.createUser(f.admin, "auditor", "auditor password", Set.of(Role.AUDITOR));
    Principal reader = f.auth.authenticate(basic("reader", "reader password"));
    Principal writer = f.auth.authenticate(basic("writer", "writer password"));
    Principal auditor = f.auth.authenticate(basic("auditor", "auditor password"));

    f.auth.require(reader, Permission.READ);
    assertStatus(() -> f.auth.require(reader, Permission.WRITE), 403, "lacks the WRITE permission");
    f.auth.require(writer, Permission.WRITE);
    assertStatus(() -> f.auth.require(writer, Permission.VERIFY), 403, "VERIFY");
    f.auth.require(auditor, Permission.VERIFY);
    assertStatus(() -> f.auth.require(auditor, Permission.WRITE), 403, "WRITE");
    for (Principal p : List.of(reader, writer, auditor)) {
      assertStatus(() -> f.auth.createUser(p, "x" + p.user(), "some password", Set.of()), 403, "MANAGE_USERS");
      assertStatus(() -> f.auth.grant(p, p.user(), Set.of(Role.ADMIN)), 403, "MANAGE_USERS");
      assertStatus(() -> f.auth.disable(p, "reader"), 403, "MANAGE_USERS");
      assertStatus(() -> f.auth.users(p), 403, "MANAGE_USERS");
    }
    // Auditors read the users' history; readers and writers do not.
    assertThat(f.auth.history(auditor, "writer")).hasSize(1);
    assertStatus(() -> f.auth.history(writer, "writer"), 403, "VERIFY");
    assertThat(f.auth.users(f.admin)).extracting(UserState::user).containsExactly("auditor", "reader", "root", "writer");
  }

  @Test
  void userManagementRefusalsNameTheProblem() {
    f = new AuthFixture();
    f.auth.createUser(f.admin, "bob", "bob password", Set.of());
    assertRefused(() -> f.auth.createUser(f.admin, "bob", "other password", Set.of()), 409, "user 'bob' already exists");
    assertRefused(() -> f.auth.createUser(f.admin, "no spaces", "some password", Set.of()), 400, "is not 1 to 64");
    assertRefused(() -> f.auth.createUser(f.admin, "x".repeat(65), "some password", Set.of()), 400, "is not 1 to 64");
    assertRefused(() -> f.auth.createUser(f.admin, "dave", "short", Set.of()), 400, "at least 8");
    assertRefused(() -> f.auth.grant(f.admin, "ghost", Set.of(Role.READER)), 404, "user 'ghost' does not exist");
    assertRefused(() -> f.auth.setPassword(f.admin, "ghost", "some password", null), 404, "does not exist");
    assertRefused(() -> f.auth.disable(f.admin, "ghost"), 404, "does not exist");
    assertRefused(() -> f.auth.changeRoles(f.admin, "bob", Set.of(), Set.of()), 400, "at least one role");
    assertRefused(() -> f.auth.changeRoles(f.admin, "bob", Set.of(Role.READER), Set.of(Role.READER)), 400, "both granted and revoked");
    // The last enabled admin can be neither demoted nor disabled.
    assertRefused(() -> f.auth.revoke(f.admin, ADMIN, Set.of(Role.ADMIN)), 409, "no enabled admin");
    assertRefused(() -> f.auth.disable(f.admin, ADMIN), 409, "no enabled admin");
    f.auth.grant(f.admin, "bob", Set.of(Role.ADMIN));
    f.auth.revoke(f.admin, ADMIN, Set.of(Role.ADMIN));
    assertThat(f.auth.authenticate(basic(ADMIN, ADMIN_PASSWORD)).roles()).isEmpty();
  }

  @Test
  void aUserChangesOnlyItsOwnPasswordAndMustGiveTheCurrentOne() {
    f = new AuthFixture();
    f.auth.createUser(f.admin, "alice", PW, Set.of(Role.READER));
    f.auth.createUser(f.admin, "bob", "bob password", Set.of(Role.READER));
    Principal alice = f.auth.authenticate(basic("alice", PW));
    assertStatus(() -> f.auth.setPassword(alice, "bob", "new bob password", "bob password"), 403, "MANAGE_USERS");
    assertRefused(() -> f.auth.setPassword(alice, "alice", "new alice password", null), 400, "current_password");
    assertStatus(() -> f.auth.setPassword(alice, "alice", "new alice password", "wrong"), 403, "current password");
    assertRefused(() -> f.auth.setPassword(alice, "alice", "short", PW), 400, "at least 8");
    f.auth.setPassword(alice, "alice", "new alice password", PW);
    assertThat(f.auth.authenticate(basic("alice", "new alice password")).user()).isEqualTo("alice");
    assertThat(f.auth.history(f.admin, "alice")).last().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ChangeKind.SET_PASSWORD);
      assertThat(c.actor()).isEqualTo("alice");
    });
    // An admin sets anyone's password without the current one.
    f.auth.setPassword(f.admin, "bob", "admin set this", null);
    assertThat(f.auth.authenticate(basic("bob", "admin set this")).user()).isEqualTo("bob");
  }

  // ---- revocation and the password cache ----

  @Test
  void revocationTakesEffectOnTheNextRequestEvenWithACachedPassword() {
    f = new AuthFixture();
    f.auth.createUser(f.admin, "alice", PW, Set.of(Role.WRITER));
    String header = basic("alice", PW);
    f.auth.require(f.auth.authenticate(header), Permission.WRITE);
    f.auth.require(f.auth.authenticate(header), Permission.WRITE);
    int cachedBefore = f.auth.cachedPasswords();
    assertThat(cachedBefore).isPositive();

    f.auth.revoke(f.admin, "alice", Set.of(Role.WRITER));
    assertThat(f.auth.cachedPasswords()).isEqualTo(cachedBefore - 1);
    Principal after = f.auth.authenticate(header);
    assertThat(after.roles()).isEmpty();
    assertStatus(() -> f.auth.require(after, Permission.WRITE), 403, "lacks the WRITE permission");

    // Grants take effect at once too.
    f.auth.grant(f.admin, "alice", Set.of(Role.AUDITOR));
    assertThat(f.auth.authenticate(header).roles()).containsExactly(Role.AUDITOR);
  }

  @Test
  void disableAndPasswordChangeRefuseACachedPasswordAtOnce() {
    f = new AuthFixture();
    f.auth.createUser(f.admin, "alice", PW, Set.of(Role.READER));
    String header = basic("alice", PW);
    f.auth.authenticate(header);
    f.auth.setPassword(f.admin, "alice", "second password", null);
    assertStatus(() -> f.auth.authenticate(header), 401, "wrong user name or password");
    String second = basic("alice", "second password");
    f.auth.authenticate(second);
    f.auth.disable(f.admin, "alice");
    assertStatus(() -> f.auth.authenticate(second), 401, "user 'alice' is disabled");
    assertStatus(() -> f.auth.login("alice", "second password"), 401, "disabled");
    f.auth.enable(f.admin, "alice");
    assertThat(f.auth.authenticate(second).roles()).containsExactly(Role.READER);
  }

  @Test
  void theCacheRemembersOnlyForItsLifetimeAndOnlyTheRightPassword() {
    ManualClock clock = new ManualClock();
    CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), clock, new java.security.SecureRandom());
    byte[] pw = "password".getBytes(StandardCharsets.UTF_8);
    cache.remember("alice", pw, 7);
    assertThat(cache.verified("alice", pw, 7)).isTrue();
    assertThat(cache.verified("alice", "passwore".getBytes(StandardCharsets.UTF_8), 7)).isFalse();
    assertThat(cache.verified("alicf", pw, 7)).isFalse();
    assertThat(cache.verified("alice", pw, 8)).isFalse(); // epoch moved: entry void (and dropped)
    assertThat(cache.verified("alice", pw, 7)).isFalse();
    cache.remember("alice", pw, 7);
    clock.advance(Duration.ofSeconds(59));
    assertThat(cache.verified("alice", pw, 7)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.verified("alice", pw, 7)).isFalse();
    cache.remember("alice", pw, 7);
    cache.forget("alice");
    assertThat(cache.verified("alice", pw, 7)).isFalse();
    // "ab" + "c..." and "a" + "bc..." are different users: the length prefix keeps them apart.
    cache.remember("ab", "cdefghij".getBytes(StandardCharsets.UTF_8), 1);
    assertThat(cache.verified("a", "bcdefghij".getBytes(StandardCharsets.UTF_8), 1)).isFalse();

    CredentialCache off = new CredentialCache(Duration.ZERO, clock, new java.security.SecureRandom());
    off.remember("alice", pw, 7);
    assertThat(off.verified("alice", pw, 7)).isFalse();
  }

  // ---- tokens ----

  @Test
  void tokensWorkUntilTheyExpire() {
    f = new AuthFixture();
    f.auth.createUser(f.admin, "alice", PW, Set.of(Role.WRITER));
    LoginToken t = f.auth.login("alice", PW);
    assertThat(t.token()).matches("[A-Za-z0-9_-]{43}");
    assertThat(t.expiresAt()).isEqualTo(f.clock.instant().plus(AuthFixture.TOKEN_LIFETIME));
    assertThat(t.toString()).doesNotContain(t.token());
    assertThat(f.auth.authenticate("Bearer " + t.token()).roles()).containsExactly(Role.WRITER);
    assertThat(f.auth.login("alice", PW).token()).isNotEqualTo(t.token());
    assertStatus(() -> f.auth.login("alice", "wrong password"), 401, "wrong user name or password");

    f.clock.advance(AuthFixture.TOKEN_LIFETIME.minusSeconds(1));
    assertThat(f.auth.authenticate("Bearer " + t.token()).user()).isEqualTo("alice");
    f.clock.advance(Duration.ofSeconds(1));
    assertStatus(() -> f.auth.authenticate("Bearer " + t.token()), 401, "unknown or expired bearer token");
  }

  @Test
  void tokensDieOnRevokePasswordChangeDisableAndLogoutButNotOnGrant() {
    f = new AuthFixture();
    f.auth.createUser(f.admin, "alice", PW, Set.of(Role.WRITER, Role.READER));
    String t1 = "Bearer " + f.auth.login("alice", PW).token();
    f.auth.grant(f.admin, "alice", Set.of(Role.AUDITOR));
    assertThat(f.auth.authenticate(t1).roles()).contains(Role.AUDITOR);
    f.auth.revoke(f.admin, "alice", Set.of(Role.READER));
    assertStatus(() -> f.auth.authenticate(t1), 401, "unknown or expired bearer token");

    String t2 = "Bearer " + f.auth.login("alice", PW).token();
    f.auth.setPassword(f.admin, "alice", "next password", null);
    assertStatus(() -> f.auth.authenticate(t2), 401, "bearer token");

    String t3 = "Bearer " + f.auth.login("alice", "next password").token();
    f.auth.disable(f.admin, "alice");
    assertStatus(() -> f.auth.authenticate(t3), 401, "bearer token");
    f.auth.enable(f.admin, "alice");
    assertStatus(() -> f.auth.authenticate(t3), 401, "bearer token");

    String t4 = f.auth.login("alice", "next password").token();
    assertThat(f.auth.logout(t4)).isTrue();
    assertStatus(() -> f.auth.authenticate("Bearer " + t4), 401, "unknown or expired bearer token");
    assertThat(f.auth.liveTokens()).isZero();
  }

  // ---- the ledger ----

  @Test
  void historyListsEveryChangeWithSequenceTimeAndActorAndStatesAreReconstructible() {
    f = new AuthFixture();
    f.auth.createUser(f.admin, "bob", "bob password", Set.of());
    Principal bob = f.auth.grant(f.admin, "bob", Set.of(Role.ADMIN)).principal();
    f.auth.createUser(bob, "alice", PW, Set.of(Role.READER));
    long created = f.auth.history(f.admin, "alice").get(0).sequence();
    f.auth.changeRoles(bob, "alice", Set.of(Role.WRITER), Set.of(Role.READER));
    f.auth.setPassword(f.admin, "alice", "second password", null);
    f.auth.disable(bob, "alice");

    List<UserChange> h = f.auth.history(f.admin, "alice");
    assertThat(h).extracting(UserChange::kind).containsExactly(ChangeKind.CREATE, ChangeKind.GRANT,
        ChangeKind.REVOKE, ChangeKind.SET_PASSWORD, ChangeKind.DISABLE);
    assertThat(h).extracting(UserChange::actor).containsExactly("bob", "bob", "bob", ADMIN, "bob");
    assertThat(h).extracting(UserChange::version).containsExactly(1, 2, 3, 4, 5);
    assertThat(h).extracting(UserChange::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(h.get(1).sequence()).isEqualTo(h.get(2).sequence() - 1); // grant+revoke: one transaction
    assertThat(h).allSatisfy(c -> assertThat(c.time()).isNotNull());

    // Every point of the history folds to the state of that moment.
    assertThat(f.auth.stateAt(f.admin, "alice", created - 1)).isNull();
    assertThat(f.auth.stateAt(f.admin, "alice", created).roles()).containsExactly(Role.READER);
    assertThat(f.auth.stateAt(f.admin, "alice", h.get(2).sequence()).roles()).containsExactly(Role.WRITER);
    assertThat(f.auth.stateAt(f.admin, "alice", h.get(3).sequence()).password().matches("second password")).isTrue();
    assertThat(f.auth.stateAt(f.admin, "alice", h.get(3).sequence()).enabled()).isTrue();
    assertThat(f.auth.stateAt(f.admin, "alice", Long.MAX_VALUE).enabled()).isFalse();

    // The global history interleaves users in ledger order.
    assertThat(f.auth.history(f.admin)).extracting(UserChange::sequence).isSorted();
    assertThat(f.auth.history(f.admin)).extracting(UserChange::user)
        .containsExactly(ADMIN, "bob", "bob", "alice", "alice", "alice", "alice", "alice");

    // The entries are ledger entries of table 2, written by the acting principal.
    var entry = f.db.engine().getEntry(UserLedger.TABLE_ID, UserChangeCodec.key("alice", 4), Long.MAX_VALUE);
    assertThat(entry.principal()).isEqualTo(ADMIN);
    assertThat(entry.sequence()).isEqualTo(h.get(3).sequence());
    // Granting what is held, or revoking what is not, writes nothing.
    long before = f.db.engine().lastSequence();
    f.auth.changeRoles(f.admin, "alice", Set.of(Role.WRITER), Set.of(Role.READER));
    f.auth.disable(f.admin, "alice");
    assertThat(f.db.engine().lastSequence()).isEqualTo(before);
  }

  @Test
  void usersSurviveARestart(@TempDir Path dir) {
    String name = dir.resolve("db").toString();
    Database db = DatabaseRegistry.acquire(name, Options.defaults());
    List<UserChange> history;
    try {
      LedgerAuthenticator a = new LedgerAuthenticator(db, AuthFixture.settings().withInitialAdmin(ADMIN, ADMIN_PASSWORD),
          new ManualClock(), AuthFixture.TEST_ITERATIONS);
      Principal admin = a.authenticate(ADMIN, ADMIN_PASSWORD);
      a.createUser(admin, "alice", PW, Set.of(Role.WRITER, Role.AUDITOR));
      a.createUser(admin, "bob", "bob password", Set.of(Role.READER));
      a.revoke(admin, "alice", Set.of(Role.WRITER));
      a.disable(admin, "bob");
      history = a.history(admin);
    } finally {
      DatabaseRegistry.release(db);
    }
    db = DatabaseRegistry.acquire(name, Options.defaults());
    try {
      // No initial admin configured now: the users on disk are enough to start.
      LedgerAuthenticator b = new LedgerAuthenticator(db, AuthFixture.settings(), new ManualClock(), AuthFixture.TEST_ITERATIONS);
      Principal admin = b.authenticate(ADMIN, ADMIN_PASSWORD);
      assertThat(b.history(admin)).isEqualTo(history);
      assertThat(b.authenticate("alice", PW).roles()).containsExactly(Role.AUDITOR);
      assertStatus(() -> b.authenticate("bob", "bob password"), 401, "disabled");
    } finally {
      DatabaseRegistry.release(db);
    }
  }

  @Test
  void aDamagedUsersEntryIsReportedAsCorruptionNamingTheKey() {
    f = new AuthFixture();
    f.db.engine().write(new WriteBatch().put(UserLedger.TABLE_ID,
        "user:mallory:0000000001".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 2, 0, 0}), "mallory");
    assertThatThrownBy(() -> f.reopen(AuthFixture.settings()))
        .isInstanceOfSatisfying(BlockDbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION))
        .hasMessageContaining("user:mallory:0000000001")
        .hasMessageContaining("GRANT must name at least one role");
  }

  @Test
  void aHistoryWithAGapIsReportedAsCorruption() {
    f = new AuthFixture();
    f.db.engine().write(new WriteBatch().put(UserLedger.TABLE_ID,
        "user:eve:0000000002".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 5, 0, 0}), "eve");
    assertThatThrownBy(() -> f.reopen(AuthFixture.settings()))
        .isInstanceOfSatisfying(BlockDbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION))
        .hasMessageContaining("user:eve:0000000002")
        .hasMessageContaining("begins with DISABLE version 2 instead of CREATE version 1");
  }

  @Test
  void theLedgerHoldsNoPlaintextPassword() {
    f = new AuthFixture();
    f.auth.createUser(f.admin, "alice", PW, Set.of(Role.READER));
    f.auth.setPassword(f.admin, "alice", "second password", null);
    byte[] all;
    try (var it = f.db.engine().scanPrefix(UserLedger.TABLE_ID, new byte[] {'u'})) {
      var out = new java.io.ByteArrayOutputStream();
      it.forEachRemaining(e -> out.writeBytes(e.value()));
      all = out.toByteArray();
    }
    String asText = new String(all, StandardCharsets.ISO_8859_1);
    assertThat(asText).doesNotContain(PW).doesNotContain("second password").doesNotContain(ADMIN_PASSWORD);
    assertThat(all).hasSize(3 * (4 + 4 + 1 + 16 + 1 + 32));
  }

  @Test
  void secretsNeverShowInToStrings() {
    AuthSettings s = AuthFixture.settings().withInitialAdmin("admin", "s3cret-password");
    assertThat(s.toString()).doesNotContain("s3cret");
    assertThat(new Credentials.Basic("u", "s3cret").toString()).doesNotContain("s3cret");
    assertThat(new Credentials.Bearer("tok3n").toString()).doesNotContain("tok3n");
  }
}
