package com.blockdb.jdbc.xa;

import com.blockdb.jdbc.driver.BlockDbConnection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.StatementEventListener;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;

/**
 * A pooled physical connection with its XA resource. {@link #getConnection} hands out a logical
 * handle: closing the handle tells the listeners (the pool or transaction manager) and leaves the
 * physical connection open for the next borrower; {@link #close} closes it.
 */
final class BlockDbXAConnection implements XAConnection {
  private final BlockDbConnection physical;
  private final BlockDbXAResource resource;
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
  private Connection handle;

  BlockDbXAConnection(BlockDbConnection physical) {
    this.physical = physical;
    this.resource = new BlockDbXAResource(physical);
  }

  @Override
  public XAResource getXAResource() {
    return resource;
  }

  @Override
  public synchronized Connection getConnection() throws SQLException {
    if (physical.isClosed()) {
      throw new SQLException("the XA connection is closed", "08003");
    }
    if (handle != null) {
      ((Handle) Proxy.getInvocationHandler(handle)).closed = true; // one live handle at a time (JDBC 4.3 §12.2)
    }
    handle = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new Handle());
    return handle;
  }

  @Override
  public void close() throws SQLException {
    physical.close();
  }

  @Override
  public void addConnectionEventListener(ConnectionEventListener l) {
    listeners.add(l);
  }

  @Override
  public void removeConnectionEventListener(ConnectionEventListener l) {
    listeners.remove(l);
  }

  @Override
  public void addStatementEventListener(StatementEventListener l) {
    // Statement pooling is not offered: there are no statement events to send.
  }

  @Override
  public void removeStatementEventListener(StatementEventListener l) {}

  /** The logical handle: forwards to the physical connection until closed. */
  private final class Handle implements java.lang.reflect.InvocationHandler {
    volatile boolean closed;

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
      switch (m.getName()) {
        case "close":
          if (!closed) {
            closed = true;
            ConnectionEvent ev = new ConnectionEvent(BlockDbXAConnection.this);
            for (ConnectionEventListener l : listeners) {
              l.connectionClosed(ev);
            }
          }
          return null;
        case "isClosed":
          return closed || physical.isClosed();
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "BlockDB XA connection handle" + (closed ? " (closed)" : "");
        default:
          if (closed) {
            throw new SQLException("the connection handle is closed", "08003");
          }
          try {
            return m.invoke(physical, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
      }
    }
  }
}
