package com.blockdb.jdbc.driver;

/**
 * Forwards every {@link java.sql.ResultSetMetaData} method to a delegate, turning whatever it throws into an
 * {@link java.sql.SQLException} with a SQLState through {@link #translate}. Generated from the
 * JDK interface; subclasses override only what BlockDB does differently.
 */
abstract class ForwardingResultSetMetaData implements java.sql.ResultSetMetaData {
  protected final java.sql.ResultSetMetaData delegate;

  protected ForwardingResultSetMetaData(java.sql.ResultSetMetaData delegate) {
    this.delegate = delegate;
  }

  /** The exception to throw for {@code e}, raised by the delegate. */
  protected abstract java.sql.SQLException translate(Throwable e);

  @Override
  public int getColumnCount() throws java.sql.SQLException {
    try {
      return delegate.getColumnCount();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isAutoIncrement(int a0) throws java.sql.SQLException {
    try {
      return delegate.isAutoIncrement(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isCaseSensitive(int a0) throws java.sql.SQLException {
    try {
      return delegate.isCaseSensitive(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isSearchable(int a0) throws java.sql.SQLException {
    try {
      return delegate.isSearchable(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isCurrency(int a0) throws java.sql.SQLException {
    try {
      return delegate.isCurrency(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int isNullable(int a0) throws java.sql.SQLException {
    try {
      return delegate.isNullable(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isSigned(int a0) throws java.sql.SQLException {
    try {
      return delegate.isSigned(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getColumnDisplaySize(int a0) throws java.sql.SQLException {
    try {
      return delegate.getColumnDisplaySize(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getColumnLabel(int a0) throws java.sql.SQLException {
    try {
      return delegate.getColumnLabel(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getColumnName(int a0) throws java.sql.SQLException {
    try {
      return delegate.getColumnName(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getSchemaName(int a0) throws java.sql.SQLException {
    try {
      return delegate.getSchemaName(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getPrecision(int a0) throws java.sql.SQLException {
    try {
      return delegate.getPrecision(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getScale(int a0) throws java.sql.SQLException {
    try {
      return delegate.getScale(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getTableName(int a0) throws java.sql.SQLException {
    try {
      return delegate.getTableName(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getCatalogName(int a0) throws java.sql.SQLException {
    try {
      return delegate.getCatalogName(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getColumnType(int a0) throws java.sql.SQLException {
    try {
      return delegate.getColumnType(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getColumnTypeName(int a0) throws java.sql.SQLException {
    try {
      return delegate.getColumnTypeName(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isReadOnly(int a0) throws java.sql.SQLException {
    try {
      return delegate.isReadOnly(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isWritable(int a0) throws java.sql.SQLException {
    try {
      return delegate.isWritable(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isDefinitelyWritable(int a0) throws java.sql.SQLException {
    try {
      return delegate.isDefinitelyWritable(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getColumnClassName(int a0) throws java.sql.SQLException {
    try {
      return delegate.getColumnClassName(a0);
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
