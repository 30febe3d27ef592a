package com.blockdb.jdbc.driver;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.avatica.AvaticaSite;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.util.ArrayIteratorCursor;
import org.apache.calcite.avatica.util.Cursor;

/**
 * The result set of a fast path (a primary-key point SELECT): rows BlockDB produced itself, read
 * through Avatica's own accessors for the columns Calcite planned, so every getter converts values
 * exactly as the Calcite result set of the same query would.
 */
final class FastResultSet extends UnsupportedResultSet {
  private final Statement owner;
  private final List<ColumnMetaData> columns;
  private final ResultSetMetaData metaData;
  private final Calendar calendar;
  private final Cursor cursor;
  private final List<Cursor.Accessor> accessors;
  private Map<String, Integer> labels;
  private boolean closed;
  private int row;

  FastResultSet(Statement owner, List<ColumnMetaData> columns, ResultSetMetaData metaData, Calendar calendar,
      Iterator<Object[]> rows) {
    this.owner = owner;
    this.columns = columns;
    this.metaData = metaData;
    this.calendar = calendar;
    this.cursor = new ArrayIteratorCursor(rows);
    this.accessors = cursor.createAccessors(columns, calendar, null);
  }

  private Cursor.Accessor accessor(int column) throws SQLException {
    checkOpen();
    if (row <= 0) {
      throw SqlErrors.create("24000", com.blockdb.jdbc.error.VendorCodes.INVALID_ARGUMENT,
          "no current row: call next() first", null);
    }
    if (column < 1 || column > accessors.size()) {
      throw SqlErrors.create("07009", com.blockdb.jdbc.error.VendorCodes.INVALID_ARGUMENT,
          "column index " + column + " out of range 1.." + accessors.size(), null);
    }
    return accessors.get(column - 1);
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw SqlErrors.create("24000", com.blockdb.jdbc.error.VendorCodes.CLOSED, "the result set is closed", null);
    }
  }

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    if (row < 0) {
      return false;
    }
    if (cursor.next()) {
      row++;
      return true;
    }
    row = -1;
    return false;
  }

  @Override
  public int findColumn(String label) throws SQLException {
    checkOpen();
    if (labels == null) {
      labels = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = columns.size() - 1; i >= 0; i--) {
        labels.put(columns.get(i).label, i + 1);
      }
    }
    Integer i = labels.get(label);
    if (i == null) {
      throw SqlErrors.create("42S22", com.blockdb.jdbc.error.VendorCodes.UNKNOWN_OBJECT,
          "column '" + label + "' not found in the result", null);
    }
    return i;
  }

  @Override
  public boolean wasNull() throws SQLException {
    checkOpen();
    return cursor.wasNull();
  }

  @Override
  public String getString(int i) throws SQLException {
    return accessor(i).getString();
  }

  @Override
  public boolean getBoolean(int i) throws SQLException {
    return accessor(i).getBoolean();
  }

  @Override
  public byte getByte(int i) throws SQLException {
    return accessor(i).getByte();
  }

  @Override
  public short getShort(int i) throws SQLException {
    return accessor(i).getShort();
  }

  @Override
  public int getInt(int i) throws SQLException {
    return accessor(i).getInt();
  }

  @Override
  public long getLong(int i) throws SQLException {
    return accessor(i).getLong();
  }

  @Override
  public float getFloat(int i) throws SQLException {
    return accessor(i).getFloat();
  }

  @Override
  public double getDouble(int i) throws SQLException {
    return accessor(i).getDouble();
  }

  @Override
  @SuppressWarnings("deprecation")
  public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
    return accessor(i).getBigDecimal(scale);
  }

  @Override
  public BigDecimal getBigDecimal(int i) throws SQLException {
    return accessor(i).getBigDecimal();
  }

  @Override
  public byte[] getBytes(int i) throws SQLException {
    return accessor(i).getBytes();
  }

  @Override
  public Date getDate(int i) throws SQLException {
    return accessor(i).getDate(calendar);
  }

  @Override
  public Time getTime(int i) throws SQLException {
    return accessor(i).getTime(calendar);
  }

  @Override
  public Timestamp getTimestamp(int i) throws SQLException {
    return accessor(i).getTimestamp(calendar);
  }

  @Override
  public Date getDate(int i, Calendar cal) throws SQLException {
    return accessor(i).getDate(cal);
  }

  @Override
  public Time getTime(int i, Calendar cal) throws SQLException {
    return accessor(i).getTime(cal);
  }

  @Override
  public Timestamp getTimestamp(int i, Calendar cal) throws SQLException {
    return accessor(i).getTimestamp(cal);
  }

  @Override
  public Object getObject(int i) throws SQLException {
    ColumnMetaData c = columns.get(i - 1 < 0 || i > columns.size() ? 0 : i - 1);
    return AvaticaSite.get(accessor(i), c.type.id, c.signed, calendar);
  }

  @Override
  public <T> T getObject(int i, Class<T> type) throws SQLException {
    return accessor(i).getObject(type);
  }

  @Override
  public Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
    return accessor(i).getObject(map);
  }

  @Override
  public String getNString(int i) throws SQLException {
    return accessor(i).getNString();
  }

  @Override
  public java.io.InputStream getBinaryStream(int i) throws SQLException {
    return accessor(i).getBinaryStream();
  }

  @Override
  public java.io.Reader getCharacterStream(int i) throws SQLException {
    return accessor(i).getCharacterStream();
  }

  @Override
  public String getString(String l) throws SQLException {
    return getString(findColumn(l));
  }

  @Override
  public boolean getBoolean(String l) throws SQLException {
    return getBoolean(findColumn(l));
  }

  @Override
  public byte getByte(String l) throws SQLException {
    return getByte(findColumn(l));
  }

  @Override
  public short getShort(String l) throws SQLException {
    return getShort(findColumn(l));
  }

  @Override
  public int getInt(String l) throws SQLException {
    return getInt(findColumn(l));
  }

  @Override
  public long getLong(String l) throws SQLException {
    return getLong(findColumn(l));
  }

  @Override
  public float getFloat(String l) throws SQLException {
    return getFloat(findColumn(l));
  }

  @Override
  public double getDouble(String l) throws SQLException {
    return getDouble(findColumn(l));
  }

  @Override
  public BigDecimal getBigDecimal(String l) throws SQLException {
    return getBigDecimal(findColumn(l));
  }

  @Override
  public byte[] getBytes(String l) throws SQLException {
    return getBytes(findColumn(l));
  }

  @Override
  public Date getDate(String l) throws SQLException {
    return getDate(findColumn(l));
  }

  @Override
  public Time getTime(String l) throws SQLException {
    return getTime(findColumn(l));
  }

  @Override
  public Timestamp getTimestamp(String l) throws SQLException {
    return getTimestamp(findColumn(l));
  }

  @Override
  public Date getDate(String l, Calendar cal) throws SQLException {
    return getDate(findColumn(l), cal);
  }

  @Override
  public Time getTime(String l, Calendar cal) throws SQLException {
    return getTime(findColumn(l), cal);
  }

  @Override
  public Timestamp getTimestamp(String l, Calendar cal) throws SQLException {
    return getTimestamp(findColumn(l), cal);
  }

  @Override
  public Object getObject(String l) throws SQLException {
    return accessor(findColumn(l)).getObject(); // as Avatica does for labels
  }

  @Override
  public <T> T getObject(String l, Class<T> type) throws SQLException {
    return getObject(findColumn(l), type);
  }

  @Override
  public String getNString(String l) throws SQLException {
    return getNString(findColumn(l));
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return metaData;
  }

  @Override
  public Statement getStatement() {
    return owner;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public int getType() {
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() {
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getHoldability() {
    return ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  public int getFetchDirection() {
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    if (direction != ResultSet.FETCH_FORWARD) {
      throw unsupported("setFetchDirection");
    }
  }

  @Override
  public int getFetchSize() {
    return 0;
  }

  @Override
  public void setFetchSize(int rows) {
    // rows are already in memory: nothing to tune
  }

  @Override
  public int getRow() throws SQLException {
    checkOpen();
    return Math.max(row, 0);
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    checkOpen();
    return row == 0;
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    checkOpen();
    return row < 0;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      cursor.close();
    }
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
