package com.blockdb.sqltests.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata calls DBeaver makes to build its navigator tree (catalogs, schemas, table types,
 * tables, columns, primary keys, foreign keys, indexes, procedures, functions, types) and the
 * capability questions it asks on connect, through BlockDB's remote driver against a server
 * process: each must answer as the embedded driver does for the same tables, and the answers a
 * tree is built from (keys in key order, column types, the ledger functions) must be there, so that
 * a tree built remotely is the tree built embedded.
 */
class RemoteMetadataIT {
  private static final String DDL_ORDERS = "CREATE TABLE ORDERS (ID BIGINT PRIMARY KEY, CUSTOMER VARCHAR(40) NOT NULL, "
      + "CODE CHAR(3), TOTAL DECIMAL(12,2), PAID BOOLEAN, PLACED DATE, AT_TIME TIME, CREATED TIMESTAMP, "
      + "RATIO DOUBLE, QTY INTEGER, BIN VARBINARY(16))";
  private static final String DDL_LINES = "CREATE TABLE LINES (ORDER_ID BIGINT, LINE INTEGER, ITEM VARCHAR(20), "
      + "PRIMARY KEY (ORDER_ID, LINE))";
  private static final String DDL_BACKWARDS = "CREATE TABLE BACKWARDS (Z INTEGER, A INTEGER, M INTEGER NOT NULL, "
      + "PRIMARY KEY (Z, A))";
  /**
   * Where the two drivers differ by design: they name themselves and their URLs, and the remote
   * client is Avatica's JDBC 4.1 implementation where the embedded driver implements JDBC 4.2.
   */
  private static final Set<String> DIFFERENT_BY_DESIGN = Set.of("getURL", "getDriverName", "getJDBCMinorVersion");

  @TempDir
  static Path dir;

  private static ServerProcess server;
  private static Connection embedded;
  private static Connection remote;

