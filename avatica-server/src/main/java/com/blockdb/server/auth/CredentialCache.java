package com.blockdb.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passwords verified recently, so that per-request BASIC authentication costs one HMAC instead of a
 * slow key derivation. Holds no password: an entry is keyed by HMAC-SHA256, under a random key made
 * for this process, of the user name and the password's canonical bytes. Looking an entry up by
 * that MAC leaks nothing an attacker can use, as the MAC of a guess is unpredictable without the key.
 * Each entry records the user's session epoch ({@link UserState#sessionEpoch()}) when it was
 * verified; a password change, revocation or disable moves the epoch, which voids the entry at
 * once, and {@link #forget} also drops it.
 *
 * <p>Thread-safe (one lock around the map). Bounded: beyond {@value #MAX_ENTRIES} entries the
 * oldest is dropped (the next request of that user derives the key again).
 */
final class CredentialCache {
  static final int MAX_ENTRIES = 10_000;

  /** A password check that succeeded: whose, at which session epoch, valid until when. */
  private record Verified(String user, long epoch, Instant expires) {}

  private final SecretKeySpec key;
  private final Duration lifetime;
  private final Clock clock;
  private final ThreadLocal<Mac> macs;
  private final Map<String, Verified> entries = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  CredentialCache(Duration lifetime, Clock clock, SecureRandom random) {
    byte[] k = new byte[32];
    random.nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
    this.lifetime = lifetime;
    this.clock = clock;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's HmacSHA256 is unavailable", e);
    }
  }

  private boolean enabled() {
    return !lifetime.isZero();
  }

  /** Whether {@code user} proved {@code password} while its session epoch was {@code epoch}, recently. */
  boolean verified(String user, byte[] password, long epoch) {
    if (!enabled()) {
      return false;
    }
    String id = id(user, password);
    synchronized (entries) {
      Verified v = entries.get(id);
      if (v == null) {
        return false;
      }
      if (!clock.instant().isBefore(v.expires) || v.epoch != epoch || !v.user.equals(user)) {
        entries.remove(id);
        return false;
      }
      return true;
    }
  }

  /** Remembers that {@code user} proved {@code password} at session epoch {@code epoch}. */
  void remember(String user, byte[] password, long epoch) {
    if (!enabled()) {
      return;
    }
    String id = id(user, password);
    synchronized (entries) {
      entries.remove(id);
      entries.put(id, new Verified(user, epoch, clock.instant().plus(lifetime)));
    }
  }

  /** Drops every entry of {@code user}. */
  void forget(String user) {
    synchronized (entries) {
      entries.values().removeIf(v -> v.user.equals(user));
    }
  }

  /** Entries held now (expired ones included until looked up or pushed out); for tests. */
  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /** HMAC(key, u16 length of user ‖ user UTF-8 ‖ password bytes): the length keeps the split unambiguous. */
  private String id(String user, byte[] password) {
    byte[] u = user.getBytes(StandardCharsets.UTF_8);
    Mac mac = macs.get();
    mac.update((byte) (u.length >>> 8));
    mac.update((byte) u.length);
    mac.update(u);
    mac.update(password);
    return Base64.getEncoder().encodeToString(mac.doFinal());
  }
}
