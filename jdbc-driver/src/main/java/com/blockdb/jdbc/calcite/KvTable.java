package com.blockdb.jdbc.calcite;

import com.blockdb.engine.Entry;
import com.blockdb.engine.Tables;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import com.blockdb.jdbc.store.Session;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code BLOCKDB.KV}: the key/value store the CLI and REST API write, as a table. KEY is the key's
 * UTF-8 text, VAL the value as text and VAL_BYTES the raw value. Keys are stored as plain UTF-8
 * (what the CLI writes), whose byte order is code point order, not Java's UTF-16 order, so range
 * push-down is used only for bounds below U+D800, where the two orders agree.
 */
public final class KvTable extends LedgerTable {
  public static final String NAME = "KV";
  private static final ColumnDef KEY = ColumnDef.of("KEY", ColumnType.VARCHAR, false);
  private final KeySpace keySpace = new KvKeySpace();

  public KvTable(Session session) {
    super(session);
  }

  @Override
  public int tableId() {
    return Tables.KV;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int userColumnCount() {
    return 3;
  }

  @Override
  public java.util.List<String> userColumnNames() {
    return java.util.List.of("KEY", "VAL", "VAL_BYTES");
  }

  @Override
  KeySpace keySpace() {
    return keySpace;
  }

  @Override
  protected void addUserColumns(RelDataTypeFactory tf, RelDataTypeFactory.Builder b) {
    b.add("KEY", SqlTypeName.VARCHAR);
    b.add("VAL", tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARCHAR), true));
    b.add("VAL_BYTES", tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARBINARY), true));
  }

  @Override
  protected void decode(Entry e, Object[] out, boolean[] wanted) {
    if (wanted[0]) {
      out[0] = new String(e.key(), StandardCharsets.UTF_8);
    }
    if (wanted[1]) {
      out[1] = new String(e.value(), StandardCharsets.UTF_8);
    }
    if (wanted[2]) {
      out[2] = new ByteString(e.value());
    }
  }

  @Override
  protected byte[][] encode(Object[] row) {
    return encodeRow(row[0], row[1], row[2]);
  }

  /** {key, value} of a KV row; exactly one of {@code text} and {@code bytes} must be given. */
  public static byte[][] encodeRow(Object key, Object text, Object bytes) {
    if (key == null) {
      throw new SqlStateException("23502", VendorCodes.NOT_NULL, "NULL in NOT NULL column KV.KEY");
    }
    if (text != null && bytes != null) {
      throw new SqlStateException("22023", VendorCodes.INVALID_ARGUMENT,
          "KV takes the value once: give VAL (text) or VAL_BYTES (bytes), not both");
    }
    if (text == null && bytes == null) {
      throw new SqlStateException("23502", VendorCodes.NOT_NULL,
          "NULL value for KV key '" + key + "': give VAL (text) or VAL_BYTES (bytes)");
    }
    byte[] k = key.toString().getBytes(StandardCharsets.UTF_8);
    if (k.length == 0) {
      throw new SqlStateException("22023", VendorCodes.INVALID_ARGUMENT, "KV.KEY must not be empty");
    }
    byte[] v = text != null ? text.toString().getBytes(StandardCharsets.UTF_8)
        : bytes instanceof ByteString b ? b.getBytes() : bytes instanceof byte[] a ? a : null;
    if (v == null) {
      throw new SqlStateException("22018", VendorCodes.WRONG_TYPE,
          "KV.VAL_BYTES takes VARBINARY, not " + bytes.getClass().getSimpleName());
    }
    return new byte[][] {k, v};
  }

  /** Push-down over raw UTF-8 keys. */
  private static final class KvKeySpace implements KeySpace {
    @Override
    public int keyColumnCount() {
      return 1;
    }

    @Override
    public int keyColumnPosition(int i) {
      return 0;
    }

    @Override
    public ColumnDef keyColumn(int i) {
      return KEY;
    }

    @Override
    public Object exactKeyValue(int i, Object value) {
      return value instanceof String s && !s.isEmpty() ? s : null;
    }

    @Override
    public boolean rangeable(int i, Object value) {
      String s = (String) value;
      for (int j = 0; j < s.length(); j++) {
        if (s.charAt(j) >= '\uD800') {
          return false;
        }
      }
      return true;
    }

    @Override
    public byte[] encodeKey(Object[] values) {
      return values[0].toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] encodePrefix(Object[] values) {
      return values.length == 0 ? new byte[0] : encodeKey(values);
    }

    @Override
    public byte[] encodeStringPrefix(Object[] leading, String prefix) {
      char last = prefix.charAt(prefix.length() - 1);
      return Character.isHighSurrogate(last) ? null : prefix.getBytes(StandardCharsets.UTF_8);
    }
  }
}
