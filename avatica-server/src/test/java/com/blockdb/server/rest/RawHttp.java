package com.blockdb.server.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Test client that writes request bytes as they are onto a socket, so tests can send what
 * {@link java.net.http.HttpClient} refuses to: broken percent escapes, odd methods, bad headers.
 */
final class RawHttp {
  /** Status and body of a response. */
  record Reply(int status, String text) {}

  private RawHttp() {}

  /** Sends {@code head} (request line and headers, CRLF-separated, no final blank line) and {@code body}. */
  static Reply send(int port, String head, byte[] body) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // The server may answer (413, 401) and close before it takes the whole body.
      }
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          reply.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no complete reply within 30 s to: " + head);
      } catch (IOException e) {
        // A reset after the reply was sent: keep what arrived.
      }
      String text = reply.toString(StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
        throw new AssertionError("no HTTP status line in reply to: " + head + "\n" + text);
      }
      return new Reply(Integer.parseInt(text.substring(9, 12)), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
