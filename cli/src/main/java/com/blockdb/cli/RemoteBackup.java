package com.blockdb.cli;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.backup.BackupArchive;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Asks a server's {@code POST /api/v1/backup} for a backup and unpacks the archive it streams
 * (docs/API.md, "Backup") into a directory, checking every file against the archive's descriptor.
 */
final class RemoteBackup {
  static final String PATH = "/api/v1/backup";

  private final URI uri;
  private final String authorization;

  RemoteBackup(String server, String user, char[] password) {
    this.uri = endpoint(server);
    if (user == null && password != null) {
      throw CliException.usage("--password needs --user (or BLOCKDB_USER)");
    }
    this.authorization = user == null ? null : basic(user, password == null ? new char[0] : password);
  }

  /** {@code server} plus the endpoint's path; only http and https URLs with a host are taken. */
  static URI endpoint(String server) {
    URI base;
    try {
      base = new URI(server.strip());
    } catch (URISyntaxException e) {
      throw CliException.usage("invalid server URL '" + server + "': " + e.getReason());
    }
    String scheme = base.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || base.getHost() == null) {
      throw CliException.usage("invalid server URL '" + server + "': expected http://HOST:PORT or https://HOST:PORT");
    }
    String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
    return URI.create(scheme + "://" + base.getRawAuthority() + path + PATH);
  }

  private static String basic(String user, char[] password) {
    CharBuffer chars = CharBuffer.allocate(user.length() + 1 + password.length);
    chars.put(user).put(':').put(password).flip();
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(chars);
    byte[] raw = Arrays.copyOf(bytes.array(), bytes.limit());
    Arrays.fill(bytes.array(), (byte) 0);
    String header = "Basic " + Base64.getEncoder().encodeToString(raw);
    Arrays.fill(raw, (byte) 0);
    return header;
  }

  /** Fetches the backup into {@code dir} (new or empty); returns its descriptor. */
  BackupDescriptor fetch(Path dir) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
        .header("Accept", "application/zip");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new CliException(ExitCodes.SERVER_ERROR, "cannot reach the server at " + uri + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.SERVER_ERROR, "interrupted while waiting for the server at " + uri, e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new CliException(ExitCodes.SERVER_ERROR, "the server refused the backup (HTTP "
            + response.statusCode() + "): " + errorMessage(body));
      }
      return BackupArchive.unpack(new TransferStream(body), FileLayer.real(), dir, true);
    } catch (BlockDbException e) {
      if (e.code() == ErrorCode.CORRUPTION) {
        throw new CliException(ExitCodes.SERVER_ERROR, "the backup streamed by " + uri + " was not received whole: "
            + e.getMessage() + "; nothing was kept in " + dir, e);
      }
      throw e;
    } catch (TransferException e) {
      throw new CliException(ExitCodes.SERVER_ERROR, "the backup from " + uri + " broke off while it was received: "
          + e.getCause().getMessage() + "; nothing was kept in " + dir, e);
    } catch (IOException e) {
      throw new CliException(ExitCodes.STORAGE_ERROR, "writing the backup into " + dir + " failed: " + e.getMessage()
          + "; nothing was kept there", e);
    }
  }

  /** A failure to read the server's response, told apart from a failure to write the files. */
  private static final class TransferException extends IOException {
    private static final long serialVersionUID = 1L;

    TransferException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The response body, whose read errors become {@link TransferException}s. */
  private static final class TransferStream extends java.io.FilterInputStream {
    TransferStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new TransferException(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new TransferException(e);
      }
    }
  }

  /** The "error" of the server's JSON error body, or the start of whatever it sent. */
  private static String errorMessage(InputStream body) throws IOException {
    String text = new String(body.readNBytes(16 * 1024), StandardCharsets.UTF_8).strip();
    try {
      if (Json.parse(text) instanceof Map<?, ?> m && m.get("error") instanceof String s) {
        return s;
      }
    } catch (IllegalArgumentException notJson) {
      // Not our server's JSON (a proxy's page, say): show its beginning.
    }
    return text.isEmpty() ? "no message" : text.substring(0, Math.min(200, text.length()));
  }
}
