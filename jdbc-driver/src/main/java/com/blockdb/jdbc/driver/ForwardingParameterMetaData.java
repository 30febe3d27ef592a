package com.blockdb.jdbc.driver;

/**
 * Forwards every {@link java.sql.ParameterMetaData} method to a delegate, turning whatever it throws into an
 * {@link java.sql.SQLException} with a SQLState through {@link #translate}. Generated from the
 * JDK interface; subclasses override only what BlockDB does differently.
 */
abstract class ForwardingParameterMetaData implements java.sql.ParameterMetaData {
  protected final java.sql.ParameterMetaData delegate;

  protected ForwardingParameterMetaData(java.sql.ParameterMetaData delegate) {
    this.delegate = delegate;
  }

  /** The exception to throw for {@code e}, raised by the delegate. */
  protected abstract java.sql.SQLException translate(Throwable e);

  @Override
  public int getParameterCount() throws java.sql.SQLException {
    try {
      return delegate.getParameterCount();
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
  public int getParameterType(int a0) throws java.sql.SQLException {
    try {
      return delegate.getParameterType(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getParameterTypeName(int a0) throws java.sql.SQLException {
    try {
      return delegate.getParameterTypeName(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getParameterClassName(int a0) throws java.sql.SQLException {
    try {
      return delegate.getParameterClassName(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getParameterMode(int a0) throws java.sql.SQLException {
    try {
      return delegate.getParameterMode(a0);
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
