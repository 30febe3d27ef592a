package com.blockdb.server;

import com.blockdb.jdbc.driver.SqlErrors;
import com.blockdb.jdbc.error.VendorCodes;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.remote.ProtobufMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one error mapping in front of every Meta call: whatever a call throws reaches the client as
 * a {@link RemoteError} with the SQLState, vendor code and message the embedded driver gives
 * (Avatica itself would send "00000" and the server's stack traces). Avatica's own checked
 * exceptions (a statement unknown or without results) pass unchanged: its client acts on them.
 * A proxy, not a hand-written delegate of Meta's forty methods, so that no method is missed.
 */
final class MetaErrors implements InvocationHandler {
  private static final Logger LOG = LoggerFactory.getLogger(MetaErrors.class);
  /** Set when the current thread's request turned out malformed (a field missing). */
  private static final ThreadLocal<Boolean> MALFORMED = new ThreadLocal<>();

  private final ProtobufMeta target;

  private MetaErrors(ProtobufMeta target) {
    this.target = target;
  }

  static ProtobufMeta wrap(ProtobufMeta meta) {
    return (ProtobufMeta) Proxy.newProxyInstance(MetaErrors.class.getClassLoader(),
        new Class<?>[] {ProtobufMeta.class}, new MetaErrors(meta));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      for (Class<?> declared : method.getExceptionTypes()) {
        if (declared.isInstance(t) && !(t instanceof RuntimeException)) {
          throw t;
        }
      }
      throw toRemote(t, method.getName());
    }
  }

  /** The error a client gets for {@code t}, thrown by Meta method {@code call}. */
  static AvaticaRuntimeException toRemote(Throwable t, String call) {
    if (t instanceof RemoteError r) {
      return r;
    }
    if (t instanceof NullPointerException) {
      // Avatica's Meta code dereferences the request's fields (a connection id, a statement
      // handle): a request without them is malformed input, not a server failure.
      MALFORMED.set(Boolean.TRUE);
      return new RemoteError("malformed request: " + (t.getMessage() == null ? "a required field is missing"
          : t.getMessage()), VendorCodes.INVALID_ARGUMENT, "08P01");
    }
    if (t instanceof NoSuchConnectionException) {
      return new RemoteError("the server no longer knows this connection: it was closed, idle longer than the"
          + " server's connection_expiry, or the server restarted; open a new connection", 7, "08003");
    }
    SQLException sql = stated(t);
    if (sql == null) {
      sql = SqlErrors.map(t);
    }
    String state = sql.getSQLState() == null ? "XX000" : sql.getSQLState();
    if (state.startsWith("XX")) {
      LOG.warn("JDBC request {} failed: {}", call, sql.getMessage(), t);
    } else {
      LOG.debug("JDBC request {} failed: {} ({})", call, sql.getMessage(), state);
    }
    return new RemoteError(sql.getMessage(), sql.getErrorCode(), state);
  }

  /** Forgets whether the current thread's previous request was malformed (before each request). */
  static void clearMalformed() {
    MALFORMED.remove();
  }

  /** Whether the current thread's request was malformed (answered with HTTP 400, not an SQL error). */
  static boolean malformed() {
    return Boolean.TRUE.equals(MALFORMED.get());
  }

  /** The first SQLException with a SQLState in {@code t}'s causes (JdbcMeta wraps them). */
  private static SQLException stated(Throwable t) {
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t instanceof SQLException e && e.getSQLState() != null) {
        return e;
      }
    }
    return null;
  }
}
