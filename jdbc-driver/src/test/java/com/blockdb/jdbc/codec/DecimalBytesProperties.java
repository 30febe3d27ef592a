package com.blockdb.jdbc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A DECIMAL's stored unscaled value: the allocation-free writer gives exactly BigInteger's
 * minimal two's-complement bytes (the row format, docs/FORMAT.md), for every long.
 */
class DecimalBytesProperties {

  @Property(tries = 500)
  void minimalTwosComplementEqualsBigIntegers(@ForAll long v) {
    assertThat(bytes(v)).isEqualTo(BigInteger.valueOf(v).toByteArray());
  }

  @Example
  void edgeValues() {
    for (long v : new long[] {0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 10, 999_999_999_999_999_999L, -999_999_999_999_999_999L}) {
      assertThat(bytes(v)).as("%d", v).isEqualTo(BigInteger.valueOf(v).toByteArray());
    }
  }

  private static byte[] bytes(long v) {
    ByteSink sink = new ByteSink(1);
    sink.writeMinimalTwosComplement(v);
    return sink.toByteArray();
  }
}
