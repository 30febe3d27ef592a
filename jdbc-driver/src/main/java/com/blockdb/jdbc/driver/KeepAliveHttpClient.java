package com.blockdb.jdbc.driver;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.apache.calcite.avatica.remote.AvaticaHttpClient;

/**
 * The remote driver's HTTP transport for {@code http://} servers: each Avatica request is one
 * {@code POST} on a kept-alive TCP connection, written in one piece (header and body) with
 * TCP_NODELAY, and the response read straight off the socket. Avatica's own transport (Apache
 * HttpClient 5) runs every request through a chain of a dozen interceptors (redirects, retries,
 * cookies, compression, authentication, URI parsing, pool leases), which cost more CPU than the
 * server takes to answer a point SELECT.
 *
 * <p>What it supports is what the BlockDB server needs: HTTP/1.1 responses with a Content-Length,
 * chunked, or ending with the connection; HTTP BASIC credentials, sent with every request. Status
 * 200 and 500 carry Avatica responses (500: an error response); any other status fails with
 * Avatica's own message ("got HTTP/401"), which {@link RemoteErrors} turns into SQLState 28000 and
 * the like. A kept connection that the server closed meanwhile (its idle timeout) fails before any
 * byte of a response arrives: the request is then sent once more on a new connection, as
 * Avatica's transport retries a request that got no response.
 *
 * <p>Thread-safe: a request takes an idle connection or opens one, and gives it back afterwards,
 * so a cancel from another thread does not wait behind a running query.
 */
final class KeepAliveHttpClient implements AvaticaHttpClient, AutoCloseable {
  /** Idle connections kept per client (one JDBC connection): one, and a spare for a concurrent cancel. */
  private static final int MAX_IDLE = 2;
  private static final int BUFFER_BYTES = 8192;

  private final String server;
  private final InetSocketAddress address;
  private final int connectTimeoutMillis;
  private final int responseTimeoutMillis;
  /** The request header up to "Content-Length: ", the same for every request. */
  private final byte[] head;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private boolean closed; // guarded by idle

