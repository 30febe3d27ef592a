package com.blockdb.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import javax.servlet.http.HttpServletRequest;

/**
 * Reads request bodies no larger than the server's {@code max_body_bytes}: a declared length over
 * the limit is refused before anything is read, a chunked body as soon as it passes the limit, so
 * that one request cannot fill the heap.
 */
public final class BodyLimit {
  private BodyLimit() {}

  /** The whole body of {@code request}. */
  public static byte[] read(HttpServletRequest request, long maxBytes) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw new BodyTooLargeException(maxBytes);
    }
    if (declared >= 0) {
      // The usual case (every JDBC request): read exactly that much into its own array, with no
      // copy and no read past the end (which would only find the end of the stream).
      byte[] body = new byte[(int) declared];
      int off = 0;
      try (InputStream in = request.getInputStream()) {
        while (off < body.length) {
          int n = in.read(body, off, body.length - off);
          if (n < 0) {
            return Arrays.copyOf(body, off); // the client sent less than it declared
          }
          off += n;
        }
      }
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    byte[] buf = new byte[8192];
    long total = 0;
    try (InputStream in = request.getInputStream()) {
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > maxBytes) {
          throw new BodyTooLargeException(maxBytes);
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }
}
