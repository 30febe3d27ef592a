package com.blockdb.server.rest;

import com.blockdb.engine.BlockDbException;
import com.blockdb.server.auth.AuthenticationException;

/**
 * The one place that maps engine error codes and authentication failures to HTTP statuses, as
 * {@code SqlErrors} does for SQLStates. Conflicts that go away on their own (a lock wait that
 * timed out or lost a deadlock, a key reserved by a prepared transaction not yet decided) are
 * 409 with {@code retryable: true}: the conflict is with the state of that key, not with the
 * server, so a 503 would make load balancers and alerts blame a healthy node. A cluster node
 * without a quorum answers 503 {@code no_quorum} (nothing written, retryable); a write whose outcome
 * a failover made unknown, 504 {@code outcome_unknown} (read the keys before retrying).
 */
public final class ErrorMapping {
  private ErrorMapping() {}

  /** The HTTP error for an engine failure, or null when it is not the client's doing (a bug or damage). */
  public static HttpError of(BlockDbException e) {
    switch (e.code()) {
      case DUPLICATE_KEY:
        return new HttpError(409, "duplicate_key", e.getMessage(), false);
      case KEY_IN_DOUBT:
        return new HttpError(409, "key_in_doubt", e.getMessage()
            + "; retry once the prepared transaction is decided", true);
      case TRANSACTION_ABORTED:
        return new HttpError(409, "transaction_aborted", e.getMessage() + "; nothing was written, retry",
            true);
      case NOT_FOUND:
        return HttpError.notFound(e.getMessage());
      case INVALID_ARGUMENT:
        return HttpError.badRequest(e.getMessage());
      case READ_ONLY:
        return HttpError.unavailable("the database refuses writes until it is reopened: " + e.getMessage());
      case CLOSED:
        return HttpError.unavailable("the database is closed");
      case NO_QUORUM:
        // Nothing was written: retry, here once a quorum forms or on a node that has one.
        return new HttpError(503, "no_quorum", e.getMessage(), true);
      case OUTCOME_UNKNOWN:
        // Not 503: a client that retries a 503 blindly would not know whether the first attempt
        // committed. 504: the node's upstream (the leader) did not answer in time.
        return new HttpError(504, "outcome_unknown", "the outcome of the write is unknown: " + e.getMessage(), false);
      case IO_ERROR:
        return HttpError.unavailable("storage error: " + e.getMessage());
      default:
        // CORRUPTION, UNSUPPORTED_FORMAT, DIRECTORY_IN_USE: the server's problem, logged as such.
        return null;
    }
  }

  /** 401 or 403, as the authenticator decided. */
  public static HttpError of(AuthenticationException e) {
    int status = e.status() == 403 ? 403 : 401;
    return new HttpError(status, status == 403 ? "forbidden" : "unauthorized", e.getMessage(), false);
  }
}
