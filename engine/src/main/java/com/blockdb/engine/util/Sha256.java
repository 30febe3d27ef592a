package com.blockdb.engine.util;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 with a per-thread {@link MessageDigest}, since creating one per hash is slow. */
public final class Sha256 {

  public static final int LENGTH = 32;

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  });

  private Sha256() {}

  /** A digest reset and ready for use on this thread. */
  public static MessageDigest digest() {
    MessageDigest md = DIGEST.get();
    md.reset();
    return md;
  }

  public static byte[] hash(byte[] data) {
    return digest().digest(data);
  }

  /** SHA-256(prefix ‖ data). */
  public static byte[] hash(byte prefix, byte[] data) {
    MessageDigest md = digest();
    md.update(prefix);
    md.update(data);
    return md.digest();
  }
}
