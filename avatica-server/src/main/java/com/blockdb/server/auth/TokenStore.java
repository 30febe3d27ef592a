package com.blockdb.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bearer tokens handed out by the login endpoint: 256 random bits, base64url without padding (43
 * characters). Kept in memory only (a restart ends every session), by SHA-256 of the token, so a
 * heap dump shows no usable token and looking one up compares hashes, not the secret. Each session
 * records the user's session epoch at login; a change that moves the epoch (revoke, password change,
 * disable) voids it at once, and {@link #forget} also drops it.
 *
 * <p>Thread-safe (one lock around the map). Bounded: beyond {@value #MAX_TOKENS} sessions the
 * oldest is dropped, which is the one closest to expiry since all share one lifetime.
 */
final class TokenStore {
  static final int MAX_TOKENS = 100_000;
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** A token just issued. */
  record Issued(String token, Instant expiresAt) {
    /** Never shows the token. */
    @Override
    public String toString() {
      return "Issued[expiresAt=" + expiresAt + "]";
    }
  }

  /** What a token stands for. */
  record Session(String user, long epoch, Instant expiresAt) {}

  private final Duration lifetime;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
      return size() > MAX_TOKENS;
    }
  };

  TokenStore(Duration lifetime, Clock clock, SecureRandom random) {
    this.lifetime = lifetime;
    this.clock = clock;
    this.random = random;
  }

  /** A new token for {@code user}, valid for the lifetime while its session epoch stays {@code epoch}. */
  Issued issue(String user, long epoch) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant expires = clock.instant().plus(lifetime);
    synchronized (sessions) {
      // Insertion order is expiry order (one lifetime for all): expired sessions are at the head.
      Instant now = clock.instant();
      for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
        if (now.isBefore(it.next().expiresAt)) {
          break;
        }
        it.remove();
      }
      sessions.put(digest(token), new Session(user, epoch, expires));
    }
    return new Issued(token, expires);
  }

  /** The session of {@code token}, or null if it is unknown, malformed or expired (then dropped). */
  Session lookup(String token) {
    if (!FORM.matcher(token).matches()) {
      return null;
    }
    String id = digest(token);
    synchronized (sessions) {
      Session s = sessions.get(id);
      if (s != null && !clock.instant().isBefore(s.expiresAt)) {
        sessions.remove(id);
        return null;
      }
      return s;
    }
  }

  /** Ends {@code token}'s session; whether there was one. */
  boolean end(String token) {
    if (!FORM.matcher(token).matches()) {
      return false;
    }
    synchronized (sessions) {
      return sessions.remove(digest(token)) != null;
    }
  }

  /** Ends every session of {@code user}. */
  void forget(String user) {
    synchronized (sessions) {
      sessions.values().removeIf(s -> s.user.equals(user));
    }
  }

  /** Sessions held now; for tests. */
  int size() {
    synchronized (sessions) {
      return sessions.size();
    }
  }

  private static String digest(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK's SHA-256 is unavailable", e);
    }
  }
}
