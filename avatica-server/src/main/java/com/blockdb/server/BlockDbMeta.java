package com.blockdb.server;

import com.blockdb.jdbc.ServerSupport;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.server.auth.Permission;
import com.blockdb.server.auth.Principal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.jdbc.StatementInfo;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.remote.TypedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of remote JDBC: Avatica's {@link JdbcMeta} over the embedded
 * {@code jdbc:blockdb:<dir>} driver, one BlockDB connection per client connection, with what a
 * multi-user server needs on top:
 *
 * <ul>
 *   <li>each connection is opened for the request's authenticated principal
 *       ({@link RequestPrincipal}), whose name its writes record in {@code LEDGER_PRINCIPAL};
 *       client properties never choose the user and are whitelisted ({@link ClientProperties});
 *   <li>users whose role may not write (readers, auditors) get connections locked read-only;
 *   <li>a request may only touch its own user's connections and their statements;
 *   <li>at most {@code max_connections} connections are open at once (53300 beyond);
 *   <li>every statement's query timeout is the server's {@code request_timeout} (or the client's
 *       own, when lower), restarted for each fetch request;
 *   <li>commit, rollback and autocommit go to BlockDB's connection, which drives BlockDB's
 *       transaction manager; closing (or expiring) a connection rolls its transaction back.
 * </ul>
 *
 * <p>A client that announces {@value #CLIENT_SIGNATURES} when it opens its connection (BlockDB's
 * remote driver does) keeps the signature (columns and parameters) it got when it prepared a
 * statement: its executes need not send it, and their results come back without it, so a point
 * SELECT encodes and decodes a few hundred bytes less each way. Other Avatica clients send and get
 * it every time, as Avatica's protocol has it.
 *
 * <p>Idle connections and statements expire after {@code connection_expiry}. Avatica's caches
 * would also evict by size (per cache segment, so long before their nominal capacity); that is
 * turned off here, since {@code max_connections} bounds the connections.
 *
 * <p>Thread-safety: Jetty calls it from many threads at once; JdbcMeta's caches are concurrent and
 * each BlockDB connection serializes its own statements.
 */
final class BlockDbMeta extends JdbcMeta {
  private static final Logger LOG = LoggerFactory.getLogger(BlockDbMeta.class);
  /**
   * The connection property with which a client says it fills in the signatures of its prepared
   * statements' results itself (value "true"); the server then leaves them out of execute responses.
   */
  static final String CLIENT_SIGNATURES = "blockdb_client_signatures";

  private final String url;
  private final int maxConnections;
  private final int requestTimeoutSeconds;
  private final AtomicInteger opening = new AtomicInteger();
  /** The statement ids each connection created, closed with it. */
  private final Map<String, Set<Integer>> statements = new ConcurrentHashMap<>();
  /** The connection of each statement id, to check a statement belongs to the caller. */
  private final Map<Integer, String> owners = new ConcurrentHashMap<>();
  /** Each prepared statement's signature from prepare, for executes whose client leaves it out. */
  private final Map<Integer, Signature> signatures = new ConcurrentHashMap<>();
  /** Connections whose client fills in result signatures itself ({@link #CLIENT_SIGNATURES}). */
  private final Set<String> clientSignatures = ConcurrentHashMap.newKeySet();
  /** The credentials each connection was opened with, so that its client may release it after a revoke. */
  private final ConnectionOpeners openers = new ConnectionOpeners();

  /**
   * @param dataDir the data directory the server opened (connections share its engine)
   * @param expirySeconds how long idle connections and statements live
   */
  BlockDbMeta(String dataDir, int maxConnections, int requestTimeoutSeconds, long expirySeconds)
      throws SQLException {
    this("jdbc:blockdb:" + dataDir, cacheSettings(expirySeconds), maxConnections, requestTimeoutSeconds);
  }

