package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.Version;
import com.blockdb.jdbc.calcite.BlockDbSchema;
import com.blockdb.jdbc.calcite.CatalogTableFunctions;
import com.blockdb.jdbc.calcite.LedgerTable;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What BlockDB tells tools (DBeaver, sqlline) about itself: Calcite's answers for tables, columns
 * and schemas, and BlockDB's own for the product, primary keys, types, functions and transactions,
 * which Calcite does not know.
 */
final class BlockDbDatabaseMetaData extends ForwardingDatabaseMetaData {
  private final BlockDbConnection connection;

  BlockDbDatabaseMetaData(BlockDbConnection connection, DatabaseMetaData calcite) {
    super(calcite);
    this.connection = connection;
  }

  @Override
  protected SQLException translate(Throwable e) {
    return SqlErrors.map(e);
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public String getURL() {
    String name = connection.database().name();
    return "jdbc:blockdb:" + name;
  }

  @Override
  public String getUserName() {
    return connection.session().principal();
  }

  @Override
  public String getDatabaseProductName() {
    return Version.PRODUCT_NAME;
  }

  @Override
  public String getDatabaseProductVersion() {
    return Version.VERSION;
  }

  @Override
  public String getDriverName() {
    return Version.DRIVER_NAME;
  }

  @Override
  public String getDriverVersion() {
    return Version.VERSION;
  }

  @Override
  public int getDriverMajorVersion() {
    return Version.MAJOR;
  }

  @Override
  public int getDriverMinorVersion() {
    return Version.MINOR;
  }

  @Override
  public int getDatabaseMajorVersion() {
    return Version.MAJOR;
  }

  @Override
  public int getDatabaseMinorVersion() {
    return Version.MINOR;
  }

  @Override
  public int getJDBCMajorVersion() {
    return 4;
  }

  @Override
  public int getJDBCMinorVersion() {
    return 2;
  }

  @Override
  public boolean isReadOnly() {
    return connection.session().readOnly();
  }

  @Override
  public String getIdentifierQuoteString() {
    return "\"";
  }

  @Override
  public boolean supportsTransactions() {
    return true; // snapshot isolation, commit and rollback; autocommit by default
  }

  @Override
  public int getDefaultTransactionIsolation() {
    return Connection.TRANSACTION_REPEATABLE_READ;
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int level) {
    return level == Connection.TRANSACTION_READ_COMMITTED || level == Connection.TRANSACTION_REPEATABLE_READ;
  }

  @Override
  public boolean supportsBatchUpdates() {
    return true;
  }

  @Override
  public boolean supportsSavepoints() {
    return false;
  }

  @Override
  public boolean supportsResultSetConcurrency(int type, int concurrency) {
    return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public boolean supportsResultSetType(int type) {
    return type == ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() {
    return false; // CREATE TABLE takes effect at once but leaves the open transaction open (README)
  }

  @Override
  public boolean supportsMultipleResultSets() {
    return false;
  }

  @Override
  public boolean supportsGetGeneratedKeys() {
    return false;
  }

  @Override
  public boolean supportsStoredProcedures() {
    return false;
  }

  @Override
  public boolean supportsResultSetHoldability(int holdability) throws SQLException {
    return holdability == getResultSetHoldability();
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) {
    return primaryKeys(CatalogTableFunctions.primaryKeyRows(connection.database().catalog()), schema, table);
  }

  /**
   * JDBC's getPrimaryKeys result from the rows of {@link CatalogTableFunctions#primaryKeyRows}
   * (the remote driver reads them with {@code TABLE(PRIMARY_KEYS())}): those of {@code table} in
   * {@code schema} (exact names; null matches any), ordered by COLUMN_NAME as JDBC specifies.
   */
  static ResultSet primaryKeys(List<Object[]> keyRows, String schema, String table) {
    List<ListResultSet.Column> cols = List.of(
        new ListResultSet.Column("TABLE_CAT", Types.VARCHAR), new ListResultSet.Column("TABLE_SCHEM", Types.VARCHAR),
        new ListResultSet.Column("TABLE_NAME", Types.VARCHAR), new ListResultSet.Column("COLUMN_NAME", Types.VARCHAR),
        new ListResultSet.Column("KEY_SEQ", Types.SMALLINT), new ListResultSet.Column("PK_NAME", Types.VARCHAR));
    List<Object[]> rows = new ArrayList<>();
    for (Object[] k : keyRows) {
      if ((schema == null || schema.equals(k[0])) && (table == null || table.equals(k[1]))) {
        rows.add(new Object[] {null, k[0], k[1], k[2], k[3], k[4]});
      }
    }
    rows.sort((a, b) -> ((String) a[3]).compareTo((String) b[3]));
    return new ListResultSet(cols, rows);
  }

  /**
   * Calcite's columns, with what JDBC tools expect where Calcite leaves -1 or the fraction digits:
   * COLUMN_SIZE is the precision of numbers (INTEGER 10, BIGINT 19, DOUBLE 15) and the text length
   * of dates and times (DATE 10, TIME 12, TIMESTAMP 23), unbounded strings and binaries report
   * {@link Integer#MAX_VALUE}, and the system columns are marked generated.
   */
  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
      String columnNamePattern) throws SQLException {
    List<ListResultSet.Column> cols = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = delegate.getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern)) {
      java.sql.ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      int size = -1;
      int type = -1;
      int generated = -1;
      int columnName = -1;
      int typeName = -1;
      for (int i = 1; i <= n; i++) {
        String label = md.getColumnLabel(i);
        cols.add(new ListResultSet.Column(label, md.getColumnType(i)));
        switch (label) {
          case "COLUMN_SIZE":
            size = i - 1;
            break;
          case "DATA_TYPE":
            type = i - 1;
            break;
          case "IS_GENERATEDCOLUMN":
            generated = i - 1;
            break;
          case "COLUMN_NAME":
            columnName = i - 1;
            break;
          case "TYPE_NAME":
            typeName = i - 1;
            break;
          default:
            break;
        }
      }
      while (rs.next()) {
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
          row[i] = rs.getObject(i + 1);
        }
        if (size >= 0 && type >= 0 && row[type] instanceof Number t) {
          Integer fixed = columnSize(t.intValue(), row[size] instanceof Number c ? c.intValue() : -1);
          if (fixed != null) {
            row[size] = fixed;
          }
        }
        if (typeName >= 0 && row[typeName] instanceof String name) {
          row[typeName] = baseTypeName(name);
        }
        if (generated >= 0 && columnName >= 0
            && com.blockdb.jdbc.store.SystemColumns.isSystemColumn(String.valueOf(row[columnName]))) {
          row[generated] = "YES";
        }
        rows.add(row);
      }
    }
    return new ListResultSet(cols, rows);
  }

  /**
   * The type's name as getTypeInfo lists it: Calcite gives the full SQL type ("VARCHAR(40) NOT
   * NULL", "DECIMAL(12, 2)", "TIMESTAMP(3)"), where tools expect the bare name and read the size,
   * digits and nullability from their own columns.
   */
  static String baseTypeName(String calciteTypeName) {
    return calciteTypeName.replace(" NOT NULL", "").replaceAll("\\([^)]*\\)", "").trim();
  }

  private static Integer columnSize(int jdbcType, int size) {
    switch (jdbcType) {
      case Types.INTEGER:
        return 10;
      case Types.BIGINT:
        return 19;
      case Types.DOUBLE:
        return 15;
      case Types.BOOLEAN:
        return 1;
      case Types.DATE:
        return 10;
      case Types.TIME:
        return 12;
      case Types.TIMESTAMP:
        return 23;
      case Types.VARCHAR:
      case Types.VARBINARY:
        return size < 0 ? Integer.MAX_VALUE : null;
      default:
        return null;
    }
  }

  @Override
  public ResultSet getTypeInfo() {
    List<ListResultSet.Column> cols = List.of(
        new ListResultSet.Column("TYPE_NAME", Types.VARCHAR), new ListResultSet.Column("DATA_TYPE", Types.INTEGER),
        new ListResultSet.Column("PRECISION", Types.INTEGER), new ListResultSet.Column("LITERAL_PREFIX", Types.VARCHAR),
        new ListResultSet.Column("LITERAL_SUFFIX", Types.VARCHAR), new ListResultSet.Column("CREATE_PARAMS", Types.VARCHAR),
        new ListResultSet.Column("NULLABLE", Types.SMALLINT), new ListResultSet.Column("CASE_SENSITIVE", Types.BOOLEAN),
        new ListResultSet.Column("SEARCHABLE", Types.SMALLINT),
        new ListResultSet.Column("UNSIGNED_ATTRIBUTE", Types.BOOLEAN),
        new ListResultSet.Column("FIXED_PREC_SCALE", Types.BOOLEAN),
        new ListResultSet.Column("AUTO_INCREMENT", Types.BOOLEAN), new ListResultSet.Column("LOCAL_TYPE_NAME", Types.VARCHAR),
        new ListResultSet.Column("MINIMUM_SCALE", Types.SMALLINT), new ListResultSet.Column("MAXIMUM_SCALE", Types.SMALLINT),
        new ListResultSet.Column("SQL_DATA_TYPE", Types.INTEGER), new ListResultSet.Column("SQL_DATETIME_SUB", Types.INTEGER),
        new ListResultSet.Column("NUM_PREC_RADIX", Types.INTEGER));
    List<Object[]> rows = new ArrayList<>();
    for (ColumnType t : ColumnType.values()) {
      int precision;
      String prefix = null;
      String params = null;
      switch (t) {
        case VARCHAR:
        case CHAR:
          precision = Integer.MAX_VALUE;
          prefix = "'";
          params = "length";
          break;
        case VARBINARY:
          precision = Integer.MAX_VALUE;
          prefix = "X'";
          params = "length";
          break;
        case DECIMAL:
          precision = ColumnDef.MAX_DECIMAL_PRECISION;
          params = "precision,scale";
          break;
        case INTEGER:
          precision = 10;
          break;
        case BIGINT:
          precision = 19;
          break;
        case DOUBLE:
          precision = 15;
          break;
        case BOOLEAN:
          precision = 1;
          break;
        case DATE:
          precision = 10;
          prefix = "DATE '";
          break;
        case TIME:
          precision = 12;
          prefix = "TIME '";
          break;
        default:
          precision = 23;
          prefix = "TIMESTAMP '";
          break;
      }
      boolean numeric = t == ColumnType.INTEGER || t == ColumnType.BIGINT || t == ColumnType.DECIMAL || t == ColumnType.DOUBLE;
      rows.add(new Object[] {t.name(), t.jdbcType(), precision, prefix, prefix == null ? null : "'", params,
          (short) DatabaseMetaData.typeNullable, t == ColumnType.VARCHAR || t == ColumnType.CHAR,
          (short) DatabaseMetaData.typeSearchable, !numeric ? null : false, false, false, t.name(), (short) 0,
          (short) (t == ColumnType.DECIMAL ? ColumnDef.MAX_DECIMAL_PRECISION : 0), null, null, numeric ? 10 : null});
    }
    rows.sort((a, b) -> Integer.compare((Integer) a[1], (Integer) b[1]));
    return new ListResultSet(cols, rows);
  }

  @Override
  public ResultSet getFunctions(String catalog, String schemaPattern, String namePattern) {
    return functions(schemaPattern, namePattern);
  }

  /** BlockDB's own SQL functions whose schema and name match the JDBC patterns; the remote driver's answer too. */
  static ResultSet functions(String schemaPattern, String namePattern) {
    List<ListResultSet.Column> cols = List.of(
        new ListResultSet.Column("FUNCTION_CAT", Types.VARCHAR), new ListResultSet.Column("FUNCTION_SCHEM", Types.VARCHAR),
        new ListResultSet.Column("FUNCTION_NAME", Types.VARCHAR), new ListResultSet.Column("REMARKS", Types.VARCHAR),
        new ListResultSet.Column("FUNCTION_TYPE", Types.SMALLINT), new ListResultSet.Column("SPECIFIC_NAME", Types.VARCHAR));
    String[][] functions = {
        {"LEDGER_BLOCKS", "TABLE(LEDGER_BLOCKS()): one row per sealed block", "2"},
        {"LEDGER_DIGEST", "TABLE(LEDGER_DIGEST()): the ledger digest and its JSON", "2"},
        {"LEDGER_VERIFY", "TABLE(LEDGER_VERIFY()): full verification report", "2"},
        {"PRIMARY_KEYS", "TABLE(PRIMARY_KEYS()): the primary key columns of every table", "2"},
        {"ROW_PROOF", "ROW_PROOF(table, key...): a row's inclusion proof as JSON", "1"},
        {"VERIFY_CHAIN", "VERIFY_CHAIN(): TRUE when the whole ledger verifies", "1"},
        {"VERIFY_DIGEST", "VERIFY_DIGEST(json): TRUE when the ledger extends a saved digest", "1"}};
    Pattern name = like(namePattern);
    Pattern schema = like(schemaPattern);
    List<Object[]> rows = new ArrayList<>();
    for (String[] f : functions) {
      if (name.matcher(f[0]).matches() && schema.matcher(BlockDbSchema.NAME).matches()) {
        short type = (short) (f[2].equals("2") ? DatabaseMetaData.functionReturnsTable : DatabaseMetaData.functionNoTable);
        rows.add(new Object[] {null, BlockDbSchema.NAME, f[0], f[1], type, f[0]});
      }
    }
    return new ListResultSet(cols, rows);
  }

  /** A JDBC metadata pattern ({@code %} and {@code _}) as a regex; null matches everything. */
  private static Pattern like(String pattern) {
    if (pattern == null) {
      return Pattern.compile(".*", Pattern.DOTALL);
    }
    StringBuilder b = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      b.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(b.toString(), Pattern.DOTALL);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw SqlErrors.create("HY000", 0, "not a wrapper for " + iface.getName(), null);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  static boolean isLedger(Object t) {
    return t instanceof LedgerTable;
  }
}
