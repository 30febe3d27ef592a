package com.blockdb.engine.crash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.Options;
import com.blockdb.engine.Tables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state a crash right after a memtable flush leaves (every record flushed, nothing in the WAL
 * past the manifest's flushed index) must still report the right {@code lastSequence()}: the crash
 * test's density check ("entries == lastSequence()") depends on it, and so do snapshot reads such as
 * {@link BlockDb#scanPrefix}, which read at {@code lastSequence()}.
 */
class LastSequenceAfterFlushTest {

  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void lastSequenceSurvivesAFlush() {
    try (BlockDb db = BlockDb.open(dir, Options.defaults())) {
      db.put(b("k1"), b("v1"));
      db.put(b("k2"), b("v2"));
      assertThat(db.lastSequence()).isEqualTo(2);
      db.flush();
      assertThat(db.lastSequence()).as("lastSequence() right after flush()").isEqualTo(2);
      assertThat(count(db.scanPrefix(Tables.KV, b("k")))).as("scanPrefix after flush()").isEqualTo(2);
    }
  }

  @Test
  void lastSequenceAfterReopenOfAFullyFlushedDirectory() {
    try (BlockDb db = BlockDb.open(dir, Options.defaults())) {
      db.put(b("k1"), b("v1"));
      db.put(b("k2"), b("v2"));
      db.flush();
    }
    try (BlockDb db = BlockDb.open(dir, Options.defaults())) {
      assertThat(db.get(b("k2"))).isEqualTo(b("v2"));
      assertThat(db.lastSequence()).as("lastSequence() after reopen, all entries in SSTables").isEqualTo(2);
      assertThat(db.stats().entries()).isEqualTo(2);
      assertThat(count(db.scanPrefix(Tables.KV, b("k")))).as("scanPrefix after reopen").isEqualTo(2);
    }
  }

  private static int count(EntryIterator it) {
    int n = 0;
    try (it) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }
}
