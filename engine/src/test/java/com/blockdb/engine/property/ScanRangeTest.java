package com.blockdb.engine.property;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Empty and inverted scan ranges hold no entry, wherever the entries live. (Found by
 * {@link EngineModelProperties}: with entries in a memtable, {@code from > to} threw the skip
 * list's {@code IllegalArgumentException: inconsistent range}, while the same scan over SSTables
 * returned nothing.)
 */
class ScanRangeTest {

  @TempDir
  Path dir;

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static List<String> scan(BlockDb db, byte[] from, byte[] to) {
    List<String> keys = new ArrayList<>();
    try (EntryIterator it = db.scan(Tables.KV, from, to, Long.MAX_VALUE)) {
      while (it.hasNext()) {
        Entry e = it.next();
        keys.add(new String(e.key(), UTF_8));
      }
    }
    return keys;
  }

  @Test
  void invertedAndEmptyRangesAreEmptyInMemtablesAndSstables() {
    try (BlockDb db = BlockDb.open(dir)) {
      db.put(b("a"), b("1"));
      db.put(b("b"), b("2"));
      db.put(b("c"), b("3"));
      // Entries in the memtable.
      assertThat(scan(db, b("c"), b("a"))).as("inverted range, memtable").isEmpty();
      assertThat(scan(db, b("b"), b("b"))).as("empty range, memtable").isEmpty();
      assertThat(scan(db, b("a"), new byte[0])).as("range ending at the empty key, memtable").isEmpty();
      assertThat(scan(db, b("a"), b("c"))).containsExactly("a", "b");
      db.flush();
      // Entries only in an SSTable (and an empty active memtable).
      assertThat(scan(db, b("c"), b("a"))).as("inverted range, SSTable").isEmpty();
      assertThat(scan(db, b("b"), b("b"))).as("empty range, SSTable").isEmpty();
      assertThat(scan(db, b("a"), b("c"))).containsExactly("a", "b");
    }
  }
}
