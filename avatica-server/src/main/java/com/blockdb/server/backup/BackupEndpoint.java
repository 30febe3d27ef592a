package com.blockdb.server.backup;

import com.blockdb.engine.BackupResult;
import com.blockdb.engine.BackupSink;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.backup.BackupArchive;
import com.blockdb.engine.util.Bytes;
import com.blockdb.jdbc.store.Database;
import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Permission;
import com.blockdb.server.auth.Principal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint {@code POST /api/v1/backup}: takes an online backup of the database while
 * writes go on and streams it to the client as a ZIP archive (docs/API.md, "Backup"), which
 * {@code blockdb-cli backup --server} unpacks and {@code blockdb-cli restore} restores. Nothing is
 * written on the server, so it suits containers with no spare volume. Requires
 * {@link Permission#BACKUP}; every other path is left to the next handler.
 *
 * <p>Threading: Jetty calls {@link #handle} from its pool. One backup runs at a time (a second
 * request meanwhile gets 409): a backup holds log segments and SSTables until it ends, and two at
 * once would only compete for the disk.
 */
public final class BackupEndpoint extends AbstractHandler {

  /** The endpoint's path. */
  public static final String PATH = "/api/v1/backup";
  /** The request body, if any, must be an empty JSON object; anything longer is refused. */
  static final int MAX_BODY_BYTES = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(BackupEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Database db;
  private final Authenticator auth;
  private final UnaryOperator<BackupSink> decorate;
  private final AtomicBoolean running = new AtomicBoolean();

  public BackupEndpoint(Database db, Authenticator auth) {
    this(db, auth, UnaryOperator.identity());
  }

  /** For tests: {@code decorate} wraps the archive sink of every backup. */
  BackupEndpoint(Database db, Authenticator auth, UnaryOperator<BackupSink> decorate) {
    this.db = db;
    this.auth = auth;
    this.decorate = decorate;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!PATH.equals(target)) {
      return;
    }
    baseRequest.setHandled(true);
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      error(response, 405, request.getMethod() + " is not allowed on " + PATH + ": use POST to take a backup");
      return;
    }
    Principal who;
    try {
      who = auth.authenticate(request.getHeader("Authorization"));
      auth.require(who, Permission.BACKUP);
    } catch (AuthenticationException e) {
      if (e.status() == 401) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"BlockDB\"");
      }
      error(response, e.status() == 403 ? 403 : 401, e.getMessage());
      return;
    }
    String refused = checkBody(request);
    if (refused != null) {
      error(response, refused.startsWith("the request body is larger") ? 413 : 400, refused);
      return;
    }
    if (!running.compareAndSet(false, true)) {
      error(response, 409, "a backup is already running; try again when it has finished");
      return;
    }
    try {
      stream(who, baseRequest, response);
    } finally {
      running.set(false);
    }
  }

  /** Null if the body is empty or {@code {}}; else why it is refused. */
  private static String checkBody(HttpServletRequest request) throws IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      return "the request body is larger than " + MAX_BODY_BYTES + " bytes; " + PATH + " takes no parameters";
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return "malformed JSON in the request body: " + e.getOriginalMessage();
    }
    if (node == null || !node.isObject()) {
      return "the request body must be empty or a JSON object";
    }
    if (node.size() > 0) {
      return "unknown field \"" + node.fieldNames().next() + "\": " + PATH + " takes no parameters (the backup is"
          + " streamed in the response; no server-side directory can be named)";
    }
    return null;
  }

  private void stream(Principal who, Request baseRequest, HttpServletResponse response) throws IOException {
    OutputStream out = response.getOutputStream();
    BackupSink archive = BackupArchive.writer(out, Deflater.BEST_SPEED);
    BackupSink sink = decorate.apply(new BackupSink() {
      @Override
      public void begin(Digest digest, long lastSequence) throws IOException {
        // The backup point is fixed: announce it before the first byte commits the response.
        response.setStatus(200);
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"blockdb-backup-"
            + FILE_TIME.format(Instant.now()) + ".zip\"");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-BlockDB-Block-Count", Long.toString(digest.blockCount()));
        response.setHeader("X-BlockDB-Digest-Root", Bytes.hex(digest.root()));
        response.setHeader("X-BlockDB-Last-Sequence", Long.toString(lastSequence));
        archive.begin(digest, lastSequence);
      }

      @Override
      public OutputStream file(String name, long size) throws IOException {
        return archive.file(name, size);
      }

      @Override
      public void finish() throws IOException {
        archive.finish();
      }
    });
    BackupResult r;
    try {
      r = db.engine().backup(sink);
    } catch (BlockDbException e) {
      if (!response.isCommitted()) {
        response.reset();
        boolean unavailable = e.code() == ErrorCode.READ_ONLY || e.code() == ErrorCode.CLOSED;
        LOG.warn("backup for user '{}' failed before streaming: {}", who.user(), e.getMessage());
        // INVALID_ARGUMENT: this database cannot be backed up online (a cluster node's).
        int status = unavailable ? 503 : e.code() == ErrorCode.INVALID_ARGUMENT ? 400 : 500;
        error(response, status, "the backup failed: " + e.getMessage());
        return;
      }
      // The archive is half sent: cut the connection so the client cannot take what it got for a
      // whole backup (it has no descriptor, which comes last, and the chunked stream has no end).
      LOG.warn("backup for user '{}' failed while streaming: {}", who.user(), e.getMessage());
      baseRequest.getHttpChannel().abort(e);
      return;
    }
    LOG.info("backup for user '{}': {} files, {} bytes, entries up to sequence {}, digest {}", who.user(),
        r.files(), r.bytes(), r.lastSequence(), r.digest().toJson());
  }

  /** A JSON error body, {@code {"error": message, "status": status}}. */
  static void error(HttpServletResponse response, int status, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", message);
    body.put("status", status);
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json;charset=utf-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
