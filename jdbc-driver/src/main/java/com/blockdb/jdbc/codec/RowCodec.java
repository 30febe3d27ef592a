package com.blockdb.jdbc.codec;

import com.blockdb.engine.Limits;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.TableDef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Encodes the stored value of a SQL table's row: a format byte, a null bitmap and the non-key
 * columns in definition order, compactly and not order-preserving (the key columns live in the
 * key, see {@link KeyCodec}). Layout: docs/FORMAT.md, "SQL tables: keys and rows".
 */
public final class RowCodec {
  /** The only row format so far. */
  public static final int FORMAT_1 = 1;

  /**
   * One encoding buffer per thread, reused row after row: the row is copied out at its exact size,
   * so a batch of rows leaves one array each behind instead of a buffer, its growth and a copy.
   */
  private static final int KEPT_SINK_BYTES = 64 * 1024;
  private static final ThreadLocal<ByteSink> SINK = ThreadLocal.withInitial(() -> new ByteSink(256));

  private RowCodec() {}

  /** The stored value of {@code row}: all user columns in definition order, normalized. */
  public static byte[] encodeRow(TableDef t, Object[] row) {
    List<ColumnDef> cols = t.columns();
    if (row.length != cols.size()) {
      throw new IllegalArgumentException("table " + t.name() + " has " + cols.size()
          + " columns, got " + row.length + " values");
    }
    int[] nonKey = nonKeyColumns(t);
    int bitmapBytes = (nonKey.length + 7) / 8;
    byte[] bitmap = new byte[bitmapBytes];
    for (int i = 0; i < nonKey.length; i++) {
      if (row[nonKey[i]] == null) {
        ColumnDef col = cols.get(nonKey[i]);
        if (!col.nullable()) {
          throw new SqlStateException("23502", VendorCodes.NOT_NULL,
              "NULL in NOT NULL column " + t.name() + "." + col.name());
        }
        bitmap[i / 8] |= (byte) (1 << (i % 8));
      }
    }
    ByteSink sink = SINK.get();
    sink.reset();
    sink.write(FORMAT_1);
    sink.write(bitmap);
    for (int index : nonKey) {
      if (row[index] != null) {
        writeValue(t, cols.get(index), row[index], sink);
      }
    }
    if (sink.size() > Limits.MAX_VALUE_BYTES) {
      throw new SqlStateException("22001", VendorCodes.TOO_LONG, "a row of table " + t.name()
          + " encodes to " + sink.size() + " bytes, above the limit of " + Limits.MAX_VALUE_BYTES);
    }
    byte[] value = sink.toByteArray();
    if (sink.capacity() > KEPT_SINK_BYTES) {
      SINK.remove(); // a huge row's buffer is not kept for the thread's small ones
    }
    return value;
  }

  /**
   * Decodes the non-key columns of a stored row into {@code out} (indexed like the table's columns)
   * where {@code wanted} is true, or all of them when {@code wanted} is null; unwanted columns are
   * skipped without being decoded and their slots left as they were.
   */
  public static void decodeRow(TableDef t, byte[] value, Object[] out, boolean[] wanted) {
    List<ColumnDef> cols = t.columns();
    ByteSource src = new ByteSource(value, t.name(), "row");
    int format = src.readByte();
    if (format != FORMAT_1) {
      throw src.corrupt("unknown row format " + format);
    }
    int[] nonKey = nonKeyColumns(t);
    byte[] bitmap = src.readBytes((nonKey.length + 7) / 8);
    int spare = nonKey.length % 8;
    if (spare != 0 && (bitmap[bitmap.length - 1] & (0xFF << spare)) != 0) {
      throw src.corrupt("null bitmap bits set beyond the last column");
    }
    for (int i = 0; i < nonKey.length; i++) {
      int index = nonKey[i];
      ColumnDef col = cols.get(index);
      boolean isNull = (bitmap[i / 8] & (1 << (i % 8))) != 0;
      boolean want = wanted == null || wanted[index];
      if (isNull) {
        if (!col.nullable()) {
          throw src.corrupt("NULL in NOT NULL column " + col.name());
        }
        if (want) {
          out[index] = null;
        }
      } else if (want) {
        out[index] = readValue(col, src);
      } else {
        skipValue(col, src);
      }
    }
    if (!src.atEnd()) {
      throw src.corrupt(src.remaining() + " bytes after the last column");
    }
  }

