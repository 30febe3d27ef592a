package com.blockdb.jdbc.driver;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * A small in-memory result set of plain JDBC values, for the DatabaseMetaData answers BlockDB gives
 * itself (primary keys, types, functions).
 */
final class ListResultSet extends UnsupportedResultSet {
  /** A column of the result: its label and {@link Types} constant. */
  record Column(String label, int type) {}

  private final List<Column> columns;
  private final List<Object[]> rows;
  private int row = -1;
  private boolean wasNull;
  private boolean closed;

  ListResultSet(List<Column> columns, List<Object[]> rows) {
    this.columns = columns;
    this.rows = rows;
  }

  private Object value(int i) throws SQLException {
    if (closed) {
      throw SqlErrors.create("24000", com.blockdb.jdbc.error.VendorCodes.CLOSED, "the result set is closed", null);
    }
    if (row < 0 || row >= rows.size()) {
      throw SqlErrors.create("24000", com.blockdb.jdbc.error.VendorCodes.INVALID_ARGUMENT, "no current row", null);
    }
    if (i < 1 || i > columns.size()) {
      throw SqlErrors.create("07009", com.blockdb.jdbc.error.VendorCodes.INVALID_ARGUMENT,
          "column index " + i + " out of range 1.." + columns.size(), null);
    }
    Object v = rows.get(row)[i - 1];
    wasNull = v == null;
    return v;
  }

  @Override
  public boolean next() {
    if (row < rows.size()) {
      row++;
    }
    return row < rows.size();
  }

  @Override
  public int findColumn(String label) throws SQLException {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).label.equalsIgnoreCase(label)) {
        return i + 1;
      }
    }
    throw SqlErrors.create("42S22", com.blockdb.jdbc.error.VendorCodes.UNKNOWN_OBJECT,
        "column '" + label + "' not found in the result", null);
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  @Override
  public Object getObject(int i) throws SQLException {
    return value(i);
  }

  @Override
  public Object getObject(String l) throws SQLException {
    return value(findColumn(l));
  }

  @Override
  public String getString(int i) throws SQLException {
    Object v = value(i);
    return v == null ? null : v.toString();
  }

  @Override
  public String getString(String l) throws SQLException {
    return getString(findColumn(l));
  }

  private Number number(int i) throws SQLException {
    Object v = value(i);
    if (v == null) {
      return 0;
    }
    if (v instanceof Number n) {
      return n;
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    try {
      return new BigDecimal(v.toString().trim());
    } catch (NumberFormatException e) {
      throw SqlErrors.create("22018", com.blockdb.jdbc.error.VendorCodes.WRONG_TYPE, "not a number: " + v, e);
    }
  }

  @Override
  public int getInt(int i) throws SQLException {
    return number(i).intValue();
  }

  @Override
  public int getInt(String l) throws SQLException {
    return getInt(findColumn(l));
  }

  @Override
  public short getShort(int i) throws SQLException {
    return number(i).shortValue();
  }

  @Override
  public short getShort(String l) throws SQLException {
    return getShort(findColumn(l));
  }

  @Override
  public long getLong(int i) throws SQLException {
    return number(i).longValue();
  }

  @Override
  public long getLong(String l) throws SQLException {
    return getLong(findColumn(l));
  }

  @Override
  public boolean getBoolean(int i) throws SQLException {
    Object v = value(i);
    return v instanceof Boolean b ? b : v != null && number(i).intValue() != 0;
  }

  @Override
  public boolean getBoolean(String l) throws SQLException {
    return getBoolean(findColumn(l));
  }

  @Override
  public ResultSetMetaData getMetaData() {
    return new ResultSetMetaData() {
      @Override
      public int getColumnCount() {
        return columns.size();
      }

      @Override
      public boolean isAutoIncrement(int c) {
        return false;
      }

      @Override
      public boolean isCaseSensitive(int c) {
        return true;
      }

      @Override
      public boolean isSearchable(int c) {
        return false;
      }

      @Override
      public boolean isCurrency(int c) {
        return false;
      }

      @Override
      public int isNullable(int c) {
        return ResultSetMetaData.columnNullableUnknown;
      }

      @Override
      public boolean isSigned(int c) {
        int t = columns.get(c - 1).type;
        return t == Types.INTEGER || t == Types.SMALLINT || t == Types.BIGINT;
      }

      @Override
      public int getColumnDisplaySize(int c) {
        return 128;
      }

      @Override
      public String getColumnLabel(int c) {
        return columns.get(c - 1).label;
      }

      @Override
      public String getColumnName(int c) {
        return columns.get(c - 1).label;
      }

      @Override
      public String getSchemaName(int c) {
        return "";
      }

      @Override
      public int getPrecision(int c) {
        return 0;
      }

      @Override
      public int getScale(int c) {
        return 0;
      }

      @Override
      public String getTableName(int c) {
        return "";
      }

      @Override
      public String getCatalogName(int c) {
        return "";
      }

      @Override
      public int getColumnType(int c) {
        return columns.get(c - 1).type;
      }

      @Override
      public String getColumnTypeName(int c) {
        return org.apache.calcite.sql.type.SqlTypeName.getNameForJdbcType(columns.get(c - 1).type).getName();
      }

      @Override
      public boolean isReadOnly(int c) {
        return true;
      }

      @Override
      public boolean isWritable(int c) {
        return false;
      }

      @Override
      public boolean isDefinitelyWritable(int c) {
        return false;
      }

      @Override
      public String getColumnClassName(int c) {
        switch (columns.get(c - 1).type) {
          case Types.INTEGER:
            return Integer.class.getName();
          case Types.SMALLINT:
            return Short.class.getName();
          case Types.BIGINT:
            return Long.class.getName();
          case Types.BOOLEAN:
            return Boolean.class.getName();
          default:
            return String.class.getName();
        }
      }

      @Override
      public <T> T unwrap(Class<T> iface) throws SQLException {
        throw SqlErrors.create("HY000", 0, "not a wrapper", null);
      }

      @Override
      public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }

  @Override
  public Statement getStatement() {
    return null;
  }

  @Override
  public java.sql.SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {}

  @Override
  public int getType() {
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() {
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getFetchDirection() {
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public int getFetchSize() {
    return 0;
  }

  @Override
  public void setFetchSize(int n) {}

  @Override
  public int getHoldability() {
    return ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  public boolean isBeforeFirst() {
    return row < 0 && !rows.isEmpty();
  }

  @Override
  public boolean isAfterLast() {
    return row >= rows.size() && !rows.isEmpty();
  }

  @Override
  public int getRow() {
    return row >= 0 && row < rows.size() ? row + 1 : 0;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw unsupported("unwrap");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
