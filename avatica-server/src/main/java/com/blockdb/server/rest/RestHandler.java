package com.blockdb.server.rest;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Entry;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.InclusionProof;
import com.blockdb.engine.Limits;
import com.blockdb.engine.Tables;
import com.blockdb.engine.VerifyListener;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.txn.Transaction;
import com.blockdb.engine.util.Bytes;
import com.blockdb.jdbc.store.Database;
import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Principal;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of docs/API.md over the KV table (the one the CLI writes): put, get, atomic batch,
 * digest, inclusion proof, stats and verify. Each request is authenticated, checked against the
 * permission of its endpoint, timed into {@link RequestMetrics}, and answered in JSON; failures
 * get a JSON error body with a 4xx status naming the problem, and only a real bug a 500 with a
 * generic message (its details go to the log). Paths it does not serve stay unhandled for the
 * next handler.
 *
 * <p>Writes take the same road as an autocommit SQL INSERT: a transaction of the database's
 * transaction manager, so they wait for the key locks of open SQL transactions, and one engine
 * batch recorded as written by the authenticated user.
 *
 * <p>Thread-safe: Jetty calls it from many threads; at most one verification runs at a time.
 */
public final class RestHandler extends AbstractHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);

  private final Database db;
  private final Authenticator auth;
  private final RequestMetrics metrics;
  private final BodyReader bodies;
  /** A verification re-reads the whole ledger: one at a time, the rest are told to come back. */
  private final Semaphore verifying = new Semaphore(1);

  /**
   * @param db the database whose KV table the API serves
   * @param auth checks every request's credentials
   * @param registry where the request meters go
   * @param maxBodyBytes largest request body accepted (413 beyond)
   */
  public RestHandler(Database db, Authenticator auth, MeterRegistry registry, long maxBodyBytes) {
    this.db = db;
    this.auth = auth;
    this.metrics = new RequestMetrics(registry);
    this.bodies = new BodyReader(maxBodyBytes);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    // The raw path: keys are percent-decoded by KeyPath, byte for byte, not by the container.
    String path = baseRequest.getHttpURI().getPath();
    Endpoint endpoint = Endpoint.match(path);
    if (endpoint == null) {
      return;
    }
    baseRequest.setHandled(true);
    Timer.Sample sample = metrics.start();
    int status = 500;
    try {
      status = serve(endpoint, path, baseRequest, request, response);
    } catch (HttpError e) {
      status = e.status();
      sendError(response, e);
    } catch (AuthenticationException e) {
      HttpError h = ErrorMapping.of(e);
      status = h.status();
      sendError(response, h);
    } catch (BlockDbException e) {
      HttpError h = ErrorMapping.of(e);
      if (h == null) {
        LOG.error("{} {} failed: {}", request.getMethod(), endpoint.template(), e.getMessage(), e);
        h = internal();
      } else if (h.status() == 503) {
        LOG.warn("{} {}: {}", request.getMethod(), endpoint.template(), e.getMessage());
      }
      status = h.status();
      sendError(response, h);
    } catch (IOException e) {
      status = response.getStatus(); // the client went away while it was being answered
      throw e;
    } catch (RuntimeException e) {
      LOG.error("bug: {} {} failed", request.getMethod(), endpoint.template(), e);
      status = 500;
      sendError(response, internal());
    } finally {
      metrics.stop(sample, endpoint.template(), request.getMethod(), status);
    }
  }

  private static HttpError internal() {
    return new HttpError(500, "internal", "internal error; the server log has the details", false);
  }

  private static void sendError(HttpServletResponse response, HttpError e) throws IOException {
    if (response.isCommitted()) {
      return; // the answer is already on its way; the failure is in the log or the meter
    }
    response.reset();
    JsonResponses.sendError(response, e);
  }

  private int serve(Endpoint endpoint, String path, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    Principal who = auth.authenticate(request.getHeader("Authorization"));
    if (!endpoint.method().equals(request.getMethod())) {
      JsonResponses.sendMethodNotAllowed(response, request.getMethod(), endpoint.template(),
          endpoint.method());
      return 405;
    }
    auth.require(who, endpoint.permission());
    QueryParams query = QueryParams.parse(baseRequest.getHttpURI().getQuery());
    switch (endpoint) {
      case PUT:
        query.allowOnly();
        return put(who, request, response);
      case BATCH:
        query.allowOnly();
        return batch(who, request, response);
      case GET:
        query.allowOnly("encoding", "key_encoding");
        return get(key(endpoint, path, query), query, response);
      case DIGEST:
        query.allowOnly();
        return digest(response);
      case PROOF:
        query.allowOnly("key_encoding");
        return proof(key(endpoint, path, query), response);
      case STATS:
        query.allowOnly();
        JsonResponses.send(response, 200, ResponseShapes.stats(db.engine().stats()));
        return 200;
      case VERIFY:
        query.allowOnly();
        return verify(request, response);
      default:
        throw new IllegalStateException("no route for " + endpoint);
    }
  }

  /**
   * The key of a keyed path: percent-decoded bytes, or with {@code ?key_encoding=base64} the
   * base64 of the key (for keys with a NUL byte, which the container refuses in a path).
   */
  private static byte[] key(Endpoint endpoint, String path, QueryParams query) {
    byte[] key = KeyPath.decode(endpoint.rawKey(path));
    String keyEncoding = query.get("key_encoding");
    if (keyEncoding != null && !keyEncoding.equals("utf8") && !keyEncoding.equals("utf-8")) {
      if (!keyEncoding.equals("base64")) {
        throw HttpError.badRequest("query parameter \"key_encoding\" is '" + keyEncoding
            + "'; expected \"utf8\" or \"base64\"");
      }
      key = Base64Values.decode(new String(key, StandardCharsets.ISO_8859_1), "key in the path");
      if (key.length == 0) {
        throw HttpError.badRequest("the key in the path is empty; a key needs at least one byte");
      }
    }
    if (key.length > Limits.MAX_KEY_BYTES) {
      throw HttpError.badRequest("the key in the path has " + key.length + " bytes, over the limit of "
          + Limits.MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  // ---- data ----

  private int put(Principal who, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    KvPut put = RequestBodies.put(jsonBody(request, true));
    long sequence = write(who, List.of(put));
    ObjectNode body = JsonResponses.object();
    ResponseShapes.putKey(body, put.key());
    body.put("sequence", sequence);
    body.put("principal", who.user());
    response.setHeader("Location", "/api/v1/get/" + pathEncode(put.key()));
    JsonResponses.send(response, 201, body);
    return 201;
  }

  private int batch(Principal who, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    List<KvPut> puts = RequestBodies.batch(jsonBody(request, true));
    long last = write(who, puts);
    ObjectNode body = JsonResponses.object();
    body.put("count", puts.size());
    // One engine batch: its entries have contiguous sequence numbers ending at the last.
    body.put("first_sequence", last - puts.size() + 1);
    body.put("last_sequence", last);
    body.put("principal", who.user());
    JsonResponses.send(response, 201, body);
    return 201;
  }

  /** Commits {@code puts} as one transaction, all or nothing; returns the last sequence. */
  private long write(Principal who, List<KvPut> puts) {
    WriteBatch batch = new WriteBatch();
    for (KvPut p : puts) {
      batch.putOwned(Tables.KV, p.key(), p.value()); // fresh arrays from the decoder
    }
    Transaction t = db.transactions().beginWriteOnly(who.user());
    try {
      return t.commitBatch(batch);
    } finally {
      t.rollback(); // a no-op once committed; releases the locks of a failed one
    }
  }

  private int get(byte[] key, QueryParams query, HttpServletResponse response) throws IOException {
    String encoding = query.get("encoding");
    boolean base64;
    if (encoding == null || encoding.equals("utf8") || encoding.equals("utf-8")) {
      base64 = false;
    } else if (encoding.equals("base64")) {
      base64 = true;
    } else {
      throw HttpError.badRequest("query parameter \"encoding\" is '" + encoding
          + "'; expected \"utf8\" or \"base64\"");
    }
    BlockDb engine = db.engine();
    // At lastSequence(), not "everything held here": on a cluster node that is the linearizable
    // read point (a follower first catches up with what the leader committed).
    Entry e = engine.getEntry(Tables.KV, key, engine.lastSequence());
    if (e == null) {
      throw notFound(key);
    }
    JsonResponses.send(response, 200, ResponseShapes.entry(e, engine.blockHeightOf(e.sequence()), base64));
    return 200;
  }

  // ---- ledger ----

  private int digest(HttpServletResponse response) throws IOException {
    BlockDb engine = db.engine();
    // Seal first, as the CLI's digest does: a digest an auditor saves should cover every entry
    // acknowledged before it was asked for.
    Digest d = engine.stats().pendingEntries() > 0 ? engine.seal() : engine.digest();
    JsonResponses.sendRaw(response, 200, d.toJson());
    return 200;
  }

  private int proof(byte[] key, HttpServletResponse response) throws IOException {
    BlockDb engine = db.engine();
    if (engine.getEntry(Tables.KV, key, Long.MAX_VALUE) == null) {
      throw notFound(key);
    }
    InclusionProof proof = engine.prove(Tables.KV, key);
    if (proof == null) {
      throw notFound(key);
    }
    JsonResponses.sendRaw(response, 200, proof.toJson());
    return 200;
  }

  private int verify(HttpServletRequest request, HttpServletResponse response) throws IOException {
    byte[] body = jsonBody(request, false);
    Digest saved = body.length == 0 || isBlank(body) ? null : savedDigest(body);
    if (!verifying.tryAcquire()) {
      throw HttpError.unavailable("a verification is already running; retry when it has finished");
    }
    ObjectNode result;
    long started = System.nanoTime();
    try {
      VerifyResult r = db.engine().verify(saved, VerifyListener.NONE);
      result = ResponseShapes.verify(r, saved);
    } catch (BlockDbException e) {
      if (e.code() != ErrorCode.CORRUPTION) {
        throw e;
      }
      // Damage that stops the walk is still a verdict about the ledger, not a server failure.
      result = ResponseShapes.verifyFailed(e.getMessage(), (System.nanoTime() - started) / 1_000_000, saved);
    } finally {
      verifying.release();
    }
    JsonResponses.send(response, 200, result);
    return 200;
  }

  private static Digest savedDigest(byte[] body) {
    RequestBodies.object(body); // strict JSON first: its errors name line and column, and depth is bounded
    try {
      return Digest.fromJson(new String(body, StandardCharsets.UTF_8).strip());
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("invalid saved digest in the body: " + e.getMessage());
    }
  }

  // ---- helpers ----

  /**
   * The body, read under the size cap. A body must be declared {@code application/json}: besides
   * saying what it is, that makes a browser ask first (CORS preflight) before a page on another
   * site can post to the API with the user's cached credentials.
   */
  private byte[] jsonBody(HttpServletRequest request, boolean required) {
    bodies.checkDeclaredLength(request);
    String type = request.getContentType();
    boolean none = request.getContentLengthLong() == 0
        || (request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") == null);
    if (none && !required) {
      return new byte[0];
    }
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).strip().startsWith("application/json")) {
      throw new HttpError(415, "unsupported_media_type",
          "the request body must be JSON sent with Content-Type: application/json"
              + (type == null ? "" : " (it was '" + type + "')"), false);
    }
    return bodies.read(request);
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static HttpError notFound(byte[] key) {
    return HttpError.notFound("key '" + Bytes.printable(key) + "' not found");
  }

  /**
   * The key as the end of a path: UTF-8 text percent-encoded, other bytes as %XX; a key holding a
   * NUL byte (which the container refuses in a path) as URL-safe base64 with
   * {@code ?key_encoding=base64}.
   */
  static String pathEncode(byte[] key) {
    for (byte x : key) {
      if (x == 0) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "?key_encoding=base64";
      }
    }
    if (isUtf8(key)) {
      return URLEncoder.encode(new String(key, StandardCharsets.UTF_8), StandardCharsets.UTF_8)
          .replace("+", "%20");
    }
    StringBuilder b = new StringBuilder(key.length * 3);
    for (byte x : key) {
      b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
          .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
    }
    return b.toString();
  }

  private static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
