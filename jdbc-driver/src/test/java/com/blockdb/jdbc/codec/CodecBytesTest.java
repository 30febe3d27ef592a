package com.blockdb.jdbc.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.Limits;
import com.blockdb.engine.util.Bytes;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import com.blockdb.jdbc.schema.TableDef;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Pins the documented key and row bytes (docs/FORMAT.md, "SQL tables: keys and rows") and the
 * codecs' errors: a stored format must never change by accident.
 */
class CodecBytesTest {
  private static final TableDef T = new TableDef(16, "ORDERS", List.of(
      ColumnDef.of("ID", ColumnType.INTEGER, false),
      new ColumnDef("NAME", ColumnType.VARCHAR, 10, 0, false),
      new ColumnDef("PRICE", ColumnType.DECIMAL, 5, 2, true),
      ColumnDef.of("AT", ColumnType.TIMESTAMP, true),
      ColumnDef.of("OK", ColumnType.BOOLEAN, true)), List.of(1, 0));

  @Test
  void keyBytesOfEachType() {
    assertThat(hexKey(ColumnType.INTEGER, 1)).isEqualTo("0180000001");
    assertThat(hexKey(ColumnType.INTEGER, -1)).isEqualTo("017fffffff");
    assertThat(hexKey(ColumnType.BIGINT, 0L)).isEqualTo("018000000000000000");
    assertThat(hexKey(ColumnType.BOOLEAN, true)).isEqualTo("0101");
    assertThat(hexKey(ColumnType.DOUBLE, 1.0)).isEqualTo("01bff0000000000000");
    assertThat(hexKey(ColumnType.DOUBLE, -1.0)).isEqualTo("01400fffffffffffff");
    assertThat(hexKey(ColumnType.DOUBLE, -0.0)).isEqualTo(hexKey(ColumnType.DOUBLE, 0.0));
    assertThat(hexKey(ColumnType.VARCHAR, "a\0")).isEqualTo("016100ff0001");
    assertThat(hexKey(ColumnType.VARCHAR, "\u00e9")).isEqualTo("01c3a90001");
    assertThat(hexKey(ColumnType.VARCHAR, new String(Character.toChars(0x1F600))))
        .as("CESU-8: each surrogate on its own").isEqualTo("01eda0bdedb8800001");
    assertThat(hexKey(ColumnType.VARBINARY, new ByteString(new byte[] {0, (byte) 0xFF})))
        .isEqualTo("0100ffff0001");
    assertThat(hexKey(ColumnType.VARCHAR, null)).isEqualTo("02");
  }

  @Test
  void decimalKeyBytes() {
    ColumnDef d = new ColumnDef("D", ColumnType.DECIMAL, 5, 2, false);
    assertThat(hex(d, new BigDecimal("0.00"))).isEqualTo("0180");
    assertThat(hex(d, new BigDecimal("1.00"))).as("unscaled 100").isEqualTo("018164");
    assertThat(hex(d, new BigDecimal("-1.00"))).isEqualTo("017f9b");
    assertThat(hex(d, new BigDecimal("3.00"))).as("unscaled 300 = 0x012c").isEqualTo("0182012c");
    assertThat(hex(d, new BigDecimal("-3"))).as("rescaled exactly").isEqualTo("017efed3");
  }

  @Test
  void compositeKeyAndRowBytes() {
    Object[] row = {7, "ab", new BigDecimal("1.50"), null, true};
    // key order is (NAME, ID)
    assertThat(Bytes.hex(KeyCodec.encodeKey(T, new Object[] {"ab", 7})))
        .isEqualTo("016162000101" + "80000007");
    // format 1, bitmap 0b010 (AT is NULL), PRICE: length 1, 150 = 0x96 needs a sign byte
    // so two bytes 00 96, OK: 01
    assertThat(Bytes.hex(RowCodec.encodeRow(T, row))).isEqualTo("0102" + "020096" + "01");
  }

  @Test
  void rowIntegersAreZigzagVarints() {
    TableDef t = new TableDef(16, "Z", List.of(ColumnDef.of("K", ColumnType.INTEGER, false),
        ColumnDef.of("V", ColumnType.BIGINT, false)), List.of(0));
    assertThat(Bytes.hex(RowCodec.encodeRow(t, new Object[] {1, -1L}))).isEqualTo("010001");
    assertThat(Bytes.hex(RowCodec.encodeRow(t, new Object[] {1, 64L}))).isEqualTo("01008001");
  }

  @Test
  void tooLongKeyIs22001NamingTheTable() {
    TableDef t = new TableDef(16, "BIG", List.of(ColumnDef.of("K", ColumnType.VARCHAR, false)),
        List.of(0));
    String s = "x".repeat(Limits.MAX_KEY_BYTES);
    assertThatThrownBy(() -> KeyCodec.encodeKey(t, new Object[] {s}))
        .isInstanceOfSatisfying(SqlStateException.class, e -> {
          assertThat(e.sqlState()).isEqualTo("22001");
          assertThat(e.vendorCode()).isEqualTo(VendorCodes.TOO_LONG);
          assertThat(e.getMessage()).contains("BIG");
        });
    assertThat(KeyCodec.encodeKey(t, new Object[] {s.substring(3)}))
        .hasSize(Limits.MAX_KEY_BYTES);
  }

  @Test
  void unknownRowFormatIsCorruptionNamingTheTable() {
    byte[] value = RowCodec.encodeRow(T, new Object[] {7, "ab", null, null, null});
    value[0] = 2;
    assertThatThrownBy(() -> RowCodec.decodeRow(T, value, new Object[5], null))
        .isInstanceOfSatisfying(SqlStateException.class, e -> {
          assertThat(e.sqlState()).isEqualTo("XX001");
          assertThat(e.vendorCode()).isEqualTo(VendorCodes.CORRUPTION);
          assertThat(e.getMessage()).contains("ORDERS").contains("format 2");
        });
  }

  @Test
  void corruptKeyIsCorruptionNamingTheTable() {
    byte[] key = KeyCodec.encodeKey(T, new Object[] {"ab", 7});
    key[0] = 0x03;
    assertThatThrownBy(() -> KeyCodec.decodeKey(T, key))
        .isInstanceOfSatisfying(SqlStateException.class, e -> {
          assertThat(e.sqlState()).isEqualTo("XX001");
          assertThat(e.getMessage()).contains("ORDERS");
        });
  }

  @Test
  void nullInNotNullColumnIsRefusedByTheRowCodecToo() {
    TableDef t = new TableDef(16, "N", List.of(ColumnDef.of("K", ColumnType.INTEGER, false),
        ColumnDef.of("V", ColumnType.INTEGER, false)), List.of(0));
    assertThatThrownBy(() -> RowCodec.encodeRow(t, new Object[] {1, null}))
        .isInstanceOfSatisfying(SqlStateException.class,
            e -> assertThat(e.sqlState()).isEqualTo("23502"));
  }

  private static String hexKey(ColumnType type, Object value) {
    return hex(ColumnDef.of("X", type, true), value);
  }

  private static String hex(ColumnDef c, Object value) {
    ByteSink sink = new ByteSink();
    KeyCodec.encodeComponent(c, value, sink);
    return Bytes.hex(sink.toByteArray());
  }
}
