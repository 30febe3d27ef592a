package com.blockdb.server.rest;

/**
 * A request that cannot be served, with the HTTP status and the message the client gets in the
 * JSON error body. Thrown anywhere below the handler and turned into a response in one place.
 */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final boolean retryable;

  /**
   * @param status the HTTP status
   * @param code a stable machine-readable name of the problem ({@code duplicate_key}, ...)
   * @param message what is wrong, naming the field, key or limit; never a stack trace
   * @param retryable whether the same request may succeed later (a lock conflict, a key in doubt)
   */
  public HttpError(int status, String code, String message, boolean retryable) {
    super(message, null, false, false); // no stack trace: this is an answer, not a bug
    this.status = status;
    this.code = code;
    this.retryable = retryable;
  }

  /** 400: the request is malformed or breaks a documented limit. */
  public static HttpError badRequest(String message) {
    return new HttpError(400, "bad_request", message, false);
  }

  /** 404: the key (or path) does not exist. */
  public static HttpError notFound(String message) {
    return new HttpError(404, "not_found", message, false);
  }

  /** 413: the body is larger than the configured limit. */
  public static HttpError tooLarge(long limit) {
    return new HttpError(413, "payload_too_large",
        "the request body exceeds the limit of " + limit + " bytes", false);
  }

  /** 503: the server cannot serve this now; the same request may work later. */
  public static HttpError unavailable(String message) {
    return new HttpError(503, "unavailable", message, true);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
