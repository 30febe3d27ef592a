package com.blockdb.jdbc.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * DatabaseMetaData tells tools (sqlline, DBeaver, ORMs) what BlockDB holds: schema BLOCKDB, the
 * KV table and created tables, their columns with types, sizes and nullability (system columns
 * too), primary keys in key order, BlockDB's types and ledger functions; and none of the calls a
 * tool makes when it connects throws.
 */
class MetadataTest {
  private Connection conn;
  private DatabaseMetaData md;

  @BeforeEach
  void open() throws SQLException {
    conn = DriverManager.getConnection("jdbc:blockdb:mem:metadata-" + System.nanoTime());
    try (Statement s = conn.createStatement()) {
      s.executeUpdate("CREATE TABLE ORDERS (ID BIGINT PRIMARY KEY, CUSTOMER VARCHAR(40) NOT NULL, "
          + "CODE CHAR(3), TOTAL DECIMAL(12,2), PAID BOOLEAN, PLACED DATE, AT_TIME TIME, CREATED TIMESTAMP, "
          + "RATIO DOUBLE, QTY INTEGER, BIN VARBINARY(16))");
      s.executeUpdate("CREATE TABLE LINES (ORDER_ID BIGINT, LINE INTEGER, ITEM VARCHAR(20), "
          + "PRIMARY KEY (ORDER_ID, LINE))");
      s.executeUpdate("CREATE TABLE BACKWARDS (Z INTEGER, A INTEGER, M INTEGER NOT NULL, PRIMARY KEY (Z, A))");
    }
    md = conn.getMetaData();
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  @Test
  void productAndDriverIdentifyThemselves() throws SQLException {
    assertThat(md.getDatabaseProductName()).isEqualTo("BlockDB");
    assertThat(md.getDatabaseProductVersion()).isNotBlank();
    assertThat(md.getDriverName()).isNotBlank();
    assertThat(md.getDriverVersion()).isNotBlank();
    assertThat(md.getURL()).startsWith("jdbc:blockdb:mem:metadata-");
    assertThat(md.getConnection()).isSameAs(conn);
    assertThat(md.getJDBCMajorVersion()).isGreaterThanOrEqualTo(4);
    assertThat(md.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
    assertThat(md.storesUpperCaseIdentifiers()).isTrue();
  }

  @Test
  void schemasListBlockDb() throws SQLException {
    assertThat(column(md.getSchemas(), "TABLE_SCHEM")).contains("BLOCKDB");
    assertThat(column(md.getSchemas(null, "BLOCK%"), "TABLE_SCHEM")).containsExactly("BLOCKDB");
    assertThat(conn.getSchema()).isEqualTo("BLOCKDB");
  }

  @Test
  void tablesListKvAndCreatedTables() throws SQLException {
    List<String> tables = column(md.getTables(null, "BLOCKDB", "%", null), "TABLE_NAME");
    assertThat(tables).contains("KV", "ORDERS", "LINES", "BACKWARDS");
    assertThat(column(md.getTables(null, "BLOCKDB", "ORD%", new String[] {"TABLE"}), "TABLE_NAME"))
        .containsExactly("ORDERS");
    assertThat(column(md.getTables(null, null, "KV", null), "TABLE_TYPE")).containsExactly("TABLE");
    assertThat(column(md.getTables(null, "BLOCKDB", "NO_SUCH%", null), "TABLE_NAME")).isEmpty();
  }

  @Test
  void columnsGiveTypesSizesAndNullability() throws SQLException {
    Map<String, String> cols = new LinkedHashMap<>();
    try (ResultSet rs = md.getColumns(null, "BLOCKDB", "ORDERS", "%")) {
      while (rs.next()) {
        cols.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE") + " " + rs.getInt("COLUMN_SIZE") + " "
            + rs.getInt("DECIMAL_DIGITS") + " " + rs.getInt("NULLABLE") + " " + rs.getString("IS_NULLABLE")
            + " " + rs.getInt("ORDINAL_POSITION"));
      }
    }
    int no = DatabaseMetaData.columnNoNulls;
    int yes = DatabaseMetaData.columnNullable;
    assertThat(cols).containsEntry("CUSTOMER", Types.VARCHAR + " 40 0 " + no + " NO 2")
        .containsEntry("CODE", Types.CHAR + " 3 0 " + yes + " YES 3")
        .containsEntry("TOTAL", Types.DECIMAL + " 12 2 " + yes + " YES 4")
        .containsEntry("BIN", Types.VARBINARY + " 16 0 " + yes + " YES 11");
    assertThat(cols.get("ID")).startsWith(Types.BIGINT + " ").endsWith(" " + no + " NO 1");
    assertThat(cols.get("PAID")).startsWith(Types.BOOLEAN + " ").endsWith(" " + yes + " YES 5");
    assertThat(cols.get("QTY")).startsWith(Types.INTEGER + " ").endsWith(" " + yes + " YES 10");
    assertThat(cols.get("PLACED")).startsWith(Types.DATE + " ");
    assertThat(cols.get("AT_TIME")).startsWith(Types.TIME + " ");
    assertThat(cols.get("CREATED")).startsWith(Types.TIMESTAMP + " ");
    assertThat(cols.get("RATIO")).startsWith(Types.DOUBLE + " ");
    // The read-only system columns follow the user columns.
    assertThat(new ArrayList<>(cols.keySet())).containsSubsequence("BIN", "LEDGER_BLOCK", "LEDGER_SEQ", "LEDGER_TS",
        "LEDGER_PRINCIPAL");
    assertThat(cols.get("LEDGER_BLOCK")).startsWith(Types.BIGINT + " ").contains(" " + yes + " YES ");
    assertThat(cols.get("LEDGER_SEQ")).startsWith(Types.BIGINT + " ");
    assertThat(cols.get("LEDGER_TS")).startsWith(Types.TIMESTAMP + " ");
    assertThat(cols.get("LEDGER_PRINCIPAL")).startsWith(Types.VARCHAR + " ");

    assertThat(column(md.getColumns(null, "BLOCKDB", "KV", "%"), "COLUMN_NAME"))
        .startsWith("KEY", "VAL", "VAL_BYTES").contains("LEDGER_SEQ");
    assertThat(column(md.getColumns(null, "BLOCKDB", "KV", "VAL%"), "TYPE_NAME")).startsWith("VARCHAR", "VARBINARY");
  }

  @Test
  void typeNamesAreTheBareNamesTypeInfoLists() throws SQLException {
    // Tools look TYPE_NAME up in getTypeInfo and read size, digits and nullability from their own
    // columns: "VARCHAR(40) NOT NULL" would be an unknown type to them.
    Map<String, String> names = new LinkedHashMap<>();
    try (ResultSet rs = md.getColumns(null, "BLOCKDB", "ORDERS", "%")) {
      while (rs.next()) {
        names.put(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"));
      }
    }
    assertThat(names).containsEntry("ID", "BIGINT").containsEntry("CUSTOMER", "VARCHAR").containsEntry("CODE", "CHAR")
        .containsEntry("TOTAL", "DECIMAL").containsEntry("CREATED", "TIMESTAMP").containsEntry("AT_TIME", "TIME")
        .containsEntry("BIN", "VARBINARY").containsEntry("LEDGER_PRINCIPAL", "VARCHAR");
    assertThat(column(md.getTypeInfo(), "TYPE_NAME")).containsAll(names.values());
  }

  @Test
  void columnSizesOfNumbersAndDatesFollowJdbc() throws SQLException {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    try (ResultSet rs = md.getColumns(null, "BLOCKDB", "ORDERS", "%")) {
      while (rs.next()) {
        sizes.put(rs.getString("COLUMN_NAME"), rs.getInt("COLUMN_SIZE"));
      }
    }
    assertThat(sizes).containsEntry("ID", 19).containsEntry("QTY", 10).containsEntry("RATIO", 15)
        .containsEntry("PLACED", 10).containsEntry("AT_TIME", 12).containsEntry("CREATED", 23);
  }

  @Test
  void primaryKeysComeWithTheirKeySequence() throws SQLException {
    assertThat(rows(md.getPrimaryKeys(null, "BLOCKDB", "ORDERS"), "COLUMN_NAME", "KEY_SEQ")).containsExactly("ID 1");
    assertThat(rows(md.getPrimaryKeys(null, "BLOCKDB", "KV"), "COLUMN_NAME", "KEY_SEQ")).containsExactly("KEY 1");
    assertThat(rows(md.getPrimaryKeys(null, "BLOCKDB", "LINES"), "COLUMN_NAME", "KEY_SEQ"))
        .containsExactlyInAnyOrder("ORDER_ID 1", "LINE 2");
    // Key order is not name order: KEY_SEQ says which column comes first.
    assertThat(rows(md.getPrimaryKeys(null, "BLOCKDB", "BACKWARDS"), "COLUMN_NAME", "KEY_SEQ"))
        .containsExactlyInAnyOrder("Z 1", "A 2");
    assertThat(rows(md.getPrimaryKeys(null, null, "LINES"), "TABLE_NAME", "PK_NAME")).hasSize(2);
    assertThat(rows(md.getPrimaryKeys(null, "BLOCKDB", "NO_SUCH_TABLE"), "COLUMN_NAME")).isEmpty();
  }

  @Test
  void primaryKeysAreInSqlForTheRemoteDriver() throws SQLException {
    // TABLE(PRIMARY_KEYS()) is how the remote driver answers getPrimaryKeys: Avatica's protocol has
    // no request for it.
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, KEY_SEQ, PK_NAME "
            + "FROM TABLE(PRIMARY_KEYS()) ORDER BY TABLE_NAME, KEY_SEQ")) {
      assertThat(rows(rs, "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME")).containsExactly(
          "BLOCKDB BACKWARDS Z 1 PK_BACKWARDS", "BLOCKDB BACKWARDS A 2 PK_BACKWARDS", "BLOCKDB KV KEY 1 PK_KV",
          "BLOCKDB LINES ORDER_ID 1 PK_LINES", "BLOCKDB LINES LINE 2 PK_LINES", "BLOCKDB ORDERS ID 1 PK_ORDERS");
    }
    assertThat(column(md.getFunctions(null, "BLOCKDB", "PRIMARY_KEYS"), "FUNCTION_TYPE"))
        .containsExactly(String.valueOf(DatabaseMetaData.functionReturnsTable));
  }