  /**
   * @param basicCredentials "user:password" for HTTP BASIC, or null to send none
   * @param connectTimeoutMillis 0 for none
   * @param responseTimeoutMillis how long a request may wait for its response; 0 for ever
   */
  KeepAliveHttpClient(URL url, String basicCredentials, long connectTimeoutMillis, long responseTimeoutMillis) {
    if (!"http".equalsIgnoreCase(url.getProtocol())) {
      throw new IllegalArgumentException("only http:// servers, not " + url);
    }
    this.server = url.getProtocol() + "://" + url.getAuthority();
    String host = url.getHost();
    int port = url.getPort() < 0 ? 80 : url.getPort();
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    this.address = InetSocketAddress.createUnresolved(bare, port);
    this.connectTimeoutMillis = clamp(connectTimeoutMillis);
    this.responseTimeoutMillis = clamp(responseTimeoutMillis);
    String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
    StringBuilder h = new StringBuilder(160)
        .append("POST ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(url.getAuthority()).append("\r\n")
        .append("Content-Type: application/octet-stream\r\n");
    if (basicCredentials != null) {
      h.append("Authorization: Basic ")
          .append(Base64.getEncoder().encodeToString(basicCredentials.getBytes(StandardCharsets.UTF_8)))
          .append("\r\n");
    }
    h.append("Content-Length: ");
    this.head = h.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int clamp(long millis) {
    return millis <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, millis);
  }

  @Override
  public byte[] send(byte[] request) {
    byte[] message = frame(request);
    Connection c = takeIdle();
    if (c != null) {
      try {
        return exchange(c, message);
      } catch (StaleConnectionException e) {
        // The server closed it while it was idle: the request never reached it. Once more, anew.
      } catch (IOException e) {
        throw failed(e);
      }
    }
    try {
      return exchange(open(), message);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private RuntimeException failed(IOException e) {
    return new UncheckedIOException("HTTP request to " + server + " failed: " + e.getMessage(), e);
  }

  /** Header and body in one array, so that one write (one TCP segment for small requests) sends it. */
  private byte[] frame(byte[] body) {
    byte[] length = (Integer.toString(body.length) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] m = Arrays.copyOf(head, head.length + length.length + body.length);
    System.arraycopy(length, 0, m, head.length, length.length);
    System.arraycopy(body, 0, m, head.length + length.length, body.length);
    return m;
  }

  /** Sends the request and reads its response; the connection is given back or closed. */
  private byte[] exchange(Connection c, byte[] message) throws IOException {
    boolean keep = false;
    try {
      Response r;
      try {
        c.out.write(message);
        r = c.readResponse();
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException("no response within http_response_timeout = " + responseTimeoutMillis
            + " ms");
      } catch (IOException e) {
        if (c.reused && !c.received) {
          throw new StaleConnectionException(e);
        }
        throw e;
      }
      keep = r.keepAlive();
      if (r.status() == 200 || r.status() == 500) {
        return r.body();
      }
      throw new IllegalStateException("Failed to execute HTTP Request, got HTTP/" + r.status());
    } finally {
      if (keep) {
        giveBack(c);
      } else {
        c.close();
      }
    }
  }

  private Connection takeIdle() {
    synchronized (idle) {
      return idle.pollLast();
    }
  }

  private void giveBack(Connection c) {
    synchronized (idle) {
      if (!closed && idle.size() < MAX_IDLE) {
        c.reused = true;
        c.received = false;
        idle.addLast(c);
        return;
      }
    }
    c.close();
  }

  private Connection open() throws IOException {
    synchronized (idle) {
      if (closed) {
        throw new IOException("the connection is closed");
      }
    }
    InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
    if (resolved.isUnresolved()) {
      throw new java.net.UnknownHostException(address.getHostString());
    }
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setKeepAlive(true);
      s.connect(resolved, connectTimeoutMillis);
      s.setSoTimeout(responseTimeoutMillis);
      return new Connection(s);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Closes the idle connections; one in use is closed when its request ends. */
  @Override
  public void close() {
    Connection[] all;
    synchronized (idle) {
      closed = true;
      all = idle.toArray(new Connection[0]);
      idle.clear();
    }
    for (Connection c : all) {
      c.close();
    }
  }

  /** A response: its status, its body, and whether the connection may carry another request. */
  private record Response(int status, byte[] body, boolean keepAlive) {}

  /** A failure on a kept connection before any byte of the response: the server had closed it. */
  private static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** One TCP connection to the server and its read buffer. */
  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int lim;
    /** Whether it carried a request before the current one. */
    boolean reused;
    /** Whether a byte of the current response arrived. */
    boolean received;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to release beyond the socket
      }
    }

    /** Reads more bytes into the buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
      if (pos == lim) {
        pos = 0;
        lim = 0;
      }
      if (lim == buf.length) {
        return true;
      }
      int n = in.read(buf, lim, buf.length - lim);
      if (n < 0) {
        return false;
      }
      lim += n;
      received = true;
      return true;
    }

    /** One header line, without its CRLF (a bare LF is accepted too). */
    private String readLine() throws IOException {
      StringBuilder line = null;
      while (true) {
        for (int i = pos; i < lim; i++) {
          if (buf[i] == '\n') {
            int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
            String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
            pos = i + 1;
            if (line == null) {
              return part;
            }
            return stripCr(line.append(part));
          }
        }
        if (line == null) {
          line = new StringBuilder();
        }
        line.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
        if (line.length() > 65_536) {
          throw new IOException("malformed HTTP response: a header line longer than 64 KiB");
        }
        pos = lim;
        if (!fill()) {
          throw new EOFException("the server closed the connection without a complete response");
        }
      }
    }

    private static String stripCr(StringBuilder b) {
      int n = b.length();
      return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
    }

    private void readFully(byte[] dst, int off, int len) throws IOException {
      while (len > 0) {
        if (pos == lim && !fill()) {
          throw new EOFException("the server closed the connection in the middle of a response");
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, dst, off, n);
        pos += n;
        off += n;
        len -= n;
      }
    }

    Response readResponse() throws IOException {
      while (true) {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
          throw new IOException("malformed HTTP response: status line '" + statusLine + "'");
        }
        int status;
        try {
          status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
          throw new IOException("malformed HTTP response: status line '" + statusLine + "'");
        }
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        long length = -1;
        boolean chunked = false;
        Boolean keepHeader = null;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
          int colon = h.indexOf(':');
          if (colon <= 0) {
            continue;
          }
          String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = h.substring(colon + 1).trim();
          switch (name) {
            case "content-length" -> {
              try {
                length = Long.parseLong(value);
              } catch (NumberFormatException e) {
                throw new IOException("malformed HTTP response: Content-Length '" + value + "'");
              }
            }
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            case "connection" -> {
              String v = value.toLowerCase(Locale.ROOT);
              if (v.contains("close")) {
                keepHeader = Boolean.FALSE;
              } else if (v.contains("keep-alive")) {
                keepHeader = Boolean.TRUE;
              }
            }
            default -> { }
          }
        }
        if (status >= 100 && status < 200) {
          continue; // an interim response: the real one follows
        }
        boolean keepAlive = keepHeader != null ? keepHeader : !http10;
        byte[] body;
        if (status == 204 || status == 304) {
          body = new byte[0];
        } else if (chunked) {
          body = readChunked();
        } else if (length >= 0) {
          if (length > Integer.MAX_VALUE - 16) {
            throw new IOException("HTTP response too large: " + length + " bytes");
          }
          body = new byte[(int) length];
          readFully(body, 0, body.length);
        } else {
          body = readToEnd();
          keepAlive = false;
        }
        return new Response(status, body, keepAlive);
      }
    }

    private byte[] readChunked() throws IOException {
      byte[] out = new byte[BUFFER_BYTES];
      int n = 0;
      while (true) {
        String line = readLine();
        int semi = line.indexOf(';');
        String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
        int size;
        try {
          size = Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
          throw new IOException("malformed HTTP response: chunk size '" + line + "'");
        }
        if (size < 0) {
          throw new IOException("malformed HTTP response: chunk size '" + line + "'");
        }
        if (size == 0) {
          while (!readLine().isEmpty()) {
            // trailers: none that matter here
          }
          return Arrays.copyOf(out, n);
        }
        if (out.length - n < size) {
          out = Arrays.copyOf(out, Math.max(out.length * 2, n + size));
        }
        readFully(out, n, size);
        n += size;
        if (!readLine().isEmpty()) {
          throw new IOException("malformed HTTP response: no CRLF after a chunk");
        }
      }
    }

    private byte[] readToEnd() throws IOException {
      byte[] out = new byte[BUFFER_BYTES];
      int n = 0;
      while (true) {
        if (pos == lim && !fill()) {
          return Arrays.copyOf(out, n);
        }
        int k = lim - pos;
        if (out.length - n < k) {
          out = Arrays.copyOf(out, Math.max(out.length * 2, n + k));
        }
        System.arraycopy(buf, pos, out, n, k);
        n += k;
        pos = lim;
      }
    }
  }
}