  /** Decodes a key written by {@link KeyCodec#encodeKey} into the key columns' slots of out. */
  public static void decodeKeyInto(TableDef t, byte[] key, Object[] out) {
    Object[] values = KeyCodec.decodeKey(t, key);
    List<Integer> pk = t.primaryKey();
    for (int i = 0; i < values.length; i++) {
      out[pk.get(i)] = values[i];
    }
  }

  /** Indexes of the columns not in the primary key, in definition order. */
  private static int[] nonKeyColumns(TableDef t) {
    return t.nonKeyColumnIndexes(); // computed once per definition
  }

  private static void writeValue(TableDef t, ColumnDef col, Object value, ByteSink sink) {
    try {
      switch (col.type()) {
        case BOOLEAN -> sink.write((Boolean) value ? 1 : 0);
        case INTEGER, DATE, TIME -> sink.writeZigzag((Integer) value);
        case BIGINT, TIMESTAMP -> sink.writeZigzag((Long) value);
        case DOUBLE -> sink.writeLong(Double.doubleToLongBits((Double) value));
        case DECIMAL -> {
          BigDecimal d = ((BigDecimal) value).setScale(col.scale(), RoundingMode.UNNECESSARY);
          if (d.precision() <= 18) {
            // The unscaled value fits a long: the same bytes as BigInteger.toByteArray, no garbage.
            long unscaled = d.scaleByPowerOfTen(d.scale()).longValueExact();
            sink.writeVarint(ByteSink.minimalTwosComplementLength(unscaled));
            sink.writeMinimalTwosComplement(unscaled);
          } else {
            byte[] b = d.unscaledValue().toByteArray();
            sink.writeVarint(b.length);
            sink.write(b);
          }
        }
        case VARCHAR, CHAR -> {
          String s = (String) value;
          sink.writeVarint(Cesu8.length(s));
          Cesu8.write(sink, s);
        }
        case VARBINARY -> {
          ByteString b = (ByteString) value;
          sink.writeVarint(b.length());
          sink.write(b.getBytes());
        }
        default -> throw new IllegalStateException("no row encoding for " + col.type());
      }
    } catch (ClassCastException | ArithmeticException e) {
      throw new IllegalArgumentException("column " + t.name() + "." + col.name() + " "
          + col.typeSql() + " got " + value.getClass().getSimpleName() + " " + value
          + "; normalize values first", e);
    }
  }

  private static Object readValue(ColumnDef col, ByteSource src) {
    return switch (col.type()) {
      case BOOLEAN -> switch (src.readByte()) {
        case 0 -> Boolean.FALSE;
        case 1 -> Boolean.TRUE;
        default -> throw src.corrupt("a boolean other than 0 or 1 in column " + col.name());
      };
      case INTEGER, DATE, TIME -> src.readZigzagInt();
      case BIGINT, TIMESTAMP -> src.readZigzag();
      case DOUBLE -> Double.longBitsToDouble(src.readLong());
      case DECIMAL -> {
        int n = src.readLength();
        if (n == 0) {
          throw src.corrupt("an empty DECIMAL in column " + col.name());
        }
        yield new BigDecimal(new BigInteger(src.readBytes(n)), col.scale());
      }
      case VARCHAR, CHAR -> Cesu8.read(src, src.readLength());
      case VARBINARY -> new ByteString(src.readBytes(src.readLength()));
    };
  }

  private static void skipValue(ColumnDef col, ByteSource src) {
    switch (col.type()) {
      case BOOLEAN -> src.skip(1);
      case INTEGER, DATE, TIME, BIGINT, TIMESTAMP -> src.readVarint();
      case DOUBLE -> src.skip(8);
      case DECIMAL, VARCHAR, CHAR, VARBINARY -> src.skip(src.readLength());
      default -> throw new IllegalStateException("no row encoding for " + col.type());
    }
  }
}