  @Test
  void typeInfoListsBlockDbsElevenTypes() throws SQLException {
    List<String> names = new ArrayList<>();
    List<Integer> dataTypes = new ArrayList<>();
    try (ResultSet rs = md.getTypeInfo()) {
      while (rs.next()) {
        names.add(rs.getString("TYPE_NAME"));
        dataTypes.add(rs.getInt("DATA_TYPE"));
      }
    }
    assertThat(names).containsExactlyInAnyOrder("VARCHAR", "CHAR", "BOOLEAN", "INTEGER", "BIGINT", "DECIMAL",
        "DOUBLE", "DATE", "TIME", "TIMESTAMP", "VARBINARY");
    assertThat(dataTypes).as("ordered by DATA_TYPE").isSorted();
  }

  @Test
  void functionsListTheLedgerFunctions() throws SQLException {
    assertThat(column(md.getFunctions(null, null, "%"), "FUNCTION_NAME")).contains("VERIFY_CHAIN", "VERIFY_DIGEST",
        "ROW_PROOF", "LEDGER_VERIFY", "LEDGER_DIGEST", "LEDGER_BLOCKS");
    assertThat(column(md.getFunctions(null, "BLOCKDB", "VERIFY%"), "FUNCTION_NAME"))
        .containsExactlyInAnyOrder("VERIFY_CHAIN", "VERIFY_DIGEST");
    assertThat(column(md.getFunctions(null, null, "LEDGER_VERIFY"), "FUNCTION_TYPE"))
        .containsExactly(String.valueOf(DatabaseMetaData.functionReturnsTable));
  }

