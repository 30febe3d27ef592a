package com.blockdb.jdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The remote driver's HTTP transport against a scripted HTTP server on loopback: requests as a
 * server reads them, responses with a length, chunked or ended by closing, kept connections reused,
 * a kept connection that the server closed while idle replaced without failing the request, and
 * statuses other than 200/500 reported with the status in the message.
 */
@Timeout(30)
class KeepAliveHttpClientTest {
  /** One request as the server read it. */
  record Seen(String head, byte[] body, int connection) {}

  /** A server that answers each request with what {@code answer} writes, then may close. */
  static final class Scripted implements AutoCloseable {
    final ServerSocket listener;
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger connections = new AtomicInteger();
    final BlockingQueue<Socket> open = new LinkedBlockingQueue<>();
    final Thread acceptor;

    /** @param answer the raw response for a request, and whether to close the connection after it */
    Scripted(Function<Seen, Object[]> answer) throws IOException {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        while (!listener.isClosed()) {
          try {
            Socket s = listener.accept();
            open.add(s);
            int id = connections.incrementAndGet();
            Thread t = new Thread(() -> serve(s, id, answer));
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void serve(Socket s, int id, Function<Seen, Object[]> answer) {
      try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
        while (true) {
          String head = readHead(in);
          if (head == null) {
            return;
          }
          int length = 0;
          for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).trim());
            }
          }
          byte[] body = in.readNBytes(length);
          Seen r = new Seen(head, body, id);
          seen.add(r);
          Object[] a = answer.apply(r);
          out.write((byte[]) a[0]);
          out.flush();
          if ((Boolean) a[1]) {
            return;
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        b.write(c);
        byte[] a = b.toByteArray();
        int n = a.length;
        if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
          return new String(a, StandardCharsets.ISO_8859_1);
        }
      }
      return null;
    }

    URL url() throws IOException {
      return new URL("http://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    /** Closes every connection the server has open, as an idle timeout would. */
    void dropConnections() throws IOException {
      for (Socket s; (s = open.poll()) != null; ) {
        s.close();
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      dropConnections();
    }
  }

  private static Object[] ok(String body, boolean close) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + b.length + "\r\n"
        + (close ? "Connection: close\r\n" : "") + "\r\n";
    return new Object[] {concat(head.getBytes(StandardCharsets.ISO_8859_1), b), close};
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private Scripted server;
  private KeepAliveHttpClient client;

  @AfterEach
  void tearDown() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void postsTheBodyWithCredentialsAndReusesTheConnection() throws IOException {
    server = new Scripted(r -> ok("echo:" + text(r.body()), false));
    client = new KeepAliveHttpClient(server.url(), "alice:s3cret", 5000, 5000);
    for (int i = 0; i < 5; i++) {
      assertThat(text(client.send(("request " + i).getBytes(StandardCharsets.UTF_8)))).isEqualTo("echo:request " + i);
    }
    assertThat(server.connections.get()).isEqualTo(1);
    Seen first = server.seen.get(0);
    assertThat(first.head()).startsWith("POST / HTTP/1.1\r\n")
        .contains("Host: 127.0.0.1:" + server.listener.getLocalPort() + "\r\n")
        .contains("Authorization: Basic YWxpY2U6czNjcmV0\r\n") // base64("alice:s3cret")
        .contains("Content-Length: 9\r\n");
  }

  @Test
  void readsChunkedAndConnectionEndedResponses() throws IOException {
    AtomicInteger n = new AtomicInteger();
    server = new Scripted(r -> {
      if (n.getAndIncrement() == 0) {
        String chunked = "HTTP/1.1 500 Server Error\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n";
        return new Object[] {chunked.getBytes(StandardCharsets.ISO_8859_1), false};
      }
      return new Object[] {"HTTP/1.0 200 OK\r\n\r\nuntil the end".getBytes(StandardCharsets.ISO_8859_1), true};
    });
    client = new KeepAliveHttpClient(server.url(), null, 5000, 5000);
    assertThat(text(client.send(new byte[] {1}))).isEqualTo("hello, world"); // 500: an Avatica error response
    assertThat(text(client.send(new byte[] {2}))).isEqualTo("until the end");
    assertThat(server.seen.get(0).head()).doesNotContain("Authorization");
  }

  @Test
  void aConnectionTheServerClosedWhileIdleIsReplacedWithoutFailingTheRequest() throws IOException {
    server = new Scripted(r -> ok("fine " + text(r.body()), false));
    client = new KeepAliveHttpClient(server.url(), null, 5000, 5000);
    assertThat(text(client.send("a".getBytes(StandardCharsets.UTF_8)))).isEqualTo("fine a");
    server.dropConnections();
    assertThat(text(client.send("b".getBytes(StandardCharsets.UTF_8)))).isEqualTo("fine b");
    assertThat(server.connections.get()).isEqualTo(2);
    assertThat(server.seen).extracting(s -> text(s.body())).containsExactly("a", "b");
  }

  @Test
  void aServerThatClosesAfterEachResponseGetsANewConnectionEachTime() throws IOException {
    server = new Scripted(r -> ok("once", true));
    client = new KeepAliveHttpClient(server.url(), null, 5000, 5000);
    for (int i = 0; i < 3; i++) {
      assertThat(text(client.send(new byte[] {(byte) i}))).isEqualTo("once");
    }
    assertThat(server.connections.get()).isEqualTo(3);
  }

  @Test
  void otherStatusesFailWithTheStatusInTheMessage() throws IOException {
    server = new Scripted(r -> new Object[] {("HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\n{}")
        .getBytes(StandardCharsets.ISO_8859_1), false});
    client = new KeepAliveHttpClient(server.url(), "bob:wrong", 5000, 5000);
    assertThatThrownBy(() -> client.send(new byte[] {1})).hasMessageContaining("got HTTP/401");
    // the connection stays usable: the response was read whole
    assertThatThrownBy(() -> client.send(new byte[] {2})).hasMessageContaining("got HTTP/401");
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void noServerFailsWithConnectException() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    client = new KeepAliveHttpClient(new URL("http://127.0.0.1:" + port + "/"), null, 2000, 2000);
    assertThatThrownBy(() -> client.send(new byte[] {1})).hasRootCauseInstanceOf(ConnectException.class);
  }
}
