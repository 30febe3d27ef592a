package com.blockdb.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credentials each JDBC connection was opened with, as a keyed hash of its request's
 * {@code Authorization} header (the key is random per server run, so the hashes say nothing about
 * passwords): a request that sends the very same header is the connection's own client. It lets
 * that client release its connection after its user was revoked or disabled, when the server
 * refuses the user everything else.
 *
 * <p>Thread-safe.
 */
final class ConnectionOpeners {
  private static final String MAC = "HmacSHA256";

  private final SecretKeySpec key;
  private final Map<String, byte[]> hashes = new ConcurrentHashMap<>();

  ConnectionOpeners() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.key = new SecretKeySpec(k, MAC);
  }

  /** Records that connection {@code id} was opened with {@code authorization} (null: none sent). */
  void opened(String id, String authorization) {
    if (authorization != null) {
      hashes.put(id, hash(authorization));
    }
  }

  /** Whether connection {@code id} was opened with exactly {@code authorization}. */
  boolean openedWith(String id, String authorization) {
    byte[] known = id == null || authorization == null ? null : hashes.get(id);
    return known != null && MessageDigest.isEqual(known, hash(authorization));
  }

  /** Forgets connection {@code id} (closed or expired). */
  void forget(String id) {
    hashes.remove(id);
  }

  private byte[] hash(String authorization) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(key);
      return mac.doFinal(authorization.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always provides " + MAC, e);
    }
  }
}
