package com.blockdb.engine;

/** The one unchecked exception of the engine; {@link #code()} says what went wrong. */
public class BlockDbException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public BlockDbException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public BlockDbException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
