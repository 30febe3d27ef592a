package com.blockdb.jdbc.codec;

import static com.blockdb.jdbc.codec.SqlValues.column;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import com.blockdb.jdbc.schema.TableDef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.apache.calcite.avatica.util.ByteString;

/**
 * The key encoding keeps SQL order (unsigned byte order of keys = Calcite's order of values,
 * component by component, NULL last), decodes back to the values, and its prefixes select exactly
 * the keys they should.
 */
class KeyCodecProperties {
  private static final ColumnDef VARCHAR = column("S", ColumnType.VARCHAR, ColumnDef.UNBOUNDED, 0);
  private static final ColumnDef CHAR5 = column("C", ColumnType.CHAR, 5, 0);
  private static final ColumnDef DECIMAL = column("D", ColumnType.DECIMAL, 38, 4);
  private static final ColumnDef DOUBLE = column("F", ColumnType.DOUBLE, ColumnDef.UNBOUNDED, 0);
  private static final ColumnDef BINARY = column("B", ColumnType.VARBINARY, ColumnDef.UNBOUNDED, 0);

  /** Sorting by encoded key must give the SQL order, ties included, for any column type. */
  @Property
  void varcharOrderIsStringCompareTo(@ForAll("varchars") List<Object> values) {
    assertOrderKept(VARCHAR, values);
  }

  /**
   * Well-formed strings only, which UTF-8 would keep exactly: UTF-8 still fails here because it
   * sorts a supplementary character above U+E000..U+FFFF while String.compareTo sorts it below.
   */
  @Property
  void wellFormedVarcharOrderIsCodeUnitOrder(@ForAll("wellFormedVarchars") List<Object> values) {
    assertOrderKept(VARCHAR, values);
  }

  @Property
  void charOrderIsThePaddedStringsOrder(@ForAll("chars") List<Object> values) {
    assertOrderKept(CHAR5, values);
  }

  @Property
  void varbinaryOrderIsByteStringCompareTo(@ForAll("binaries") List<Object> values) {
    assertOrderKept(BINARY, values);
  }

  @Property
  void doubleOrderIsDoubleCompareAfterNormalizing(@ForAll("doubles") List<Object> values) {
    assertOrderKept(DOUBLE, values);
  }

  /** Inputs of scale 0..4 normalized to DECIMAL(38, 4): equal numbers get equal keys. */
  @Property
  void decimalOrderIsBigDecimalCompareTo(@ForAll("decimalInputs") List<BigDecimal> inputs) {
    List<Object> values = new ArrayList<>();
    for (BigDecimal d : inputs) {
      values.add(ValueNormalizer.normalize("T", DECIMAL, d));
    }
    for (int i = 0; i < inputs.size(); i++) {
      for (int j = 0; j < inputs.size(); j++) {
        assertThat(Integer.signum(Arrays.compareUnsigned(key(DECIMAL, values.get(i)),
                key(DECIMAL, values.get(j)))))
            .as("%s vs %s", inputs.get(i), inputs.get(j))
            .isEqualTo(Integer.signum(inputs.get(i).compareTo(inputs.get(j))));
      }
    }
    assertOrderKept(DECIMAL, values);
  }

  @Property
  void numericAndTemporalOrder(@ForAll("fixedWidth") ColumnDef col,
      @ForAll("seeds") List<Long> seeds) {
    List<Object> values = new ArrayList<>();
    for (long s : seeds) {
      values.add(switch (col.type()) {
        case BOOLEAN -> (s & 1) == 1;
        case INTEGER, DATE -> (int) s;
        case TIME -> (int) Math.floorMod(s, 86_400_000L);
        default -> s;
      });
    }
    assertOrderKept(col, values);
  }

  /** Composite keys: the first differing component decides, whatever the components' lengths. */
  @Property
  void compositeOrderIsComponentWise(@ForAll("compositeKeys") List<Object[]> keys) {
    TableDef t = compositeTable();
    for (Object[] a : keys) {
      assertThat(KeyCodec.decodeKey(t, KeyCodec.encodeKey(t, a))).isEqualTo(a);
      for (Object[] b : keys) {
        assertThat(Integer.signum(Arrays.compareUnsigned(KeyCodec.encodeKey(t, a),
                KeyCodec.encodeKey(t, b))))
            .as("%s vs %s", Arrays.toString(a), Arrays.toString(b))
            .isEqualTo(Integer.signum(SqlValues.compareKeys(a, b)));
      }
    }
  }

