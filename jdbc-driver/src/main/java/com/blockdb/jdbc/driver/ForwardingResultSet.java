package com.blockdb.jdbc.driver;

/**
 * Forwards every {@link java.sql.ResultSet} method to a delegate, turning whatever it throws into an
 * {@link java.sql.SQLException} with a SQLState through {@link #translate}. Generated from the
 * JDK interface; subclasses override only what BlockDB does differently.
 */
abstract class ForwardingResultSet implements java.sql.ResultSet {
  protected final java.sql.ResultSet delegate;

  protected ForwardingResultSet(java.sql.ResultSet delegate) {
    this.delegate = delegate;
  }

  /** The exception to throw for {@code e}, raised by the delegate. */
  protected abstract java.sql.SQLException translate(Throwable e);

  @Override
  public boolean next() throws java.sql.SQLException {
    try {
      return delegate.next();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void close() throws java.sql.SQLException {
    try {
      delegate.close();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean wasNull() throws java.sql.SQLException {
    try {
      return delegate.wasNull();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getString(int a0) throws java.sql.SQLException {
    try {
      return delegate.getString(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean getBoolean(int a0) throws java.sql.SQLException {
    try {
      return delegate.getBoolean(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public byte getByte(int a0) throws java.sql.SQLException {
    try {
      return delegate.getByte(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public short getShort(int a0) throws java.sql.SQLException {
    try {
      return delegate.getShort(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getInt(int a0) throws java.sql.SQLException {
    try {
      return delegate.getInt(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public long getLong(int a0) throws java.sql.SQLException {
    try {
      return delegate.getLong(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public float getFloat(int a0) throws java.sql.SQLException {
    try {
      return delegate.getFloat(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public double getDouble(int a0) throws java.sql.SQLException {
    try {
      return delegate.getDouble(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0, int a1) throws java.sql.SQLException {
    try {
      return delegate.getBigDecimal(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public byte[] getBytes(int a0) throws java.sql.SQLException {
    try {
      return delegate.getBytes(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Date getDate(int a0) throws java.sql.SQLException {
    try {
      return delegate.getDate(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Time getTime(int a0) throws java.sql.SQLException {
    try {
      return delegate.getTime(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Timestamp getTimestamp(int a0) throws java.sql.SQLException {
    try {
      return delegate.getTimestamp(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.InputStream getAsciiStream(int a0) throws java.sql.SQLException {
    try {
      return delegate.getAsciiStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.InputStream getUnicodeStream(int a0) throws java.sql.SQLException {
    try {
      return delegate.getUnicodeStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.InputStream getBinaryStream(int a0) throws java.sql.SQLException {
    try {
      return delegate.getBinaryStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getString(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getString(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean getBoolean(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getBoolean(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public byte getByte(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getByte(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public short getShort(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getShort(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getInt(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getInt(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public long getLong(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getLong(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public float getFloat(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getFloat(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public double getDouble(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getDouble(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(java.lang.String a0, int a1) throws java.sql.SQLException {
    try {
      return delegate.getBigDecimal(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public byte[] getBytes(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getBytes(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Date getDate(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getDate(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Time getTime(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getTime(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Timestamp getTimestamp(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getTimestamp(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.InputStream getAsciiStream(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getAsciiStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.InputStream getUnicodeStream(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getUnicodeStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.InputStream getBinaryStream(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getBinaryStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
    try {
      return delegate.getWarnings();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void clearWarnings() throws java.sql.SQLException {
    try {
      delegate.clearWarnings();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getCursorName() throws java.sql.SQLException {
    try {
      return delegate.getCursorName();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSetMetaData getMetaData() throws java.sql.SQLException {
    try {
      return delegate.getMetaData();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.Object getObject(int a0) throws java.sql.SQLException {
    try {
      return delegate.getObject(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.Object getObject(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getObject(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int findColumn(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.findColumn(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.Reader getCharacterStream(int a0) throws java.sql.SQLException {
    try {
      return delegate.getCharacterStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.Reader getCharacterStream(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getCharacterStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0) throws java.sql.SQLException {
    try {
      return delegate.getBigDecimal(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getBigDecimal(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isBeforeFirst() throws java.sql.SQLException {
    try {
      return delegate.isBeforeFirst();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isAfterLast() throws java.sql.SQLException {
    try {
      return delegate.isAfterLast();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isFirst() throws java.sql.SQLException {
    try {
      return delegate.isFirst();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isLast() throws java.sql.SQLException {
    try {
      return delegate.isLast();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void beforeFirst() throws java.sql.SQLException {
    try {
      delegate.beforeFirst();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void afterLast() throws java.sql.SQLException {
    try {
      delegate.afterLast();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean first() throws java.sql.SQLException {
    try {
      return delegate.first();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean last() throws java.sql.SQLException {
    try {
      return delegate.last();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getRow() throws java.sql.SQLException {
    try {
      return delegate.getRow();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean absolute(int a0) throws java.sql.SQLException {
    try {
      return delegate.absolute(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean relative(int a0) throws java.sql.SQLException {
    try {
      return delegate.relative(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean previous() throws java.sql.SQLException {
    try {
      return delegate.previous();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void setFetchDirection(int a0) throws java.sql.SQLException {
    try {
      delegate.setFetchDirection(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getFetchDirection() throws java.sql.SQLException {
    try {
      return delegate.getFetchDirection();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void setFetchSize(int a0) throws java.sql.SQLException {
    try {
      delegate.setFetchSize(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getFetchSize() throws java.sql.SQLException {
    try {
      return delegate.getFetchSize();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getType() throws java.sql.SQLException {
    try {
      return delegate.getType();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getConcurrency() throws java.sql.SQLException {
    try {
      return delegate.getConcurrency();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean rowUpdated() throws java.sql.SQLException {
    try {
      return delegate.rowUpdated();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean rowInserted() throws java.sql.SQLException {
    try {
      return delegate.rowInserted();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean rowDeleted() throws java.sql.SQLException {
    try {
      return delegate.rowDeleted();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNull(int a0) throws java.sql.SQLException {
    try {
      delegate.updateNull(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBoolean(int a0, boolean a1) throws java.sql.SQLException {
    try {
      delegate.updateBoolean(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateByte(int a0, byte a1) throws java.sql.SQLException {
    try {
      delegate.updateByte(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateShort(int a0, short a1) throws java.sql.SQLException {
    try {
      delegate.updateShort(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateInt(int a0, int a1) throws java.sql.SQLException {
    try {
      delegate.updateInt(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateLong(int a0, long a1) throws java.sql.SQLException {
    try {
      delegate.updateLong(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateFloat(int a0, float a1) throws java.sql.SQLException {
    try {
      delegate.updateFloat(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateDouble(int a0, double a1) throws java.sql.SQLException {
    try {
      delegate.updateDouble(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws java.sql.SQLException {
    try {
      delegate.updateBigDecimal(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateString(int a0, java.lang.String a1) throws java.sql.SQLException {
    try {
      delegate.updateString(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBytes(int a0, byte[] a1) throws java.sql.SQLException {
    try {
      delegate.updateBytes(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateDate(int a0, java.sql.Date a1) throws java.sql.SQLException {
    try {
      delegate.updateDate(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateTime(int a0, java.sql.Time a1) throws java.sql.SQLException {
    try {
      delegate.updateTime(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateTimestamp(int a0, java.sql.Timestamp a1) throws java.sql.SQLException {
    try {
      delegate.updateTimestamp(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    try {
      delegate.updateAsciiStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    try {
      delegate.updateBinaryStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws java.sql.SQLException {
    try {
      delegate.updateCharacterStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateObject(int a0, java.lang.Object a1, int a2) throws java.sql.SQLException {
    try {
      delegate.updateObject(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateObject(int a0, java.lang.Object a1) throws java.sql.SQLException {
    try {
      delegate.updateObject(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNull(java.lang.String a0) throws java.sql.SQLException {
    try {
      delegate.updateNull(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBoolean(java.lang.String a0, boolean a1) throws java.sql.SQLException {
    try {
      delegate.updateBoolean(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateByte(java.lang.String a0, byte a1) throws java.sql.SQLException {
    try {
      delegate.updateByte(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateShort(java.lang.String a0, short a1) throws java.sql.SQLException {
    try {
      delegate.updateShort(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateInt(java.lang.String a0, int a1) throws java.sql.SQLException {
    try {
      delegate.updateInt(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateLong(java.lang.String a0, long a1) throws java.sql.SQLException {
    try {
      delegate.updateLong(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateFloat(java.lang.String a0, float a1) throws java.sql.SQLException {
    try {
      delegate.updateFloat(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateDouble(java.lang.String a0, double a1) throws java.sql.SQLException {
    try {
      delegate.updateDouble(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBigDecimal(java.lang.String a0, java.math.BigDecimal a1) throws java.sql.SQLException {
    try {
      delegate.updateBigDecimal(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateString(java.lang.String a0, java.lang.String a1) throws java.sql.SQLException {
    try {
      delegate.updateString(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBytes(java.lang.String a0, byte[] a1) throws java.sql.SQLException {
    try {
      delegate.updateBytes(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateDate(java.lang.String a0, java.sql.Date a1) throws java.sql.SQLException {
    try {
      delegate.updateDate(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateTime(java.lang.String a0, java.sql.Time a1) throws java.sql.SQLException {
    try {
      delegate.updateTime(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateTimestamp(java.lang.String a0, java.sql.Timestamp a1) throws java.sql.SQLException {
    try {
      delegate.updateTimestamp(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateAsciiStream(java.lang.String a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    try {
      delegate.updateAsciiStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBinaryStream(java.lang.String a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
    try {
      delegate.updateBinaryStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateCharacterStream(java.lang.String a0, java.io.Reader a1, int a2) throws java.sql.SQLException {
    try {
      delegate.updateCharacterStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateObject(java.lang.String a0, java.lang.Object a1, int a2) throws java.sql.SQLException {
    try {
      delegate.updateObject(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateObject(java.lang.String a0, java.lang.Object a1) throws java.sql.SQLException {
    try {
      delegate.updateObject(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void insertRow() throws java.sql.SQLException {
    try {
      delegate.insertRow();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateRow() throws java.sql.SQLException {
    try {
      delegate.updateRow();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void deleteRow() throws java.sql.SQLException {
    try {
      delegate.deleteRow();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void refreshRow() throws java.sql.SQLException {
    try {
      delegate.refreshRow();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void cancelRowUpdates() throws java.sql.SQLException {
    try {
      delegate.cancelRowUpdates();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void moveToInsertRow() throws java.sql.SQLException {
    try {
      delegate.moveToInsertRow();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void moveToCurrentRow() throws java.sql.SQLException {
    try {
      delegate.moveToCurrentRow();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Statement getStatement() throws java.sql.SQLException {
    try {
      return delegate.getStatement();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.Object getObject(int a0, java.util.Map<java.lang.String, java.lang.Class<?>> a1) throws java.sql.SQLException {
    try {
      return delegate.getObject(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Ref getRef(int a0) throws java.sql.SQLException {
    try {
      return delegate.getRef(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Blob getBlob(int a0) throws java.sql.SQLException {
    try {
      return delegate.getBlob(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Clob getClob(int a0) throws java.sql.SQLException {
    try {
      return delegate.getClob(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Array getArray(int a0) throws java.sql.SQLException {
    try {
      return delegate.getArray(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.Object getObject(java.lang.String a0, java.util.Map<java.lang.String, java.lang.Class<?>> a1) throws java.sql.SQLException {
    try {
      return delegate.getObject(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Ref getRef(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getRef(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Blob getBlob(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getBlob(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Clob getClob(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getClob(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Array getArray(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getArray(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Date getDate(int a0, java.util.Calendar a1) throws java.sql.SQLException {
    try {
      return delegate.getDate(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Date getDate(java.lang.String a0, java.util.Calendar a1) throws java.sql.SQLException {
    try {
      return delegate.getDate(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Time getTime(int a0, java.util.Calendar a1) throws java.sql.SQLException {
    try {
      return delegate.getTime(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Time getTime(java.lang.String a0, java.util.Calendar a1) throws java.sql.SQLException {
    try {
      return delegate.getTime(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Timestamp getTimestamp(int a0, java.util.Calendar a1) throws java.sql.SQLException {
    try {
      return delegate.getTimestamp(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Timestamp getTimestamp(java.lang.String a0, java.util.Calendar a1) throws java.sql.SQLException {
    try {
      return delegate.getTimestamp(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.net.URL getURL(int a0) throws java.sql.SQLException {
    try {
      return delegate.getURL(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.net.URL getURL(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getURL(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateRef(int a0, java.sql.Ref a1) throws java.sql.SQLException {
    try {
      delegate.updateRef(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateRef(java.lang.String a0, java.sql.Ref a1) throws java.sql.SQLException {
    try {
      delegate.updateRef(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBlob(int a0, java.sql.Blob a1) throws java.sql.SQLException {
    try {
      delegate.updateBlob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBlob(java.lang.String a0, java.sql.Blob a1) throws java.sql.SQLException {
    try {
      delegate.updateBlob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateClob(int a0, java.sql.Clob a1) throws java.sql.SQLException {
    try {
      delegate.updateClob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateClob(java.lang.String a0, java.sql.Clob a1) throws java.sql.SQLException {
    try {
      delegate.updateClob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateArray(int a0, java.sql.Array a1) throws java.sql.SQLException {
    try {
      delegate.updateArray(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateArray(java.lang.String a0, java.sql.Array a1) throws java.sql.SQLException {
    try {
      delegate.updateArray(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.RowId getRowId(int a0) throws java.sql.SQLException {
    try {
      return delegate.getRowId(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.RowId getRowId(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getRowId(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateRowId(int a0, java.sql.RowId a1) throws java.sql.SQLException {
    try {
      delegate.updateRowId(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateRowId(java.lang.String a0, java.sql.RowId a1) throws java.sql.SQLException {
    try {
      delegate.updateRowId(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getHoldability() throws java.sql.SQLException {
    try {
      return delegate.getHoldability();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isClosed() throws java.sql.SQLException {
    try {
      return delegate.isClosed();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNString(int a0, java.lang.String a1) throws java.sql.SQLException {
    try {
      delegate.updateNString(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNString(java.lang.String a0, java.lang.String a1) throws java.sql.SQLException {
    try {
      delegate.updateNString(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNClob(int a0, java.sql.NClob a1) throws java.sql.SQLException {
    try {
      delegate.updateNClob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNClob(java.lang.String a0, java.sql.NClob a1) throws java.sql.SQLException {
    try {
      delegate.updateNClob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.NClob getNClob(int a0) throws java.sql.SQLException {
    try {
      return delegate.getNClob(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.NClob getNClob(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getNClob(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.SQLXML getSQLXML(int a0) throws java.sql.SQLException {
    try {
      return delegate.getSQLXML(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.SQLXML getSQLXML(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getSQLXML(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateSQLXML(int a0, java.sql.SQLXML a1) throws java.sql.SQLException {
    try {
      delegate.updateSQLXML(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateSQLXML(java.lang.String a0, java.sql.SQLXML a1) throws java.sql.SQLException {
    try {
      delegate.updateSQLXML(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getNString(int a0) throws java.sql.SQLException {
    try {
      return delegate.getNString(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getNString(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getNString(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.Reader getNCharacterStream(int a0) throws java.sql.SQLException {
    try {
      return delegate.getNCharacterStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.io.Reader getNCharacterStream(java.lang.String a0) throws java.sql.SQLException {
    try {
      return delegate.getNCharacterStream(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateNCharacterStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNCharacterStream(java.lang.String a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateNCharacterStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateAsciiStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateBinaryStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateCharacterStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateAsciiStream(java.lang.String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateAsciiStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBinaryStream(java.lang.String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateBinaryStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateCharacterStream(java.lang.String a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateCharacterStream(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBlob(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateBlob(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBlob(java.lang.String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateBlob(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateClob(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateClob(java.lang.String a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateClob(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateNClob(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNClob(java.lang.String a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
    try {
      delegate.updateNClob(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
    try {
      delegate.updateNCharacterStream(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNCharacterStream(java.lang.String a0, java.io.Reader a1) throws java.sql.SQLException {
    try {
      delegate.updateNCharacterStream(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
    try {
      delegate.updateAsciiStream(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
    try {
      delegate.updateBinaryStream(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
    try {
      delegate.updateCharacterStream(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateAsciiStream(java.lang.String a0, java.io.InputStream a1) throws java.sql.SQLException {
    try {
      delegate.updateAsciiStream(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBinaryStream(java.lang.String a0, java.io.InputStream a1) throws java.sql.SQLException {
    try {
      delegate.updateBinaryStream(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateCharacterStream(java.lang.String a0, java.io.Reader a1) throws java.sql.SQLException {
    try {
      delegate.updateCharacterStream(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBlob(int a0, java.io.InputStream a1) throws java.sql.SQLException {
    try {
      delegate.updateBlob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateBlob(java.lang.String a0, java.io.InputStream a1) throws java.sql.SQLException {
    try {
      delegate.updateBlob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
    try {
      delegate.updateClob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateClob(java.lang.String a0, java.io.Reader a1) throws java.sql.SQLException {
    try {
      delegate.updateClob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
    try {
      delegate.updateNClob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateNClob(java.lang.String a0, java.io.Reader a1) throws java.sql.SQLException {
    try {
      delegate.updateNClob(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public <T> T getObject(int a0, java.lang.Class<T> a1) throws java.sql.SQLException {
    try {
      return delegate.getObject(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public <T> T getObject(java.lang.String a0, java.lang.Class<T> a1) throws java.sql.SQLException {
    try {
      return delegate.getObject(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateObject(int a0, java.lang.Object a1, java.sql.SQLType a2, int a3) throws java.sql.SQLException {
    try {
      delegate.updateObject(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateObject(java.lang.String a0, java.lang.Object a1, java.sql.SQLType a2, int a3) throws java.sql.SQLException {
    try {
      delegate.updateObject(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateObject(int a0, java.lang.Object a1, java.sql.SQLType a2) throws java.sql.SQLException {
    try {
      delegate.updateObject(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public void updateObject(java.lang.String a0, java.lang.Object a1, java.sql.SQLType a2) throws java.sql.SQLException {
    try {
      delegate.updateObject(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public <T> T unwrap(java.lang.Class<T> a0) throws java.sql.SQLException {
    try {
      return delegate.unwrap(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isWrapperFor(java.lang.Class<?> a0) throws java.sql.SQLException {
    try {
      return delegate.isWrapperFor(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }
}
