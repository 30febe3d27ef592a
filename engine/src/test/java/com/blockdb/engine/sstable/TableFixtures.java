package com.blockdb.engine.sstable;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Test helpers that write tables from a sorted model and read them back whole. */
final class TableFixtures {

  private TableFixtures() {}

  static NavigableMap<byte[], byte[]> model() {
    return new TreeMap<>(Bytes.ORDER);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static TableInfo write(Path file, Map<byte[], byte[]> sorted, int blockSize) throws IOException {
    try (WritableFile out = FileLayer.real().create(file)) {
      TableBuilder b = new TableBuilder(out, file, blockSize, sorted.size());
      for (Map.Entry<byte[], byte[]> e : sorted.entrySet()) {
        b.add(e.getKey(), e.getValue());
      }
      return b.finish();
    }
  }

  static TableReader open(Path file) throws IOException {
    return TableReader.open(FileLayer.real(), file);
  }

  /** Every entry from the iterator's current position to the end. */
  static List<Map.Entry<byte[], byte[]>> drain(TableIterator it) throws IOException {
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    while (it.next()) {
      out.add(Map.entry(it.key(), it.value()));
    }
    return out;
  }
}
