package com.blockdb.server.http;

import java.io.IOException;

/** A request body over the server's {@code max_body_bytes} (HTTP 413). */
public final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  public BodyTooLargeException(long limit) {
    super("the request body is larger than the server's max_body_bytes = " + limit + " bytes");
  }
}
