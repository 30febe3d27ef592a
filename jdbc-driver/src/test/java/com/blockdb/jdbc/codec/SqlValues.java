package com.blockdb.jdbc.codec;

import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Test generators of canonical column values that hit the encodings' traps, and the SQL order
 * they must keep (Calcite's comparisons, NULL last).
 */
final class SqlValues {
  /**
   * Code units whose order UTF-8 gets wrong or that need escaping: U+0000, the 1/2/3-byte
   * boundaries, lone surrogates, U+E000, U+FFFF, and a space (CHAR padding).
   */
  static final List<String> UNITS = List.of("a", "b", " ", "\0", "\u007F", "\u0080", "\u07FF",
      "\u0800", "\uD7FF", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uE000", "\uFFFF",
      new String(Character.toChars(0x10000)), new String(Character.toChars(0x1F600)),
      new String(Character.toChars(0x10FFFF)));

  private SqlValues() {}

  /** Strings of 0..max pieces from {@link #UNITS} (a supplementary character is one piece). */
  static Arbitrary<String> strings(int maxPieces) {
    return Arbitraries.of(UNITS).list().ofMaxSize(maxPieces).map(l -> String.join("", l));
  }

  /** Like {@link #strings} without lone surrogates: strings that UTF-8 keeps exactly. */
  static Arbitrary<String> wellFormedStrings(int maxPieces) {
    List<String> units = UNITS.stream()
        .filter(u -> u.length() == 2 || !Character.isSurrogate(u.charAt(0))).toList();
    return Arbitraries.of(units).list().ofMaxSize(maxPieces).map(l -> String.join("", l));
  }

  static Arbitrary<byte[]> bytes(int max) {
    return Arbitraries.of((byte) 0, (byte) 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF)
        .array(byte[].class).ofMaxSize(max);
  }

  static Arbitrary<Integer> ints() {
    return Arbitraries.oneOf(Arbitraries.integers(),
        Arbitraries.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -1, 0, 1, Integer.MAX_VALUE));
  }

  static Arbitrary<Long> longs() {
    return Arbitraries.oneOf(Arbitraries.longs(),
        Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE));
  }

  /** Doubles with -0.0, NaNs of several bit patterns, infinities, extremes; not normalized. */
  static Arbitrary<Double> rawDoubles() {
    return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(-0.0, 0.0, Double.NaN,
        Double.longBitsToDouble(0x7FF8000000000001L), Double.longBitsToDouble(0xFFF8000000000000L),
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0));
  }

  /**
   * Unscaled values of up to {@code digits} digits, biased to sign changes, 10^k - 1 and powers
   * of 256 (where the magnitude's byte length changes).
   */
  static Arbitrary<BigInteger> unscaled(int digits) {
    BigInteger max = BigInteger.TEN.pow(digits).subtract(BigInteger.ONE);
    Arbitrary<BigInteger> edges = Arbitraries.of(BigInteger.ZERO, BigInteger.ONE,
            BigInteger.valueOf(255), BigInteger.valueOf(256), BigInteger.valueOf(65535),
            BigInteger.valueOf(65536), BigInteger.TWO.pow(63), max)
        .flatMap(b -> Arbitraries.of(b, b.negate()))
        .filter(b -> b.abs().compareTo(max) <= 0);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.bigIntegers().between(max.negate(), max)),
        Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.valueOf(-300),
            BigInteger.valueOf(300))),
        Tuple.of(2, edges));
  }

  /** Canonical non-null values of a column. */
  static Arbitrary<Object> values(ColumnDef c) {
    String t = "T";
    return switch (c.type()) {
      case VARCHAR -> strings(c.precision() == ColumnDef.UNBOUNDED ? 6 : c.precision())
          .filter(s -> c.precision() == ColumnDef.UNBOUNDED || s.length() <= c.precision())
          .map(s -> s);
      case CHAR -> strings(c.precision()).filter(s -> s.length() <= c.precision())
          .map(s -> ValueNormalizer.normalize(t, c, s));
      case BOOLEAN -> Arbitraries.of(Boolean.FALSE, Boolean.TRUE).map(b -> b);
      case INTEGER, DATE -> ints().map(i -> i);
      case TIME -> Arbitraries.integers().between(0, 86_399_999).map(i -> i);
      case BIGINT, TIMESTAMP -> longs().map(l -> l);
      case DOUBLE -> rawDoubles().map(d -> ValueNormalizer.normalize(t, c, d));
      case DECIMAL -> unscaled(c.precision()).map(u -> new BigDecimal(u, c.scale()));
      case VARBINARY -> bytes(c.precision() == ColumnDef.UNBOUNDED ? 6 : c.precision())
          .map(b -> new ByteString(b));
    };
  }

  /** SQL order as Calcite evaluates it, NULL above every value. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a instanceof Double x) {
      return Double.compare(x, (Double) b);
    }
    return ((Comparable) a).compareTo(b);
  }

  /** Component-wise order of two keys. */
  static int compareKeys(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      int c = compare(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  static ColumnDef column(String name, ColumnType type, int precision, int scale) {
    return new ColumnDef(name, type, precision, scale, false);
  }
}