  /** A prefix of k complete components starts exactly the keys with those k components. */
  @Property
  void prefixSelectsExactlyKeysWithThoseLeadingValues(
      @ForAll("compositeKeys") List<Object[]> keys, @ForAll @IntRange(min = 0, max = 3) int k,
      @ForAll("compositeKeys") List<Object[]> probes) {
    TableDef t = compositeTable();
    List<Object[]> all = new ArrayList<>(keys);
    all.addAll(probes);
    for (Object[] probe : probes) {
      Object[] leading = Arrays.copyOf(probe, k);
      byte[] prefix = KeyCodec.encodePrefix(t, leading);
      for (Object[] key : all) {
        boolean matches = SqlValues.compareKeys(Arrays.copyOf(key, k), leading) == 0;
        assertThat(startsWith(KeyCodec.encodeKey(t, key), prefix))
            .as("key %s, leading %s", Arrays.toString(key), Arrays.toString(leading))
            .isEqualTo(matches);
      }
    }
  }

  /** A string prefix starts exactly the keys whose string component is LIKE 'prefix%'. */
  @Property
  void stringPrefixSelectsExactlyLikePrefixKeys(@ForAll("compositeKeys") List<Object[]> keys,
      @ForAll("varcharStrings") String prefix, @ForAll boolean withLeading) {
    TableDef t = withLeading ? compositeTable() : stringFirstTable();
    int leadingCount = withLeading ? 2 : 0; // compositeTable's third component is the VARCHAR
    for (Object[] probe : keys) {
      Object[] leading = Arrays.copyOf(withLeading ? probe : new Object[0], leadingCount);
      byte[] bytes = KeyCodec.encodeStringPrefix(t, leading, prefix);
      for (Object[] candidate : keys) {
        Object[] key = withLeading ? candidate : new Object[] {candidate[2], candidate[0]};
        String s = (String) key[leadingCount];
        boolean matches = SqlValues.compareKeys(Arrays.copyOf(key, leadingCount), leading) == 0
            && s != null && s.startsWith(prefix);
        assertThat(startsWith(KeyCodec.encodeKey(t, key), bytes))
            .as("key %s, leading %s, prefix '%s'", Arrays.toString(key),
                Arrays.toString(leading), prefix)
            .isEqualTo(matches);
      }
    }
  }

  /** Decoding is strict: any bytes it accepts are the one encoding of what it returns. */
  @Property
  void decodeAcceptsOnlyCanonicalEncodings(@ForAll("noise") byte[] key) {
    TableDef t = compositeTable();
    Object[] values;
    try {
      values = KeyCodec.decodeKey(t, key);
    } catch (SqlStateException e) {
      assertThat(e.sqlState()).isEqualTo("XX001");
      assertThat(e.getMessage()).contains("table K");
      return;
    }
    assertThat(KeyCodec.encodeKey(t, values)).isEqualTo(key);
  }

  // ---- generators

  @Provide
  Arbitrary<List<Object>> varchars() {
    return withNulls(SqlValues.values(VARCHAR));
  }

  @Provide
  Arbitrary<List<Object>> wellFormedVarchars() {
    return withNulls(SqlValues.wellFormedStrings(4).map(x -> x));
  }

  @Provide
  Arbitrary<String> varcharStrings() {
    return SqlValues.strings(3);
  }

  /** CHAR(5) values from inputs with and without trailing spaces, so padding makes ties. */
  @Provide
  Arbitrary<List<Object>> chars() {
    return withNulls(SqlValues.strings(4).filter(s -> s.length() <= 5)
        .map(s -> ValueNormalizer.normalize("T", CHAR5, s)));
  }

  @Provide
  Arbitrary<List<Object>> binaries() {
    return withNulls(SqlValues.values(BINARY));
  }

  @Provide
  Arbitrary<List<Object>> doubles() {
    return withNulls(SqlValues.values(DOUBLE));
  }

  @Provide
  Arbitrary<List<BigDecimal>> decimalInputs() {
    return Combinators.combine(SqlValues.unscaled(30), Arbitraries.integers().between(0, 4))
        .as(BigDecimal::new).list().ofMaxSize(10)
        .map(l -> {
          // add the same numbers at other scales, so equal values of differing scale meet
          List<BigDecimal> out = new ArrayList<>(l);
          l.stream().limit(3).forEach(d -> out.add(d.setScale(d.scale() + 1)));
          return out;
        });
  }

  @Provide
  Arbitrary<ColumnDef> fixedWidth() {
    return Arbitraries.of(ColumnType.BOOLEAN, ColumnType.INTEGER, ColumnType.BIGINT,
            ColumnType.DATE, ColumnType.TIME, ColumnType.TIMESTAMP)
        .map(type -> ColumnDef.of("X", type, true));
  }

