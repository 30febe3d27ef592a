package com.blockdb.server.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Writes request bytes as they are onto a socket, so that a test can send what an HTTP client
 * library refuses to (odd methods, broken escapes, malformed headers, raw UTF-8), and reads the
 * whole reply ({@code Connection: close}).
 */
final class RawHttp {
  /** The status of a reply (-1: the server closed without a status line) and its text. */
  record Reply(int status, String text) {}

  /** How long a reply may take before the request counts as hanging. */
  static final int REPLY_TIMEOUT_MILLIS = 30_000;

  private RawHttp() {}

  /**
   * Sends {@code head} (request line and headers, CRLF-separated, without the blank line; bytes as
   * ISO-8859-1 chars) and {@code body}.
   *
   * @throws AssertionError when no reply comes within {@link #REPLY_TIMEOUT_MILLIS}
   */
  static Reply send(int port, String head, byte[] body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(REPLY_TIMEOUT_MILLIS);
      OutputStream out = s.getOutputStream();
      out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // The server may answer (413, 401, 400) and close before it has read the whole body.
      }
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          reply.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no complete reply within " + REPLY_TIMEOUT_MILLIS + " ms to: " + printable(head));
      } catch (IOException e) {
        // A reset after the reply was sent: keep what arrived.
      }
      String text = reply.toString(StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
        return new Reply(-1, text);
      }
      return new Reply(Integer.parseInt(text.substring(9, 12)), text);
    }
  }

  /** {@code s} with control characters escaped and cut to 300 chars, for messages. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.substring(0, Math.min(s.length(), 300)).toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return b + (s.length() > 300 ? "...(" + s.length() + " chars)" : "");
  }
}
