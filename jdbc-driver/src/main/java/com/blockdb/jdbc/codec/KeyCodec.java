package com.blockdb.jdbc.codec;

import com.blockdb.engine.Limits;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import com.blockdb.jdbc.schema.TableDef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Encodes a SQL table's primary key so that the engine's unsigned lexicographic byte order is the
 * key's SQL order as Calcite evaluates it, component by component, NULL last; and decodes it.
 *
 * <p>Each component is a marker byte ({@link #VALUE} or {@link #NULL}) then, for a value, its
 * type's bytes: fixed-width big-endian with the sign bit flipped for integers, IEEE bits with the
 * sign trick for DOUBLE, sign-and-length then magnitude for DECIMAL's unscaled value, and escaped,
 * terminated bytes for strings (CESU-8, see {@link Cesu8}) and binaries. Every component is
 * self-delimiting, so the first differing component decides the order of two keys. Layout:
 * docs/FORMAT.md, "SQL tables: keys and rows". Values must already be normalized ({@link
 * ValueNormalizer}).
 *
 * <p>The orders kept are Calcite's: {@link String#compareTo} (UTF-16 code units), BigDecimal and
 * Boolean compareTo, {@link Double#compare} on normalized doubles, and {@link
 * ByteString#compareTo}, which avatica-core 1.27.0 implements as unsigned lexicographic order with
 * a proper prefix first.
 */
public final class KeyCodec {
  /** Marker of a component holding a value. */
  static final int VALUE = 0x01;
  /** Marker of a NULL component: above {@link #VALUE}, so NULL sorts after every value. */
  static final int NULL = 0x02;
  /** DECIMAL header of zero; positive values add, negative values subtract, their byte length. */
  static final int DECIMAL_ZERO = 0x80;
  /** The most magnitude bytes a DECIMAL header can express (far above 38 digits' 16 bytes). */
  static final int MAX_DECIMAL_BYTES = 0x7F;

  private KeyCodec() {}

  /** The key of a row from its primary key values in key order; 22001 if longer than the limit. */
  public static byte[] encodeKey(TableDef t, Object[] keyValues) {
    List<ColumnDef> cols = t.keyColumns();
    if (keyValues.length != cols.size()) {
      throw new IllegalArgumentException("table " + t.name() + " has " + cols.size()
          + " key columns, got " + keyValues.length + " values");
    }
    ByteSink sink = new ByteSink();
    for (int i = 0; i < cols.size(); i++) {
      encodeComponent(cols.get(i), keyValues[i], sink);
    }
    if (sink.size() > Limits.MAX_KEY_BYTES) {
      throw new SqlStateException("22001", VendorCodes.TOO_LONG, "the primary key of table "
          + t.name() + " encodes to " + sink.size() + " bytes, above the limit of "
          + Limits.MAX_KEY_BYTES);
    }
    return sink.toByteArray();
  }

  /**
   * The bytes every key whose first {@code leadingValues.length} components equal these values
   * starts with, and no other key does. Not checked against the key limit: an over-long prefix
   * simply matches no key.
   */
  public static byte[] encodePrefix(TableDef t, Object[] leadingValues) {
    List<ColumnDef> cols = t.keyColumns();
    if (leadingValues.length > cols.size()) {
      throw new IllegalArgumentException("table " + t.name() + " has " + cols.size()
          + " key columns, got " + leadingValues.length + " leading values");
    }
    ByteSink sink = new ByteSink();
    for (int i = 0; i < leadingValues.length; i++) {
      encodeComponent(cols.get(i), leadingValues[i], sink);
    }
    return sink.toByteArray();
  }

  /**
   * The bytes every key starts with whose first components equal {@code leadingValues} and whose
   * next component, a VARCHAR or CHAR (as stored, CHAR padded), starts with {@code prefix}, as in
   * {@code LIKE 'prefix%'}; no other key starts with them.
   */
  public static byte[] encodeStringPrefix(TableDef t, Object[] leadingValues, String prefix) {
    List<ColumnDef> cols = t.keyColumns();
    if (leadingValues.length >= cols.size()) {
      throw new IllegalArgumentException("table " + t.name() + " has " + cols.size()
          + " key columns, so no string component follows " + leadingValues.length + " values");
    }
    ColumnDef next = cols.get(leadingValues.length);
    if (next.type() != ColumnType.VARCHAR && next.type() != ColumnType.CHAR) {
      throw new IllegalArgumentException("key column " + t.name() + "." + next.name() + " is "
          + next.typeSql() + ", not a string");
    }
    ByteSink sink = new ByteSink();
    for (int i = 0; i < leadingValues.length; i++) {
      encodeComponent(cols.get(i), leadingValues[i], sink);
    }
    sink.write(VALUE);
    Cesu8.writeEscaped(sink, prefix); // no terminator: longer strings continue here
    return sink.toByteArray();
  }

  /** The primary key values, in key order, of a key written by {@link #encodeKey}. */
  public static Object[] decodeKey(TableDef t, byte[] key) {
    List<ColumnDef> cols = t.keyColumns();
    ByteSource src = new ByteSource(key, t.name(), "key");
    Object[] values = new Object[cols.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = decodeComponent(cols.get(i), src);
    }
    if (!src.atEnd()) {
      throw src.corrupt(src.remaining() + " bytes after the last key column");
    }
    return values;
  }

  /** Appends one component: its marker, then the value's order-preserving bytes. */
  public static void encodeComponent(ColumnDef col, Object value, ByteSink sink) {
    if (value == null) {
      sink.write(NULL);
      return;
    }
    sink.write(VALUE);
    try {
      switch (col.type()) {
        case BOOLEAN -> sink.write((Boolean) value ? 1 : 0);
        case INTEGER, DATE, TIME -> sink.writeInt((Integer) value ^ Integer.MIN_VALUE);
        case BIGINT, TIMESTAMP -> sink.writeLong((Long) value ^ Long.MIN_VALUE);
        case DOUBLE -> sink.writeLong(orderedBits((Double) value));
        case DECIMAL -> writeDecimal(col, (BigDecimal) value, sink);
        case VARCHAR, CHAR -> {
          Cesu8.writeEscaped(sink, (String) value);
          Cesu8.writeTerminator(sink);
        }
        case VARBINARY -> writeEscapedBytes(((ByteString) value).getBytes(), sink);
        default -> throw new IllegalStateException("no key encoding for " + col.type());
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("key column " + col.name() + " " + col.typeSql()
          + " got a " + value.getClass().getSimpleName() + "; normalize values first", e);
    }
  }

  /** Reads one component written by {@link #encodeComponent}. */
  static Object decodeComponent(ColumnDef col, ByteSource src) {
    int marker = src.readByte();
    if (marker == NULL) {
      return null;
    } else if (marker != VALUE) {
      throw src.corrupt("component marker 0x" + Integer.toHexString(marker) + " of column "
          + col.name());
    }
    return switch (col.type()) {
      case BOOLEAN -> switch (src.readByte()) {
        case 0 -> Boolean.FALSE;
        case 1 -> Boolean.TRUE;
        default -> throw src.corrupt("a boolean other than 0 or 1 in column " + col.name());
      };
      case INTEGER, DATE, TIME -> src.readInt() ^ Integer.MIN_VALUE;
      case BIGINT, TIMESTAMP -> src.readLong() ^ Long.MIN_VALUE;
      case DOUBLE -> fromOrderedBits(src.readLong());
      case DECIMAL -> readDecimal(col, src);
      case VARCHAR, CHAR -> Cesu8.readEscaped(src);
      case VARBINARY -> new ByteString(readEscapedBytes(src));
    };
  }

  /**
   * IEEE bits made unsigned-comparable: a positive number gets its sign bit set, a negative one has
   * all bits inverted. -0.0 is written as 0.0 and every NaN as the canonical NaN, which lands above
   * +Infinity, as in {@link Double#compare}.
   */
  static long orderedBits(double d) {
    long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  static double fromOrderedBits(long v) {
    return Double.longBitsToDouble(v < 0 ? v ^ Long.MIN_VALUE : ~v);
  }

  /**
   * The unscaled value at the column's scale: a header byte 0x80 for zero, 0x80 + n for a positive
   * value of n magnitude bytes, 0x80 - n for a negative one; then the n bytes of the magnitude
   * (big-endian, no leading zero byte), inverted when negative. More bytes means a larger
   * magnitude, so the header orders by sign and size, the bytes by value.
   */
  private static void writeDecimal(ColumnDef col, BigDecimal value, ByteSink sink) {
    BigInteger unscaled;
    try {
      unscaled = value.setScale(col.scale(), RoundingMode.UNNECESSARY).unscaledValue();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("key column " + col.name() + " " + col.typeSql()
          + " got " + value.toPlainString() + " with more decimals; normalize values first", e);
    }
    int sign = unscaled.signum();
    if (sign == 0) {
      sink.write(DECIMAL_ZERO);
      return;
    }
    byte[] mag = unscaled.abs().toByteArray();
    int off = mag[0] == 0 ? 1 : 0; // toByteArray's sign byte
    int n = mag.length - off;
    if (n > MAX_DECIMAL_BYTES) {
      throw new IllegalArgumentException("key column " + col.name() + " got a DECIMAL of "
          + n + " bytes");
    }
    sink.write(sign > 0 ? DECIMAL_ZERO + n : DECIMAL_ZERO - n);
    for (int i = off; i < mag.length; i++) {
      sink.write(sign > 0 ? mag[i] : ~mag[i]);
    }
  }

  private static BigDecimal readDecimal(ColumnDef col, ByteSource src) {
    int header = src.readByte();
    if (header == DECIMAL_ZERO) {
      return BigDecimal.valueOf(0, col.scale());
    }
    boolean negative = header < DECIMAL_ZERO;
    int n = negative ? DECIMAL_ZERO - header : header - DECIMAL_ZERO;
    if (n > MAX_DECIMAL_BYTES) {
      throw src.corrupt("DECIMAL header 0x" + Integer.toHexString(header) + " in column "
          + col.name());
    }
    byte[] mag = src.readBytes(n);
    if (negative) {
      for (int i = 0; i < n; i++) {
        mag[i] = (byte) ~mag[i];
      }
    }
    if (mag[0] == 0) {
      throw src.corrupt("a DECIMAL magnitude with a leading zero byte in column " + col.name());
    }
    BigInteger unscaled = new BigInteger(negative ? -1 : 1, mag);
    return new BigDecimal(unscaled, col.scale());
  }

  /** Binary bytes with 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x01. */
  private static void writeEscapedBytes(byte[] b, ByteSink sink) {
    for (byte x : b) {
      sink.write(x);
      if (x == 0) {
        sink.write(Cesu8.ESCAPED_ZERO);
      }
    }
    Cesu8.writeTerminator(sink);
  }

  private static byte[] readEscapedBytes(ByteSource src) {
    ByteSink out = new ByteSink();
    while (true) {
      int b = src.readByte();
      if (b == Cesu8.ESCAPE) {
        int next = src.readByte();
        if (next == Cesu8.TERMINATOR) {
          return out.toByteArray();
        } else if (next != Cesu8.ESCAPED_ZERO) {
          throw src.corrupt("0x00 followed by 0x" + Integer.toHexString(next) + " in a binary");
        }
      }
      out.write(b);
    }
  }
}
