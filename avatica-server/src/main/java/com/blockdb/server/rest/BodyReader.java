package com.blockdb.server.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.servlet.http.HttpServletRequest;

/**
 * Reads a request body with a size cap: a declared {@code Content-Length} over the cap is refused
 * before a byte is read, and a chunked body is cut off as soon as it passes the cap, so no client
 * can make the server buffer more than {@code maxBytes}.
 */
public final class BodyReader {
  private final long maxBytes;

  public BodyReader(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("the body size limit must be at least 1 byte, not " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Throws 413 when the declared length is over the cap; call before authenticating work starts. */
  public void checkDeclaredLength(HttpServletRequest request) {
    if (request.getContentLengthLong() > maxBytes) {
      throw HttpError.tooLarge(maxBytes);
    }
  }

  /** The whole body (empty when there is none); 413 once it passes the cap. */
  public byte[] read(HttpServletRequest request) {
    checkDeclaredLength(request);
    long declared = request.getContentLengthLong();
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), 1 << 20));
    byte[] buf = new byte[8192];
    long total = 0;
    try (InputStream in = request.getInputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw HttpError.tooLarge(maxBytes);
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // A body shorter than its Content-Length, a broken chunk: the client's message is malformed.
      throw HttpError.badRequest("the request body could not be read: " + e.getMessage());
    }
    return out.toByteArray();
  }
}
