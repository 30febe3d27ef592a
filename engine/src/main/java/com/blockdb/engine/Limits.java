package com.blockdb.engine;

/** Size limits on keys and values, checked before anything is written. */
public final class Limits {
  /** Largest key, in bytes. */
  public static final int MAX_KEY_BYTES = 64 * 1024;
  /** Largest value, in bytes. */
  public static final int MAX_VALUE_BYTES = 16 * 1024 * 1024;

  /** Largest transaction (keys, values and 12 bytes per put): one commit-log record must hold it. */
  public static final long MAX_BATCH_BYTES = 60L * 1024 * 1024;

  private Limits() {}

  static void checkKey(byte[] key) {
    if (key == null || key.length == 0) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "a key must not be empty");
    }
    if (key.length > MAX_KEY_BYTES) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT,
          "key of " + key.length + " bytes exceeds the limit of " + MAX_KEY_BYTES + " bytes");
    }
  }

  static void checkValue(byte[] value) {
    if (value == null) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "a value must not be null");
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT,
          "value of " + value.length + " bytes exceeds the limit of " + MAX_VALUE_BYTES + " bytes");
    }
  }
}
