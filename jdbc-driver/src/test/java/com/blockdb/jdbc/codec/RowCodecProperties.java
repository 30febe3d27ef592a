package com.blockdb.jdbc.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import com.blockdb.jdbc.schema.TableDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * A row split into key and stored value comes back whole from decodeKeyInto and decodeRow, for
 * random table definitions, values and NULLs; decoding only some columns leaves the others alone;
 * and a damaged value is reported as corruption, never as some other exception.
 */
class RowCodecProperties {
  /** Marks a slot decodeRow must not touch. */
  private static final Object UNTOUCHED = new Object();

  /** A table definition, one row of it, and which columns a reader wants. */
  record RowCase(TableDef table, Object[] row, boolean[] wanted) {
    @Override
    public String toString() {
      return table + " row " + Arrays.deepToString(row) + " wanted " + Arrays.toString(wanted);
    }
  }

  @Property
  void rowRoundtripsThroughKeyAndValue(@ForAll("rows") RowCase c) {
    TableDef t = c.table();
    byte[] key = KeyCodec.encodeKey(t, keyValues(t, c.row()));
    byte[] value = RowCodec.encodeRow(t, c.row());

    Object[] out = new Object[c.row().length];
    Arrays.fill(out, UNTOUCHED);
    RowCodec.decodeKeyInto(t, key, out);
    RowCodec.decodeRow(t, value, out, null);
    assertThat(out).containsExactly(c.row());
  }

  @Property
  void decodeRowFillsOnlyWantedNonKeyColumns(@ForAll("rows") RowCase c) {
    TableDef t = c.table();
    byte[] value = RowCodec.encodeRow(t, c.row());
    Object[] out = new Object[c.row().length];
    Arrays.fill(out, UNTOUCHED);
    RowCodec.decodeRow(t, value, out, c.wanted());
    for (int i = 0; i < out.length; i++) {
      Object expected = c.wanted()[i] && !t.isKeyColumn(i) ? c.row()[i] : UNTOUCHED;
      assertThat(out[i]).as("column %d", i).isEqualTo(expected);
    }
  }

  /** Every proper prefix and every extension of a stored value is detected. */
  @Property
  void truncatedOrExtendedValueIsCorruption(@ForAll("rows") RowCase c) {
    TableDef t = c.table();
    byte[] value = RowCodec.encodeRow(t, c.row());
    Object[] out = new Object[c.row().length];
    for (int n = 0; n < value.length; n++) {
      byte[] cut = Arrays.copyOf(value, n);
      assertThatThrownBy(() -> RowCodec.decodeRow(t, cut, out, null))
          .as("prefix of %d bytes", n)
          .isInstanceOfSatisfying(SqlStateException.class, e -> {
            assertThat(e.sqlState()).isEqualTo("XX001");
            assertThat(e.getMessage()).contains(t.name());
          });
    }
    byte[] longer = Arrays.copyOf(value, value.length + 1);
    assertThatThrownBy(() -> RowCodec.decodeRow(t, longer, out, null))
        .isInstanceOf(SqlStateException.class);
  }

  // ---- generators

  @Provide
  Arbitrary<RowCase> rows() {
    Arbitrary<ColumnDef> column = Arbitraries.of(ColumnType.values()).flatMap(type ->
        Combinators.combine(precision(type), Arbitraries.integers().between(0, 38),
                Arbitraries.of(true, false))
            .as((p, s, nullable) -> new ColumnDef("C", type, p,
                type == ColumnType.DECIMAL ? Math.min(s, p) : 0, nullable)));
    return column.list().ofMinSize(1).ofMaxSize(10).flatMap(cols ->
        Combinators.combine(Arbitraries.integers().between(1, Math.min(3, cols.size())),
                Arbitraries.randomValue(r -> r.nextLong()))
            .as((keySize, seed) -> table(cols, keySize, seed))
            .flatMap(RowCodecProperties::rowOf));
  }

  private static Arbitrary<Integer> precision(ColumnType type) {
    return switch (type) {
      case VARCHAR, VARBINARY -> Arbitraries.oneOf(Arbitraries.just(ColumnDef.UNBOUNDED),
          Arbitraries.integers().between(1, 6));
      case CHAR -> Arbitraries.integers().between(1, 6);
      case DECIMAL -> Arbitraries.integers().between(1, ColumnDef.MAX_DECIMAL_PRECISION);
      default -> Arbitraries.just(ColumnDef.UNBOUNDED);
    };
  }

  /** Names columns C0.., picks keySize of them at random as the key (in random order). */
  private static TableDef table(List<ColumnDef> cols, int keySize, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new java.util.Random(seed));
    List<Integer> pk = order.subList(0, keySize);
    List<ColumnDef> named = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      ColumnDef c = cols.get(i);
      named.add(new ColumnDef("C" + i, c.type(), c.precision(), c.scale(),
          c.nullable() && !pk.contains(i)));
    }
    return new TableDef(16, "R", named, pk);
  }

  private static Arbitrary<RowCase> rowOf(TableDef t) {
    List<Arbitrary<Object>> values = new ArrayList<>();
    for (ColumnDef c : t.columns()) {
      Arbitrary<Object> v = SqlValues.values(c);
      values.add(c.nullable()
          ? Arbitraries.frequencyOf(Tuple.of(3, v), Tuple.of(1, Arbitraries.just(null))) : v);
    }
    Arbitrary<Object[]> row = Combinators.combine(values).as(List::toArray);
    Arbitrary<boolean[]> wanted = Arbitraries.of(true, false).list()
        .ofSize(t.columns().size()).map(l -> {
          boolean[] w = new boolean[l.size()];
          for (int i = 0; i < w.length; i++) {
            w[i] = l.get(i);
          }
          return w;
        });
    return Combinators.combine(row, wanted).as((r, w) -> new RowCase(t, r, w));
  }

  private static Object[] keyValues(TableDef t, Object[] row) {
    return t.primaryKey().stream().map(i -> row[i]).toArray();
  }
}
