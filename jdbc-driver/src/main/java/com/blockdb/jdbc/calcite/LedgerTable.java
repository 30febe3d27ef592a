package com.blockdb.jdbc.calcite;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.jdbc.store.Session;
import com.blockdb.jdbc.store.SystemColumns;
import java.lang.reflect.Type;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.Wrapper;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.AbstractTableQueryable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.InitializerExpressionFactory;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A BlockDB table as Calcite sees it: rows streamed from an engine scan with key filters and
 * projections pushed down, INSERT staged into the session's statement batch, and the read-only
 * system columns after the user columns. One instance per connection (it holds the session).
 */
public abstract class LedgerTable extends AbstractTable
    implements ProjectableFilterableTable, ModifiableTable, Wrapper {
  protected final Session session;

  protected LedgerTable(Session session) {
    this.session = session;
  }

  /** The engine table id. */
  public abstract int tableId();

  /** The table name in schema BLOCKDB. */
  public abstract String name();

  /** Number of user columns (system columns follow them). */
  public abstract int userColumnCount();

  /** How primary key values map to engine keys, for push-down. */
  abstract KeySpace keySpace();

  /** The user column names, in order. */
  public abstract java.util.List<String> userColumnNames();

  /** Number of primary key columns. */
  public int keyColumnCount() {
    return keySpace().keyColumnCount();
  }

  /** The key-order index of the primary key column {@code name}, or -1. */
  public int keyIndexOf(String name) {
    int pos = columnPosition(name);
    KeySpace ks = keySpace();
    for (int i = 0; i < ks.keyColumnCount(); i++) {
      if (ks.keyColumnPosition(i) == pos) {
        return i;
      }
    }
    return -1;
  }

  /** The row position of a user or system column, or -1. */
  public int columnPosition(String name) {
    int i = userColumnNames().indexOf(name);
    if (i >= 0) {
      return i;
    }
    int s = SystemColumns.NAMES.indexOf(name);
    return s < 0 ? -1 : userColumnCount() + s;
  }

  /**
   * The engine key of primary key {@code values} (in key order), or null when a value is not
   * exactly of its column's type (the caller then lets Calcite convert and compare).
   */
  public byte[] exactKey(Object[] values) {
    KeySpace ks = keySpace();
    Object[] exact = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      exact[i] = ks.exactKeyValue(i, values[i]);
      if (exact[i] == null) {
        return null;
      }
    }
    try {
      return ks.encodeKey(exact);
    } catch (com.blockdb.jdbc.error.SqlStateException e) {
      return null; // e.g. longer than any stored key can be: Calcite answers (no row)
    }
  }

  /** The row of one key (or none), projected, as of {@code atSequence}. */
  public Enumerable<Object[]> pointRows(byte[] key, int[] projection, long atSequence) {
    return rows(KeyRange.points(java.util.List.of(key)), projection, atSequence);
  }

  /** Stages one inserted row (user columns, JDBC or internal values) into the session's statement. */
  public void stageRow(Object[] userRow) {
    byte[][] kv = encode(userRow);
    session.stage(tableId(), kv[0], kv[1]);
  }

  /**
   * Encodes a user row into {key, value} without staging it: pure (no session state), so a batch's
   * rows may be encoded on several threads. Throws what {@link #stageRow} would for a bad row.
   */
  public byte[][] encodeUserRow(Object[] userRow) {
    return encode(userRow);
  }

  /** Stages rows {@link #encodeUserRow encoded} beforehand, in order, into the current statement. */
  public void stageEncoded(byte[][][] rows) {
    session.stageAll(tableId(), rows);
  }

  /** Adds the user columns to {@code b}. */
  protected abstract void addUserColumns(RelDataTypeFactory tf, RelDataTypeFactory.Builder b);

  /**
   * Fills the wanted user columns of {@code out} (positions {@code 0..userColumnCount-1}) from a
   * stored entry.
   */
  protected abstract void decode(Entry e, Object[] out, boolean[] wanted);

  /** Converts an inserted row (internal values, user columns first) into {key, value}. */
  protected abstract byte[][] encode(Object[] row);

  @Override
  public final RelDataType getRowType(RelDataTypeFactory tf) {
    RelDataTypeFactory.Builder b = tf.builder();
    addUserColumns(tf, b);
    b.add(SystemColumns.BLOCK, tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.BIGINT), true));
    // Sequence and timestamp are NULL on a row its own open transaction inserted (not committed yet).
    b.add(SystemColumns.SEQ, tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.BIGINT), true));
    b.add(SystemColumns.TS, tf.createTypeWithNullability(
        tf.createSqlType(SqlTypeName.TIMESTAMP, TypeMapping.TIME_PRECISION), true));
    b.add(SystemColumns.PRINCIPAL, SqlTypeName.VARCHAR);
    return b.build();
  }

  @Override
  public Statistic getStatistic() {
    List<Integer> keys = new ArrayList<>();
    KeySpace ks = keySpace();
    for (int i = 0; i < ks.keyColumnCount(); i++) {
      keys.add(ks.keyColumnPosition(i));
    }
    return Statistics.of(1_000_000d, List.of(ImmutableBitSet.of(keys)));
  }

  // ---- reads ----

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
    int columns = userColumnCount() + SystemColumns.COUNT;
    int[] proj = projects;
    if (proj == null) {
      proj = new int[columns];
      for (int i = 0; i < columns; i++) {
        proj[i] = i;
      }
    }
    KeyRange range = session.pushDown() ? KeyRangeAnalyzer.analyze(keySpace(), filters, root) : KeyRange.ALL;
    return rows(range, proj, session.readSequence());
  }

  /** The rows of {@code range}, projected, as of {@code atSequence}. */
  Enumerable<Object[]> rows(KeyRange range, int[] proj, long atSequence) {
    int userColumns = userColumnCount();
    boolean[] wanted = new boolean[userColumns];
    boolean anyUser = false;
    for (int p : proj) {
      if (p < userColumns) {
        wanted[p] = true;
        anyUser = true;
      }
    }
    final boolean decodeUser = anyUser;
    BlockDb engine = session.database().engine();
    int table = tableId();
    // An open transaction reads its own inserts on top of its snapshot (copied now, so that rows
    // it inserts while this result is read do not appear in it).
    NavigableMap<byte[], byte[]> pending = session.pendingRows(table);
    String principal = session.principal();
    // The statement running now: its cancel or timeout stops this scan at the next row.
    com.blockdb.jdbc.store.QueryGuard guard = session.guard();
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        Iterator<Entry> entries;
        EntryIterator closeable = null;
        if (range.isPoints()) {
          List<Entry> found = new ArrayList<>(range.points().size());
          for (byte[] key : range.points()) {
            byte[] mine = pending.isEmpty() ? null : pending.get(key);
            Entry e = mine != null ? PendingRows.entry(table, key, mine, principal) : engine.getEntry(table, key, atSequence);
            if (e != null) {
              found.add(e);
            }
          }
          entries = found.iterator();
        } else {
          closeable = engine.scan(table, range.from(), range.to(), atSequence);
          entries = pending.isEmpty() ? closeable
              : PendingRows.merge(closeable, PendingRows.slice(pending, range.from(), range.to()), table, principal);
        }
        return new RowEnumerator(entries, closeable, guard, e -> {
          Object[] full = new Object[userColumns + SystemColumns.COUNT];
          if (decodeUser) {
            decode(e, full, wanted);
          }
          Object[] out = new Object[proj.length];
          for (int i = 0; i < proj.length; i++) {
            int p = proj[i];
            out[i] = p < userColumns ? full[p] : systemValue(engine, e, p - userColumns);
          }
          return out;
        });
      }
    };
  }

  private static Object systemValue(BlockDb engine, Entry e, int which) {
    switch (which) {
      case 0: {
        if (PendingRows.isPending(e)) {
          return null;
        }
        long h = engine.blockHeightOf(e.sequence());
        return h < 0 ? null : h;
      }
      case 1:
        return PendingRows.isPending(e) ? null : e.sequence();
      case 2:
        return PendingRows.isPending(e) ? null : e.commitTimestamp();
      default:
        return e.principal();
    }
  }

  /** Streams entries into rows; closes the engine iterator when done or closed early. */
  private static final class RowEnumerator implements Enumerator<Object[]> {
    private final Iterator<Entry> entries;
    private final EntryIterator closeable;
    private final com.blockdb.jdbc.store.QueryGuard guard;
    private final java.util.function.Function<Entry, Object[]> toRow;
    private Object[] current;

    RowEnumerator(Iterator<Entry> entries, EntryIterator closeable, com.blockdb.jdbc.store.QueryGuard guard,
        java.util.function.Function<Entry, Object[]> toRow) {
      this.entries = entries;
      this.closeable = closeable;
      this.guard = guard;
      this.toRow = toRow;
    }

    @Override
    public Object[] current() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public boolean moveNext() {
      try {
        guard.check(); // a volatile read: cheap enough for every row
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      if (entries.hasNext()) {
        current = toRow.apply(entries.next());
        return true;
      }
      current = null;
      close();
      return false;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("a BlockDB scan cannot be restarted");
    }

    @Override
    public void close() {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  // ---- writes ----

  @Override
  public Collection getModifiableCollection() {
    return new AbstractCollection<Object>() {
      @Override
      public boolean add(Object o) {
        byte[][] kv = encode((Object[]) o);
        session.stage(tableId(), kv[0], kv[1]);
        return true;
      }

      @Override
      public int size() {
        return session.stagedCount(tableId());
      }

      @Override
      public Iterator<Object> iterator() {
        return Collections.emptyIterator(); // rows are never removed: DELETE is refused before planning
      }

      @Override
      public boolean remove(Object o) {
        throw new com.blockdb.jdbc.error.SqlStateException("0A000", com.blockdb.jdbc.error.VendorCodes.APPEND_ONLY,
            "rows are never removed: BlockDB tables are append-only");
      }

      @Override
      public void clear() {
        throw new com.blockdb.jdbc.error.SqlStateException("0A000", com.blockdb.jdbc.error.VendorCodes.APPEND_ONLY,
            "rows are never removed: BlockDB tables are append-only");
      }
    };
  }

  @Override
  public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table,
      Prepare.CatalogReader catalogReader, RelNode child, TableModify.Operation operation,
      List<String> updateColumnList, List<RexNode> sourceExpressionList, boolean flattened) {
    if (operation != TableModify.Operation.INSERT) {
      // Unreachable through the driver (refused by keyword first); an SQLState if anything gets here.
      throw new com.blockdb.jdbc.error.SqlStateException("0A000", com.blockdb.jdbc.error.VendorCodes.APPEND_ONLY,
          operation + " is not supported: BlockDB tables are append-only");
    }
    return LogicalTableModify.create(table, catalogReader, child, operation, updateColumnList,
        sourceExpressionList, flattened);
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    return new AbstractTableQueryable<T>(queryProvider, schema, this, tableName) {
      @SuppressWarnings("unchecked")
      @Override
      public Enumerator<T> enumerator() {
        return (Enumerator<T>) scan(null, List.of(), null).enumerator();
      }
    };
  }

  @Override
  public Type getElementType() {
    return Object[].class;
  }

  @Override
  public Expression getExpression(SchemaPlus schema, String tableName, Class clazz) {
    return Schemas.tableExpression(schema, getElementType(), tableName, clazz);
  }

  @Override
  public <C> C unwrap(Class<C> aClass) {
    if (aClass.isInstance(this)) {
      return aClass.cast(this);
    }
    if (aClass == InitializerExpressionFactory.class) {
      return aClass.cast(new SystemColumnStrategy(userColumnCount()));
    }
    return null;
  }
}
