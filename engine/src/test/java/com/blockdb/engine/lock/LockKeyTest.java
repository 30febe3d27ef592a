package com.blockdb.engine.lock;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Keys compare by content, cannot be changed through the caller's array, and print readably. */
class LockKeyTest {

  @Test
  void equalByContentAndTable() {
    LockKey a = new LockKey(16, "k".getBytes(UTF_8));
    assertThat(a).isEqualTo(new LockKey(16, "k".getBytes(UTF_8)));
    assertThat(a.hashCode()).isEqualTo(new LockKey(16, "k".getBytes(UTF_8)).hashCode());
    assertThat(a).isNotEqualTo(new LockKey(17, "k".getBytes(UTF_8)));
    assertThat(a).isNotEqualTo(new LockKey(16, "K".getBytes(UTF_8)));
  }

  @Test
  void callerArrayIsCopiedInAndOut() {
    byte[] bytes = "k".getBytes(UTF_8);
    LockKey a = new LockKey(16, bytes);
    bytes[0] = 'x';
    a.key()[0] = 'y';
    assertThat(a.key()).isEqualTo("k".getBytes(UTF_8));
  }

  @Test
  void printsTextOrHexAndCutsLongKeys() {
    assertThat(new LockKey(16, "order-7".getBytes(UTF_8))).hasToString("table 16 key 'order-7'");
    assertThat(new LockKey(0, new byte[] {0, 1, (byte) 0xff})).hasToString("table 0 key '0x0001ff'");
    byte[] big = new byte[1000];
    Arrays.fill(big, (byte) 'a');
    assertThat(new LockKey(16, big).toString()).hasSizeLessThan(120).endsWith("... (1000 bytes)'");
  }
}