  @BeforeAll
  static void open() throws Exception {
    server = ServerProcess.start(dir);
    Properties login = new Properties();
    login.setProperty("user", "local");
    login.setProperty("password", TestServerMain.PASSWORD);
    remote = DriverManager.getConnection(server.url(), login);
    embedded = DriverManager.getConnection("jdbc:blockdb:mem:remote-metadata-" + ProcessHandle.current().pid());
    for (Connection c : List.of(embedded, remote)) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate(DDL_ORDERS);
        s.executeUpdate(DDL_LINES);
        s.executeUpdate(DDL_BACKWARDS);
        s.executeUpdate("INSERT INTO LINES VALUES (1, 1, 'x')");
      }
    }
  }

  @AfterAll
  static void close() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {remote, embedded}) {
      if (c != null) {
        c.close();
      }
    }
    if (server != null) {
      assertThat(server.terminate()).as(server.log()).isZero();
    }
  }

  /** One metadata call, made on either connection's DatabaseMetaData. */
  private interface Call {
    ResultSet on(DatabaseMetaData md) throws SQLException;
  }

  /** The calls of DBeaver's tree, from the connection down to a table's columns and keys. */
  private static Map<String, Call> treeCalls() {
    Map<String, Call> calls = new TreeMap<>();
    calls.put("getCatalogs", DatabaseMetaData::getCatalogs);
    calls.put("getSchemas", DatabaseMetaData::getSchemas);
    calls.put("getSchemas(null, BLOCK%)", md -> md.getSchemas(null, "BLOCK%"));
    calls.put("getTableTypes", DatabaseMetaData::getTableTypes);
    calls.put("getTables(BLOCKDB, %, null)", md -> md.getTables(null, "BLOCKDB", "%", null));
    calls.put("getTables(BLOCKDB, %, TABLE+VIEW)", md -> md.getTables(null, "BLOCKDB", "%", new String[] {"TABLE", "VIEW"}));
    calls.put("getTables(null, null, null, null)", md -> md.getTables(null, null, null, null));
    calls.put("getColumns(BLOCKDB, ORDERS, %)", md -> md.getColumns(null, "BLOCKDB", "ORDERS", "%"));
    calls.put("getColumns(BLOCKDB, %, %)", md -> md.getColumns(null, "BLOCKDB", "%", "%"));
    calls.put("getColumns(BLOCKDB, KV, VAL%)", md -> md.getColumns(null, "BLOCKDB", "KV", "VAL%"));
    calls.put("getPrimaryKeys(ORDERS)", md -> md.getPrimaryKeys(null, "BLOCKDB", "ORDERS"));
    calls.put("getPrimaryKeys(LINES)", md -> md.getPrimaryKeys(null, "BLOCKDB", "LINES"));
    calls.put("getPrimaryKeys(BACKWARDS)", md -> md.getPrimaryKeys(null, "BLOCKDB", "BACKWARDS"));
    calls.put("getPrimaryKeys(KV)", md -> md.getPrimaryKeys(null, "BLOCKDB", "KV"));
    calls.put("getPrimaryKeys(null schema, LINES)", md -> md.getPrimaryKeys(null, null, "LINES"));
    calls.put("getPrimaryKeys(NO_SUCH)", md -> md.getPrimaryKeys(null, "BLOCKDB", "NO_SUCH"));
    calls.put("getImportedKeys(LINES)", md -> md.getImportedKeys(null, "BLOCKDB", "LINES"));
    calls.put("getExportedKeys(ORDERS)", md -> md.getExportedKeys(null, "BLOCKDB", "ORDERS"));
    calls.put("getCrossReference", md -> md.getCrossReference(null, "BLOCKDB", "ORDERS", null, "BLOCKDB", "LINES"));
    calls.put("getIndexInfo(ORDERS)", md -> md.getIndexInfo(null, "BLOCKDB", "ORDERS", false, true));
    calls.put("getProcedures", md -> md.getProcedures(null, null, "%"));
    calls.put("getProcedureColumns", md -> md.getProcedureColumns(null, null, "%", "%"));
    calls.put("getFunctions(%)", md -> md.getFunctions(null, null, "%"));
    calls.put("getFunctions(BLOCKDB, VERIFY%)", md -> md.getFunctions(null, "BLOCKDB", "VERIFY%"));
    calls.put("getTypeInfo", DatabaseMetaData::getTypeInfo);
    calls.put("getBestRowIdentifier(ORDERS)",
        md -> md.getBestRowIdentifier(null, "BLOCKDB", "ORDERS", DatabaseMetaData.bestRowSession, false));
    calls.put("getVersionColumns(ORDERS)", md -> md.getVersionColumns(null, "BLOCKDB", "ORDERS"));
    calls.put("getTablePrivileges", md -> md.getTablePrivileges(null, "BLOCKDB", "%"));
    calls.put("getUDTs", md -> md.getUDTs(null, null, "%", null));
    calls.put("getSuperTables", md -> md.getSuperTables(null, null, "%"));
    return calls;
  }

  @Test
  void everyTreeCallAnswersRemotelyAsEmbedded() throws SQLException {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, Call> call : treeCalls().entrySet()) {
      List<String> local = render(call.getValue().on(embedded.getMetaData()));
      List<String> far = render(call.getValue().on(remote.getMetaData()));
      if (!local.equals(far)) {
        differences.add(call.getKey() + "\n  embedded: " + local + "\n  remote:   " + far);
      }
    }
    assertThat(differences).as(String.join("\n", differences)).isEmpty();
  }

  @Test
  void theTreeRemotelyHoldsTablesColumnsKeysAndFunctions() throws SQLException {
    DatabaseMetaData md = remote.getMetaData();
    assertThat(column(md.getTables(null, "BLOCKDB", "%", new String[] {"TABLE"}), "TABLE_NAME"))
        .contains("KV", "ORDERS", "LINES", "BACKWARDS");
    Map<String, String> types = new TreeMap<>();
    try (ResultSet rs = md.getColumns(null, "BLOCKDB", "ORDERS", "%")) {
      while (rs.next()) {
        types.put(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME") + " " + rs.getInt("DATA_TYPE") + " "
            + rs.getInt("COLUMN_SIZE") + " " + rs.getString("IS_NULLABLE"));
      }
    }
    // TYPE_NAME is a type getTypeInfo lists, as tools look it up there: no size, no NOT NULL in it.
    assertThat(types).containsEntry("CUSTOMER", "VARCHAR " + Types.VARCHAR + " 40 NO")
        .containsEntry("TOTAL", "DECIMAL " + Types.DECIMAL + " 12 YES")
        .containsEntry("CODE", "CHAR " + Types.CHAR + " 3 YES")
        .containsEntry("ID", "BIGINT " + Types.BIGINT + " 19 NO")
        .containsEntry("CREATED", "TIMESTAMP " + Types.TIMESTAMP + " 23 YES")
        .containsEntry("LEDGER_PRINCIPAL", "VARCHAR " + Types.VARCHAR + " " + Integer.MAX_VALUE + " NO");
    List<String> typeNames = column(md.getTypeInfo(), "TYPE_NAME");
    assertThat(typeNames).containsAll(types.values().stream().map(v -> v.substring(0, v.indexOf(' '))).toList());

    assertThat(rows(md.getPrimaryKeys(null, "BLOCKDB", "LINES"), "COLUMN_NAME", "KEY_SEQ", "PK_NAME"))
        .containsExactlyInAnyOrder("ORDER_ID 1 PK_LINES", "LINE 2 PK_LINES");
    assertThat(rows(md.getPrimaryKeys(null, "BLOCKDB", "BACKWARDS"), "COLUMN_NAME", "KEY_SEQ"))
        .containsExactlyInAnyOrder("Z 1", "A 2");
    assertThat(rows(md.getPrimaryKeys(null, "BLOCKDB", "KV"), "COLUMN_NAME", "KEY_SEQ")).containsExactly("KEY 1");
    assertThat(column(md.getFunctions(null, null, "%"), "FUNCTION_NAME")).contains("VERIFY_CHAIN", "VERIFY_DIGEST",
        "ROW_PROOF", "LEDGER_VERIFY", "LEDGER_DIGEST", "LEDGER_BLOCKS");
    assertThat(md.getUserName()).isEqualTo("local");
    assertThat(md.getDatabaseProductName()).isEqualTo("BlockDB");
    assertThat(md.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
  }

  @Test
  void theCapabilitiesDBeaverAsksAboutAnswerAsEmbedded() throws Exception {
    DatabaseMetaData local = embedded.getMetaData();
    DatabaseMetaData far = remote.getMetaData();
    List<String> differences = new ArrayList<>();
    List<Method> methods = new ArrayList<>(List.of(DatabaseMetaData.class.getMethods()));
    methods.sort(Comparator.comparing(Method::getName));
    int asked = 0;
    for (Method m : methods) {
      Class<?> r = m.getReturnType();
      boolean scalar = r == boolean.class || r == int.class || r == long.class || r == String.class
          || r == RowIdLifetime.class;
      if (m.getParameterCount() != 0 || !scalar || Modifier.isStatic(m.getModifiers())
          || DIFFERENT_BY_DESIGN.contains(m.getName())) {
        continue;
      }
      asked++;
      String a = answer(m, local);
      String b = answer(m, far);
      if (!a.equals(b) || a.startsWith("throws")) {
        differences.add(m.getName() + ": embedded " + a + ", remote " + b);
      }
    }
    int[] resultSetTypes = {ResultSet.TYPE_FORWARD_ONLY, ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.TYPE_SCROLL_SENSITIVE};
    for (int type : resultSetTypes) {
      compare(differences, "supportsResultSetType(" + type + ")", md -> md.supportsResultSetType(type), local, far);
      compare(differences, "supportsResultSetConcurrency(" + type + ", READ_ONLY)",
          md -> md.supportsResultSetConcurrency(type, ResultSet.CONCUR_READ_ONLY), local, far);
    }
    for (int level : new int[] {Connection.TRANSACTION_NONE, Connection.TRANSACTION_READ_UNCOMMITTED,
        Connection.TRANSACTION_READ_COMMITTED, Connection.TRANSACTION_REPEATABLE_READ,
        Connection.TRANSACTION_SERIALIZABLE}) {
      compare(differences, "supportsTransactionIsolationLevel(" + level + ")",
          md -> md.supportsTransactionIsolationLevel(level), local, far);
    }
    for (int h : new int[] {ResultSet.HOLD_CURSORS_OVER_COMMIT, ResultSet.CLOSE_CURSORS_AT_COMMIT}) {
      compare(differences, "supportsResultSetHoldability(" + h + ")", md -> md.supportsResultSetHoldability(h),
          local, far);
    }
    compare(differences, "supportsConvert(VARCHAR, INTEGER)", md -> md.supportsConvert(Types.VARCHAR, Types.INTEGER),
        local, far);
    assertThat(asked).as("scalar DatabaseMetaData methods compared").isGreaterThan(120);
    assertThat(differences).as(String.join("\n", differences)).isEmpty();
    assertThat(far.getDriverName()).startsWith(local.getDriverName());
    assertThat(far.getURL()).isEqualTo(server.url());
  }

  /** One capability question, asked of either connection's DatabaseMetaData. */
  private interface Question {
    Object ask(DatabaseMetaData md) throws SQLException;
  }

  /** Records a difference, or an answer that is an exception on either side (DBeaver asks these). */
  private static void compare(List<String> differences, String what, Question q, DatabaseMetaData local,
      DatabaseMetaData far) {
    String a = answer(q, local);
    String b = answer(q, far);
    if (!a.equals(b) || a.startsWith("throws")) {
      differences.add(what + ": embedded " + a + ", remote " + b);
    }
  }

  private static String answer(Question q, DatabaseMetaData md) {
    try {
      return String.valueOf(q.ask(md));
    } catch (SQLException | RuntimeException e) {
      return "throws " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static String answer(Method m, DatabaseMetaData md) {
    try {
      return String.valueOf(m.invoke(md));
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return "throws " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
  }

  /** Column labels, then every row, each value as getString gives it. */
  private static List<String> render(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      ResultSetMetaData md = rs.getMetaData();
      StringBuilder header = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        header.append(i > 1 ? "|" : "").append(md.getColumnLabel(i));
      }
      out.add(header.toString());
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  private static List<String> column(ResultSet rs, String name) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(rs.getString(name));
      }
    }
    return out;
  }

  private static List<String> rows(ResultSet rs, String... names) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
          sb.append(sb.length() > 0 ? " " : "").append(rs.getString(n));
        }
        out.add(sb.toString());
      }
    }
    return out;
  }
}