  private BlockDbMeta(String url, Properties cacheSettings, int maxConnections, int requestTimeoutSeconds)
      throws SQLException {
    super(url, cacheSettings);
    this.url = url;
    this.maxConnections = maxConnections;
    this.requestTimeoutSeconds = requestTimeoutSeconds;
  }

  private static Properties cacheSettings(long expirySeconds) {
    Properties p = new Properties();
    String unlimited = Long.toString(Long.MAX_VALUE);
    p.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(), Long.toString(expirySeconds));
    p.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), TimeUnit.SECONDS.name());
    p.setProperty(ConnectionCacheSettings.MAX_CAPACITY.key(), unlimited);
    // A statement lives as long as its connection may: a pooled connection keeps its prepared
    // statements across idle periods the connection survives.
    p.setProperty(StatementCacheSettings.EXPIRY_DURATION.key(), Long.toString(expirySeconds));
    p.setProperty(StatementCacheSettings.EXPIRY_UNIT.key(), TimeUnit.SECONDS.name());
    p.setProperty(StatementCacheSettings.MAX_CAPACITY.key(), unlimited);
    return p;
  }

  /** JDBC connections open now (after dropping expired ones). */
  int openConnections() {
    getConnectionCache().cleanUp();
    return (int) getConnectionCache().size();
  }

  /**
   * Registers the gauge {@code blockdb.jdbc.connections} ({@code blockdb_jdbc_connections} in
   * Prometheus): the JDBC connections open now, each holding a BlockDB connection (and any open
   * transaction's locks) until its client closes it or it expires. It returns to 0 when every
   * client has closed; a count that only grows means clients that never close.
   */
  void bindTo(MeterRegistry registry) {
    Gauge.builder("blockdb.jdbc.connections", this, BlockDbMeta::openConnections)
        .description("remote JDBC connections open on the server now").register(registry);
  }

  /** Closes the connections and statements idle longer than the expiry (rolling back transactions). */
  void expireIdle() {
    getStatementCache().cleanUp();
    getConnectionCache().cleanUp();
    pruneStatementIndex();
  }

  /** Closes every connection (rolling back open transactions): the server is stopping. */
  void closeAll() {
    getStatementCache().invalidateAll();
    getConnectionCache().invalidateAll(); // the cache's removal listener closes each connection
    getStatementCache().cleanUp();
    getConnectionCache().cleanUp();
    statements.clear();
    owners.clear();
    signatures.clear();
    clientSignatures.clear();
  }

  private static Principal principal() throws SQLException {
    Principal p = RequestPrincipal.current();
    if (p == null) {
      // Fail closed: every request must come through the authenticating endpoint.
      throw new SQLException("no authenticated user for this request", "28000", VendorCodes.CONNECTION_REFUSED);
    }
    return p;
  }

  // ---- connections ----

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    try {
      principal();
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
    int n = opening.incrementAndGet();
    try {
      if (openConnections() + n > maxConnections) {
        throw new RuntimeException(new SQLException("too many connections: the server allows max_connections = "
            + maxConnections + " open at once; close idle ones or raise [server] max_connections", "53300",
            VendorCodes.CONNECTION_REFUSED));
      }
      Map<String, String> asked = info == null ? new java.util.HashMap<>() : new java.util.HashMap<>(info);
      boolean fillsSignatures = "true".equalsIgnoreCase(asked.remove(CLIENT_SIGNATURES));
      Set<String> dropped = new TreeSet<>();
      Properties props = ClientProperties.filter(asked, requestTimeoutSeconds, dropped);
      if (!dropped.isEmpty()) {
        LOG.debug("connection {}: ignored client properties {} (allowed: {})", ch.id, dropped,
            ClientProperties.allowedNames());
      }
      pruneStatementIndex();
      super.openConnection(ch, toMap(props));
      statements.put(ch.id, ConcurrentHashMap.newKeySet());
      openers.opened(ch.id, RequestPrincipal.authorization());
      if (fillsSignatures) {
        clientSignatures.add(ch.id);
      }
    } finally {
      opening.decrementAndGet();
    }
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String k : p.stringPropertyNames()) {
      m.put(k, p.getProperty(k));
    }
    return m;
  }

  /** Opened by JdbcMeta.openConnection: BlockDB's connection for the request's user. */
  @Override
  protected Connection createConnection(String url, Properties info) throws SQLException {
    Principal who = principal();
    Connection c = ServerSupport.connectAs(this.url, info, who.user());
    try {
      if (!who.can(Permission.WRITE)) {
        ServerSupport.lockReadOnly(c);
      }
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * The connection {@code id}, if it belongs to the request's user. A user whose role lost the
   * right to write since the connection opened finds it read-only now.
   */
  @Override
  protected Connection getConnection(String id) throws SQLException {
    Principal who = principal();
    Connection c = super.getConnection(id);
    if (!ServerSupport.userOf(c).equals(who.user())) {
      LOG.warn("user '{}' sent a request for connection {} of another user", who.user(), id);
      throw new SQLException("connection " + id + " belongs to another user", "42501", VendorCodes.CONNECTION_REFUSED);
    }
    if (!who.can(Permission.WRITE) && !ServerSupport.readOnlyLocked(c)) {
      ServerSupport.lockReadOnly(c);
    }
    return c;
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties props) {
    try {
      Connection c = getConnection(ch.id);
      if (ServerSupport.readOnlyLocked(c) && Boolean.FALSE.equals(props.isReadOnly())) {
        // A reader's connection stays read-only; failing here instead would leave the setting
        // pending in the client, to fail every later request.
        props.setReadOnly(true);
      }
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
    return super.connectionSync(ch, props);
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    if (getConnectionCache().getIfPresent(ch.id) == null) {
      forget(ch.id);
      return; // already closed or expired: nothing to do, as JdbcMeta
    }
    try {
      getConnection(ch.id);
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
    forget(ch.id);
    super.closeConnection(ch);
  }

  /**
   * The user of connection {@code id} if {@code authorization} is the very header it was opened
   * with, else null. Such a request may release the connection (close it or its statements) even
   * when its user was since revoked or disabled: {@link AvaticaEndpoint} lets nothing else through.
   */
  String releasableBy(String id, String authorization) {
    Connection c = id == null ? null : getConnectionCache().getIfPresent(id);
    if (c == null || !openers.openedWith(id, authorization)) {
      return null;
    }
    try {
      return ServerSupport.userOf(c);
    } catch (SQLException e) {
      return null;
    }
  }

  /** Drops connection {@code id}'s statements (closing them) from the caches and the index. */
  private void forget(String id) {
    clientSignatures.remove(id);
    openers.forget(id);
    Set<Integer> ids = statements.remove(id);
    if (ids != null) {
      owners.keySet().removeAll(ids);
      signatures.keySet().removeAll(ids);
      getStatementCache().invalidateAll(ids); // closes them (the cache's removal listener)
    }
  }

  /** Forgets the statements of connections that expired (the statements expire with them). */
  private void pruneStatementIndex() {
    if (statements.size() > openConnections()) {
      for (String id : List.copyOf(statements.keySet())) {
        if (getConnectionCache().getIfPresent(id) == null) {
          forget(id);
        }
      }
    }
  }

  // ---- statements: created for their connection, used only by its user ----

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    StatementHandle h = super.createStatement(ch);
    remember(h);
    return h;
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    StatementHandle h = super.prepare(ch, sql, maxRowCount);
    remember(h);
    if (h.signature != null) {
      signatures.put(h.id, h.signature);
    }
    return h;
  }

  private void remember(StatementHandle h) {
    Set<Integer> ids = statements.get(h.connectionId);
    if (ids != null) {
      ids.add(h.id);
      owners.put(h.id, h.connectionId);
    }
  }

  /**
   * Refuses a request for a statement that is not one of the caller's connection's. JdbcMeta looks
   * the statement up itself; {@link #fetch}, which needs it first, uses {@link #checkedStatement}.
   */
  private void checkStatement(StatementHandle h) {
    try {
      getConnection(h.connectionId);
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
    if (!h.connectionId.equals(owners.get(h.id))) {
      throw new RuntimeException(new SQLException("statement " + h.id + " is not a statement of connection "
          + h.connectionId, "42501", VendorCodes.CONNECTION_REFUSED));
    }
  }

  /** {@link #checkStatement}, then the statement (null if it is gone). */
  private StatementInfo checkedStatement(StatementHandle h) {
    checkStatement(h);
    return getStatementCache().getIfPresent(h.id);
  }

  @SuppressWarnings("deprecation")
  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      PrepareCallback callback) throws NoSuchStatementException {
    checkStatement(h);
    return super.prepareAndExecute(h, sql, maxRowCount, callback);
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      int maxRowsInFirstFrame, PrepareCallback callback) throws NoSuchStatementException {
    checkStatement(h);
    return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
  }

  @SuppressWarnings("deprecation")
  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, long maxRowCount)
      throws NoSuchStatementException {
    checkStatement(h);
    return super.execute(h, parameterValues, maxRowCount);
  }

  /**
   * Executes a prepared statement. A client that keeps its signatures may send the statement
   * without one, which JdbcMeta needs: the one remembered at prepare time stands in.
   */
  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    checkStatement(h);
    if (h.signature == null) {
      h.signature = signatures.get(h.id);
    }
    return super.execute(h, parameterValues, maxRowsInFirstFrame);
  }

  /** Whether connection {@code connectionId}'s client fills in its results' signatures ({@link #CLIENT_SIGNATURES}). */
  boolean clientKeepsSignatures(String connectionId) {
    return connectionId != null && clientSignatures.contains(connectionId);
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    checkStatement(h);
    return super.prepareAndExecuteBatch(h, sqlCommands);
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> updateBatches)
      throws NoSuchStatementException {
    checkStatement(h);
    return super.executeBatch(h, updateBatches);
  }

  @Override
  public ExecuteBatchResult executeBatchProtobuf(StatementHandle h, List<Requests.UpdateBatch> updateBatches)
      throws NoSuchStatementException {
    checkStatement(h);
    return super.executeBatchProtobuf(h, updateBatches);
  }

  /** Each fetch request gets the whole query timeout again: {@code request_timeout} is per request. */
  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    StatementInfo info = checkedStatement(h);
    if (info != null && info.isResultSetInitialized() && info.getResultSet() != null) {
      try {
        java.sql.Statement owner = info.getResultSet().getStatement();
        if (owner != null) {
          ServerSupport.restartQueryTimeout(owner);
        }
      } catch (SQLException e) {
        throw new RuntimeException(e);
      }
    }
    return super.fetch(h, offset, fetchMaxRowCount);
  }

  @Override
  public boolean syncResults(StatementHandle h, QueryState state, long offset) throws NoSuchStatementException {
    checkStatement(h);
    return super.syncResults(h, state, offset);
  }

  /**
   * Closes a statement of the caller's connection. Statements of metadata calls are not
   * remembered (their rows all went back with the call); closing one is harmless and allowed.
   */
  @Override
  public void closeStatement(StatementHandle h) {
    try {
      getConnection(h.connectionId);
    } catch (SQLException e) {
      if (getConnectionCache().getIfPresent(h.connectionId) == null) {
        return; // the connection is gone, and its statements with it
      }
      throw new RuntimeException(e);
    }
    String owner = owners.get(h.id);
    if (owner != null && !owner.equals(h.connectionId)) {
      throw new RuntimeException(new SQLException("statement " + h.id + " is not a statement of connection "
          + h.connectionId, "42501", VendorCodes.CONNECTION_REFUSED));
    }
    if (owner != null) {
      owners.remove(h.id);
      signatures.remove(h.id);
      Set<Integer> ids = statements.get(h.connectionId);
      if (ids != null) {
        ids.remove(h.id);
      }
    }
    super.closeStatement(h);
  }
}
