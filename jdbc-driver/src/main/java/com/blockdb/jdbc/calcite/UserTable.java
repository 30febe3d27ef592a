package com.blockdb.jdbc.calcite;

import com.blockdb.engine.Entry;
import com.blockdb.jdbc.codec.KeyCodec;
import com.blockdb.jdbc.codec.RowCodec;
import com.blockdb.jdbc.codec.ValueNormalizer;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.TableDef;
import com.blockdb.jdbc.store.Session;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/** A table created with CREATE TABLE: typed columns, rows keyed by the encoded primary key. */
public final class UserTable extends LedgerTable {
  private final TableDef def;
  private final KeySpace keySpace;

  public UserTable(Session session, TableDef def) {
    super(session);
    this.def = def;
    this.keySpace = new UserKeySpace(def);
  }

  public TableDef definition() {
    return def;
  }

  @Override
  public int tableId() {
    return def.id();
  }

  @Override
  public String name() {
    return def.name();
  }

  @Override
  public int userColumnCount() {
    return def.columns().size();
  }

  @Override
  public java.util.List<String> userColumnNames() {
    return def.columns().stream().map(ColumnDef::name).toList();
  }

  @Override
  KeySpace keySpace() {
    return keySpace;
  }

  @Override
  protected void addUserColumns(RelDataTypeFactory tf, RelDataTypeFactory.Builder b) {
    for (ColumnDef c : def.columns()) {
      b.add(c.name(), TypeMapping.toRelType(tf, c));
    }
  }

  @Override
  protected void decode(Entry e, Object[] out, boolean[] wanted) {
    RowCodec.decodeKeyInto(def, e.key(), out);
    RowCodec.decodeRow(def, e.value(), out, wanted);
  }

  @Override
  protected byte[][] encode(Object[] row) {
    return encodeRow(def, row);
  }

  /** Normalizes the user columns of {@code row} and encodes {key, value}. */
  public static byte[][] encodeRow(TableDef def, Object[] row) {
    int n = def.columns().size();
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = ValueNormalizer.normalize(def.name(), def.columns().get(i), row[i]);
    }
    Object[] key = new Object[def.primaryKey().size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = values[def.primaryKey().get(i)];
    }
    return new byte[][] {KeyCodec.encodeKey(def, key), RowCodec.encodeRow(def, values)};
  }

  /** Primary key push-down over the order-preserving key encoding. */
  private static final class UserKeySpace implements KeySpace {
    private final TableDef def;

    UserKeySpace(TableDef def) {
      this.def = def;
    }

    @Override
    public int keyColumnCount() {
      return def.primaryKey().size();
    }

    @Override
    public int keyColumnPosition(int i) {
      return def.primaryKey().get(i);
    }

    @Override
    public ColumnDef keyColumn(int i) {
      return def.columns().get(def.primaryKey().get(i));
    }

    @Override
    public Object exactKeyValue(int i, Object value) {
      return ExactValues.toKey(def.name(), keyColumn(i), value);
    }

    @Override
    public boolean rangeable(int i, Object value) {
      return true;
    }

    @Override
    public byte[] encodeKey(Object[] values) {
      return KeyCodec.encodeKey(def, values);
    }

    @Override
    public byte[] encodePrefix(Object[] values) {
      return values.length == keyColumnCount() ? KeyCodec.encodeKey(def, values) : KeyCodec.encodePrefix(def, values);
    }

    @Override
    public byte[] encodeStringPrefix(Object[] leading, String prefix) {
      return KeyCodec.encodeStringPrefix(def, leading, prefix);
    }
  }
}
