package com.blockdb.server.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A stored password: PBKDF2-HMAC-SHA256 (the JDK's {@code PBKDF2WithHmacSHA256}) of the password's
 * canonical form with a random salt, and the iteration count it was derived with, so that the count
 * can be raised later without invalidating older entries. Immutable (the arrays are copied).
 *
 * @param iterations PBKDF2 iteration count
 * @param salt random salt, {@value #SALT_BYTES} bytes when derived here
 * @param hash the derived key, {@value #HASH_BYTES} bytes
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
  /** The JDK algorithm name; the ledger's credential kind 1 means exactly this. */
  public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  /** Salt length of new hashes: 128 bits, as NIST SP 800-132 asks at least. */
  public static final int SALT_BYTES = 16;
  /** Derived key length: the SHA-256 output size (more would only cost the defender). */
  public static final int HASH_BYTES = 32;

  public PasswordHash {
    if (iterations < 1) {
      throw new IllegalArgumentException("PBKDF2 iteration count must be positive, not " + iterations);
    }
    salt = salt.clone();
    hash = hash.clone();
  }

  /** A new hash of {@code password} with a fresh random salt. */
  public static PasswordHash derive(String password, int iterations, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new PasswordHash(iterations, salt, pbkdf2(password, salt, iterations, HASH_BYTES));
  }

  /** Whether {@code password} is the one hashed here; compares in constant time. */
  public boolean matches(String password) {
    if (password == null || Passwords.canonicalBytes(password) == null) {
      return false;
    }
    return MessageDigest.isEqual(hash, pbkdf2(password, salt, iterations, hash.length));
  }

  /**
   * PBKDF2-HMAC-SHA256 of the canonical form (NFC) of {@code password}; the JDK encodes the
   * characters as UTF-8, which is what docs/FORMAT.md states.
   */
  static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
    char[] chars = Passwords.canonical(password).toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's " + ALGORITHM + " is unavailable", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PasswordHash p && p.iterations == iterations
        && Arrays.equals(p.salt, salt) && Arrays.equals(p.hash, hash);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * iterations + Arrays.hashCode(salt)) + Arrays.hashCode(hash);
  }

  /** Shows the parameters, never the salt or the key. */
  @Override
  public String toString() {
    return ALGORITHM + "(" + iterations + " iterations)";
  }
}