  @Test
  void theCallsToolsMakeOnConnectDoNotThrow() throws SQLException {
    md.getIdentifierQuoteString();
    md.getSQLKeywords();
    md.getNumericFunctions();
    md.getStringFunctions();
    md.getSystemFunctions();
    md.getTimeDateFunctions();
    md.getSearchStringEscape();
    md.getExtraNameCharacters();
    md.getCatalogSeparator();
    md.getCatalogTerm();
    md.getSchemaTerm();
    md.getProcedureTerm();
    md.getMaxColumnNameLength();
    md.getMaxTableNameLength();
    md.getUserName();
    md.isReadOnly();
    md.nullsAreSortedHigh();
    md.nullsAreSortedLow();
    md.supportsTransactions();
    md.supportsBatchUpdates();
    md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY);
    md.supportsMultipleResultSets();
    md.supportsGetGeneratedKeys();
    md.supportsSchemasInTableDefinitions();
    md.supportsCatalogsInTableDefinitions();
    md.getResultSetHoldability();
    assertThat(md.supportsResultSetHoldability(md.getResultSetHoldability())).isTrue();
    md.getDatabaseMajorVersion();
    md.getDatabaseMinorVersion();
    md.getDriverMajorVersion();
    md.getDriverMinorVersion();
    md.allProceduresAreCallable();
    md.allTablesAreSelectable();
    drain(md.getCatalogs());
    drain(md.getSchemas());
    drain(md.getTableTypes());
    drain(md.getTables(null, null, "%", null));
    drain(md.getTables(null, null, null, null));
    drain(md.getColumns(null, null, "%", "%"));
    drain(md.getColumns(null, null, null, null));
    drain(md.getPrimaryKeys(null, null, null));
    drain(md.getImportedKeys(null, "BLOCKDB", "LINES"));
    drain(md.getExportedKeys(null, "BLOCKDB", "ORDERS"));
    drain(md.getIndexInfo(null, "BLOCKDB", "ORDERS", false, true));
    drain(md.getProcedures(null, null, "%"));
    drain(md.getProcedureColumns(null, null, "%", "%"));
    drain(md.getFunctions(null, null, null));
    drain(md.getTypeInfo());
    drain(md.getBestRowIdentifier(null, "BLOCKDB", "ORDERS", DatabaseMetaData.bestRowSession, false));
    drain(md.getVersionColumns(null, "BLOCKDB", "ORDERS"));
    drain(md.getTablePrivileges(null, "BLOCKDB", "%"));
    drain(md.getColumnPrivileges(null, "BLOCKDB", "ORDERS", "%"));
    drain(md.getUDTs(null, null, "%", null));
    drain(md.getSuperTables(null, null, "%"));
    drain(md.getClientInfoProperties());
    assertThat(conn.isValid(1)).isTrue();
    conn.getWarnings();
    conn.getClientInfo();
    conn.getTransactionIsolation();
    conn.setAutoCommit(true);
    conn.commit();
    conn.rollback();
  }

  private static void drain(ResultSet rs) throws SQLException {
    try (rs) {
      ResultSetMetaData rmd = rs.getMetaData();
      while (rs.next()) {
        for (int i = 1; i <= rmd.getColumnCount(); i++) {
          rs.getObject(i);
        }
      }
    }
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
