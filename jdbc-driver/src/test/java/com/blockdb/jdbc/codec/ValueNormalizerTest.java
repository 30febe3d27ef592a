package com.blockdb.jdbc.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.TimeZone;
import org.apache.calcite.avatica.util.ByteString;
import org.junit.jupiter.api.Test;

/** Each accepted input becomes its canonical value; each refused one gets its SQLState. */
class ValueNormalizerTest {
  private static final long JAN_1_2024_MILLIS = 1_704_067_200_000L;
  private static final int JAN_1_2024_DAYS = 19_723;
  private static final int TEN_11_12_345 = ((10 * 60 + 11) * 60 + 12) * 1000 + 345;

  // ---- 23502

  @Test
  void nullIntoNotNullIs23502() {
    assertRefused(col(ColumnType.INTEGER, false), null, "23502", VendorCodes.NOT_NULL)
        .hasMessage("NULL in NOT NULL column T.C");
    assertThat(norm(ColumnDef.of("C", ColumnType.INTEGER, true), null)).isNull();
  }

  // ---- numbers

  @Test
  void integralNumbersAreRangeChecked() {
    ColumnDef i = col(ColumnType.INTEGER, false);
    assertThat(norm(i, (short) 5)).isEqualTo(5);
    assertThat(norm(i, (byte) -5)).isEqualTo(-5);
    assertThat(norm(i, (long) Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThat(norm(i, new BigDecimal("5.00"))).isEqualTo(5);
    assertThat(norm(i, 2.0d)).isEqualTo(2);
    assertRefused(i, Integer.MAX_VALUE + 1L, "22003", VendorCodes.OUT_OF_RANGE)
        .hasMessageContaining("2147483648").hasMessageContaining("T.C");
    ColumnDef b = col(ColumnType.BIGINT, false);
    assertThat(norm(b, 7)).isEqualTo(7L);
    assertThat(norm(b, BigInteger.valueOf(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    assertRefused(b, BigInteger.ONE.shiftLeft(63), "22003", VendorCodes.OUT_OF_RANGE);
    assertRefused(b, new BigDecimal("1E+999999999"), "22003", VendorCodes.OUT_OF_RANGE);
    assertRefused(b, Double.NaN, "22003", VendorCodes.OUT_OF_RANGE);
  }

  @Test
  void aFractionIntoAnIntegerColumnIs22018() {
    ColumnDef i = col(ColumnType.INTEGER, false);
    assertRefused(i, 1.5d, "22018", VendorCodes.WRONG_TYPE).hasMessageContaining("1.5");
    assertRefused(i, new BigDecimal("1E-999999999"), "22018", VendorCodes.WRONG_TYPE);
  }

  @Test
  void numericStringsAreParsedAsSqlLiterals() {
    assertThat(norm(col(ColumnType.INTEGER, false), " 42 ")).isEqualTo(42);
    assertThat(norm(col(ColumnType.BIGINT, false), "-1e3")).isEqualTo(-1000L);
    assertThat(norm(decimal(5, 2), "+.5")).isEqualTo(new BigDecimal("0.50"));
    assertThat(norm(col(ColumnType.DOUBLE, false), "1.5E3")).isEqualTo(1500.0);
    assertThat(norm(col(ColumnType.DOUBLE, false), "-Infinity"))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(norm(col(ColumnType.DOUBLE, false), "nan")).isEqualTo(Double.NaN);
    assertRefused(col(ColumnType.INTEGER, false), "4x2", "22018", VendorCodes.WRONG_TYPE)
        .hasMessageContaining("'4x2'").hasMessageContaining("T.C");
    assertRefused(col(ColumnType.DOUBLE, false), "1d", "22018", VendorCodes.WRONG_TYPE);
    assertRefused(col(ColumnType.DOUBLE, false), "0x10", "22018", VendorCodes.WRONG_TYPE);
    assertRefused(col(ColumnType.DOUBLE, false), "1e400", "22003", VendorCodes.OUT_OF_RANGE);
  }

  @Test
  void decimalRoundsHalfUpThenChecksPrecision() {
    ColumnDef d = decimal(5, 2);
    assertThat(norm(d, new BigDecimal("1.005"))).isEqualTo(new BigDecimal("1.01"));
    assertThat(norm(d, new BigDecimal("-1.005"))).isEqualTo(new BigDecimal("-1.01"));
    assertThat(norm(d, new BigDecimal("1.004"))).isEqualTo(new BigDecimal("1.00"));
    assertThat(norm(d, 7)).isEqualTo(new BigDecimal("7.00"));
    assertThat(norm(d, 0.1f)).as("the float's shortest decimal").isEqualTo(new BigDecimal("0.10"));
    assertThat(norm(d, new BigDecimal("1E-999999999"))).isEqualTo(new BigDecimal("0.00"));
    assertThat(norm(d, new BigDecimal("999.994"))).isEqualTo(new BigDecimal("999.99"));
    assertRefused(d, new BigDecimal("999.995"), "22003", VendorCodes.OUT_OF_RANGE)
        .hasMessageContaining("DECIMAL(5, 2)");
    assertRefused(d, 1000, "22003", VendorCodes.OUT_OF_RANGE);
    assertRefused(d, Double.POSITIVE_INFINITY, "22003", VendorCodes.OUT_OF_RANGE);
    assertRefused(d, "1e999999999999", "22003", VendorCodes.OUT_OF_RANGE);
    assertRefused(d, true, "22018", VendorCodes.WRONG_TYPE);
  }

  @Test
  void doubleHasOneZeroAndOneNaN() {
    ColumnDef f = col(ColumnType.DOUBLE, false);
    assertThat(Double.doubleToRawLongBits((Double) norm(f, -0.0))).isZero();
    Object nan = norm(f, Double.longBitsToDouble(0xFFF8000000000123L));
    assertThat(Double.doubleToRawLongBits((Double) nan))
        .isEqualTo(Double.doubleToRawLongBits(Double.NaN));
    assertThat(norm(f, Float.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(norm(f, 3L)).isEqualTo(3.0);
    assertThat(norm(f, new BigDecimal("0.1"))).isEqualTo(0.1);
    assertRefused(f, new BigDecimal("1e400"), "22003", VendorCodes.OUT_OF_RANGE);
  }

  // ---- strings and binaries

  @Test
  void varcharLengthCountsUtf16CodeUnits() {
    ColumnDef v = varchar(ColumnType.VARCHAR, 3);
    assertThat(norm(v, "abc")).isEqualTo("abc");
    assertThat(norm(v, 'x')).isEqualTo("x");
    assertThat(norm(v, "a\uD83D\uDE00")).isEqualTo("a\uD83D\uDE00");
    assertRefused(v, "ab\uD83D\uDE00", "22001", VendorCodes.TOO_LONG)
        .hasMessageContaining("4 characters").hasMessageContaining("T.C VARCHAR(3)");
    assertRefused(v, "abcd", "22001", VendorCodes.TOO_LONG);
    assertThat(norm(v, "abc   ")).as("excess spaces are cut").isEqualTo("abc");
    assertThat(norm(varchar(ColumnType.VARCHAR, ColumnDef.UNBOUNDED), "x".repeat(100_000)))
        .isEqualTo("x".repeat(100_000));
  }

  @Test
  void charIsPaddedAndDefaultsToLengthOne() {
    ColumnDef c = varchar(ColumnType.CHAR, 3);
    assertThat(norm(c, "ab")).isEqualTo("ab ");
    assertThat(norm(c, "")).isEqualTo("   ");
    assertThat(norm(c, "ab    ")).isEqualTo("ab ");
    assertRefused(c, "abcd", "22001", VendorCodes.TOO_LONG);
    ColumnDef one = varchar(ColumnType.CHAR, ColumnDef.UNBOUNDED);
    assertThat(norm(one, "")).isEqualTo(" ");
    assertRefused(one, "ab", "22001", VendorCodes.TOO_LONG);
  }

  @Test
  void varbinaryTakesBytesAndChecksLength() {
    ColumnDef b = varchar(ColumnType.VARBINARY, 2);
    assertThat(norm(b, new byte[] {1, 2})).isEqualTo(new ByteString(new byte[] {1, 2}));
    assertThat(norm(b, new ByteString(new byte[0]))).isEqualTo(ByteString.EMPTY);
    assertRefused(b, new byte[3], "22001", VendorCodes.TOO_LONG)
        .hasMessageContaining("3 bytes");
    assertRefused(b, "0102", "22018", VendorCodes.WRONG_TYPE);
  }

  @Test
  void wrongJavaTypesAre22018() {
    assertRefused(varchar(ColumnType.VARCHAR, 5), 42, "22018", VendorCodes.WRONG_TYPE)
        .hasMessageContaining("Integer").hasMessageContaining("T.C VARCHAR(5)");
    assertRefused(col(ColumnType.BOOLEAN, false), 1, "22018", VendorCodes.WRONG_TYPE);
    assertRefused(col(ColumnType.BOOLEAN, false), "yes", "22018", VendorCodes.WRONG_TYPE);
    assertThat(norm(col(ColumnType.BOOLEAN, false), " True ")).isEqualTo(true);
    assertRefused(col(ColumnType.INTEGER, false), new Object(), "22018", VendorCodes.WRONG_TYPE);
    assertRefused(col(ColumnType.TIMESTAMP, false), 5, "22018", VendorCodes.WRONG_TYPE);
  }

  // ---- dates and times

  @Test
  void datesBecomeDaysWhateverTheJvmZone() {
    TimeZone saved = TimeZone.getDefault();
    try {
      for (String zone : new String[] {"Asia/Tokyo", "America/Los_Angeles", "UTC"}) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        ColumnDef d = col(ColumnType.DATE, false);
        assertThat(norm(d, java.sql.Date.valueOf("2024-01-01"))).as(zone)
            .isEqualTo(JAN_1_2024_DAYS);
        assertThat(norm(col(ColumnType.TIMESTAMP, false),
            java.sql.Timestamp.valueOf("2024-01-01 10:11:12.345"))).as(zone)
            .isEqualTo(JAN_1_2024_MILLIS + TEN_11_12_345);
        java.sql.Time time = java.sql.Time.valueOf("10:11:12");
        time.setTime(time.getTime() + 345);
        assertThat(norm(col(ColumnType.TIME, false), time)).as(zone).isEqualTo(TEN_11_12_345);
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void dateInputs() {
    ColumnDef d = col(ColumnType.DATE, false);
    assertThat(norm(d, LocalDate.of(2024, 1, 1))).isEqualTo(JAN_1_2024_DAYS);
    assertThat(norm(d, " 2024-01-01 ")).isEqualTo(JAN_1_2024_DAYS);
    assertThat(norm(d, "1969-12-31")).isEqualTo(-1);
    assertThat(norm(d, 5)).isEqualTo(5);
    assertRefused(d, "2024-13-01", "22018", VendorCodes.WRONG_TYPE)
        .hasMessageContaining("'2024-13-01'").hasMessageContaining("T.C DATE");
    assertRefused(d, "2023-02-29", "22018", VendorCodes.WRONG_TYPE);
    assertRefused(d, 5L, "22018", VendorCodes.WRONG_TYPE);
    assertRefused(d, LocalDate.MAX, "22008", VendorCodes.OUT_OF_RANGE);
  }

  @Test
  void timeInputs() {
    ColumnDef t = col(ColumnType.TIME, false);
    assertThat(norm(t, LocalTime.of(10, 11, 12, 345_999_999))).isEqualTo(TEN_11_12_345);
    assertThat(norm(t, "10:11:12.3459")).isEqualTo(TEN_11_12_345);
    assertThat(norm(t, "10:11")).isEqualTo((10 * 60 + 11) * 60_000);
    assertThat(norm(t, 86_399_999)).isEqualTo(86_399_999);
    assertRefused(t, 86_400_000, "22008", VendorCodes.OUT_OF_RANGE);
    assertRefused(t, -1, "22008", VendorCodes.OUT_OF_RANGE);
    assertRefused(t, "24:00:00", "22018", VendorCodes.WRONG_TYPE);
  }

  @Test
  void timestampInputs() {
    ColumnDef ts = col(ColumnType.TIMESTAMP, false);
    long expected = JAN_1_2024_MILLIS + TEN_11_12_345;
    assertThat(norm(ts, LocalDateTime.of(2024, 1, 1, 10, 11, 12, 345_000_000))).isEqualTo(expected);
    assertThat(norm(ts, "2024-01-01 10:11:12.345")).isEqualTo(expected);
    assertThat(norm(ts, "2024-01-01T10:11:12.345")).isEqualTo(expected);
    assertThat(norm(ts, "2024-01-01")).isEqualTo(JAN_1_2024_MILLIS);
    assertThat(norm(ts, LocalDate.of(2024, 1, 1))).isEqualTo(JAN_1_2024_MILLIS);
    assertThat(norm(ts, "1969-12-31 23:59:59.999")).isEqualTo(-1L);
    assertThat(norm(ts, expected)).isEqualTo(expected);
    assertRefused(ts, "2024-01-01 25:00", "22018", VendorCodes.WRONG_TYPE);
    assertRefused(ts, LocalDateTime.MAX, "22008", VendorCodes.OUT_OF_RANGE);
  }

  // ---- helpers

  private static Object norm(ColumnDef c, Object value) {
    return ValueNormalizer.normalize("T", c, value);
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ColumnDef c, Object value, String sqlState, int vendorCode) {
    return assertThatThrownBy(() -> norm(c, value))
        .as("%s into %s", value, c.typeSql())
        .isInstanceOfSatisfying(SqlStateException.class, e -> {
          assertThat(e.sqlState()).isEqualTo(sqlState);
          assertThat(e.vendorCode()).isEqualTo(vendorCode);
          assertThat(e.getMessage()).contains("T.C");
        });
  }

  private static ColumnDef col(ColumnType type, boolean nullable) {
    return ColumnDef.of("C", type, nullable);
  }

  private static ColumnDef decimal(int precision, int scale) {
    return new ColumnDef("C", ColumnType.DECIMAL, precision, scale, false);
  }

  private static ColumnDef varchar(ColumnType type, int length) {
    return new ColumnDef("C", type, length, 0, false);
  }
}