  @Provide
  Arbitrary<List<Long>> seeds() {
    Arbitrary<Long> v = Arbitraries.oneOf(SqlValues.longs(), SqlValues.ints().map(i -> (long) i),
        Arbitraries.longs().between(-3, 3));
    return v.list().ofMaxSize(10);
  }

  /** Keys of (VARBINARY, DECIMAL(10,2), VARCHAR) from small domains: ties and prefixes abound. */
  @Provide
  Arbitrary<List<Object[]>> compositeKeys() {
    ColumnDef[] cols = compositeTable().columns().toArray(ColumnDef[]::new);
    Arbitrary<Object> b = nullable(SqlValues.bytes(2).map(ByteString::new));
    Arbitrary<Object> d = nullable(Arbitraries.integers().between(-300, 300)
        .map(i -> new BigDecimal(BigInteger.valueOf(i), cols[1].scale())));
    Arbitrary<Object> s = nullable(SqlValues.strings(3));
    return Combinators.combine(b, d, s).as((x, y, z) -> new Object[] {x, y, z})
        .list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<byte[]> noise() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
    Arbitrary<byte[]> mutated = compositeKeys().filter(l -> !l.isEmpty())
        .map(l -> KeyCodec.encodeKey(compositeTable(), l.get(0)))
        .flatMap(k -> Combinators.combine(Arbitraries.integers().between(0, k.length - 1),
                Arbitraries.bytes())
            .as((i, x) -> {
              byte[] copy = k.clone();
              copy[i] = x;
              return copy;
            }));
    Arbitrary<byte[]> extended = compositeKeys().filter(l -> !l.isEmpty())
        .map(l -> KeyCodec.encodeKey(compositeTable(), l.get(0)))
        .flatMap(k -> Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(3)
            .map(tail -> {
              byte[] copy = Arrays.copyOf(k, k.length + tail.length);
              System.arraycopy(tail, 0, copy, k.length, tail.length);
              return copy;
            }));
    return Arbitraries.oneOf(random, mutated, extended);
  }

  // ---- helpers

  private static TableDef compositeTable() {
    List<ColumnDef> cols = List.of(
        new ColumnDef("B", ColumnType.VARBINARY, ColumnDef.UNBOUNDED, 0, true),
        new ColumnDef("D", ColumnType.DECIMAL, 10, 2, true),
        new ColumnDef("S", ColumnType.VARCHAR, ColumnDef.UNBOUNDED, 0, true));
    return new TableDef(16, "K", cols, List.of(0, 1, 2));
  }

  private static TableDef stringFirstTable() {
    List<ColumnDef> cols = List.of(
        new ColumnDef("B", ColumnType.VARBINARY, ColumnDef.UNBOUNDED, 0, true),
        new ColumnDef("S", ColumnType.VARCHAR, ColumnDef.UNBOUNDED, 0, true));
    return new TableDef(17, "K2", cols, List.of(1, 0));
  }

  private static Arbitrary<Object> nullable(Arbitrary<?> values) {
    return Arbitraries.frequencyOf(Tuple.of(6, values.map(v -> (Object) v)),
        Tuple.of(1, Arbitraries.just(null)));
  }

  private static Arbitrary<List<Object>> withNulls(Arbitrary<Object> values) {
    return nullable(values).list().ofMaxSize(10);
  }

  private static byte[] key(ColumnDef col, Object value) {
    ByteSink sink = new ByteSink();
    KeyCodec.encodeComponent(col, value, sink);
    return sink.toByteArray();
  }

  /** Every pair orders as SQL does, and every value decodes back to itself. */
  private static void assertOrderKept(ColumnDef col, List<Object> values) {
    TableDef t = new TableDef(16, "T", List.of(col), List.of(0));
    for (Object a : values) {
      for (Object b : values) {
        assertThat(Integer.signum(Arrays.compareUnsigned(key(col, a), key(col, b))))
            .as("%s vs %s", show(a), show(b))
            .isEqualTo(Integer.signum(SqlValues.compare(a, b)));
      }
    }
    for (Object a : values) {
      assertThat(KeyCodec.decodeKey(t, key(col, a))).as("roundtrip of %s", show(a))
          .containsExactly(a);
    }
  }

  private static String show(Object v) {
    if (v instanceof String s) {
      return s.chars().mapToObj(c -> String.format("%04x", c)).toList().toString();
    }
    return String.valueOf(v);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
