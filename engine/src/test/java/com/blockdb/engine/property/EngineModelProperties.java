package com.blockdb.engine.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.ConsistencyProof;
import com.blockdb.engine.Digest;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.InclusionProof;
import com.blockdb.engine.Options;
import com.blockdb.engine.ProofVerifier;
import com.blockdb.engine.Stats;
import com.blockdb.engine.Tables;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random operation sequences against the engine and a {@link TreeMap} model of what must be stored.
 *
 * <p>Options are tiny (memtable 4-64 KiB, compaction threshold 2-4, 1-20 entries per block, SSTable
 * blocks of 256-4096 bytes, 4-64 KiB WAL segments) so that a few dozen operations flush memtables,
 * compact tables, roll WAL segments and seal many blocks. Reads are checked after each operation;
 * after {@code flush} every entry is read back from SSTables only, after {@code reopen} from the
 * recovered files. Every sequence ends with a full verification, inclusion proofs of random keys,
 * consistency proofs from digests saved on the way, and once more after a final reopen.
 */
class EngineModelProperties {

  static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  // ---------------------------------------------------------------- operations

  /** One step of a sequence. Byte strings print as hex so shrunk counterexamples are readable. */
  sealed interface Op permits Put, Bulk, PutExisting, Batch, Get, Scan, Prefix, Flush, Compact, Reopen, Seal, Snapshot,
      SnapshotRead {}

  record Put(byte[] key, byte[] value) implements Op {
    @Override
    public String toString() {
      return "Put(" + Bytes.hex(key) + ", " + value.length + "B)";
    }
  }

  /**
   * {@code count} single puts of keys and values drawn from {@code seed} (keys 1-12 bytes rich in
   * 0x00/0xFF, values 0-300 bytes, one in ten up to 5000): volume that fills memtables.
   */
  record Bulk(int count, long seed) implements Op {}

  /** Put of a key already stored (the {@code pick}-th of the model), which must be refused. */
  record PutExisting(int pick, byte[] value) implements Op {
    @Override
    public String toString() {
      return "PutExisting(#" + pick + ", " + value.length + "B)";
    }
  }

  /**
   * A batch; {@code dupMode} 0 = as generated, 1 = one key replaced by a stored key, 2 = one key
   * repeated within the batch. {@code principal} null means the default.
   */
  record Batch(List<Put> puts, int dupMode, int pick, String principal) implements Op {}

  record Get(byte[] key, int pick, boolean stored) implements Op {
    @Override
    public String toString() {
      return stored ? "Get(#" + pick + ")" : "Get(" + Bytes.hex(key) + ")";
    }
  }

  record Scan(byte[] from, byte[] to) implements Op {
    @Override
    public String toString() {
      return "Scan(" + (from == null ? "-" : Bytes.hex(from)) + ", " + (to == null ? "-" : Bytes.hex(to)) + ")";
    }
  }

  record Prefix(byte[] prefix) implements Op {
    @Override
    public String toString() {
      return "Prefix(" + Bytes.hex(prefix) + ")";
    }
  }

  record Flush() implements Op {}

  record Compact() implements Op {}

  record Reopen() implements Op {}

  record Seal() implements Op {}

  /** Remembers {@code lastSequence()} and the digest for later snapshot reads and digest checks. */
  record Snapshot() implements Op {}

  record SnapshotRead(int pick, byte[] from, byte[] to) implements Op {
    @Override
    public String toString() {
      return "SnapshotRead(#" + pick + ", " + (from == null ? "-" : Bytes.hex(from)) + ", "
          + (to == null ? "-" : Bytes.hex(to)) + ")";
    }
  }

  /** Settings of one run. */
  record Config(int memtable, int compactionThreshold, int batchSize, int sstableBlock, int walSegment,
      boolean background) {
    Options options() {
      return Options.defaults().withMemtableSizeLimit(memtable).withCompactionThreshold(compactionThreshold)
          .withBlockchainBatchSize(batchSize).withSstableBlockSize(sstableBlock).withWalSegmentSize(walSegment)
          .withBackground(background);
    }
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<Config> configs() {
    Arbitrary<Integer> memtable = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(4096, 16 * 1024)),
        Tuple.of(1, Arbitraries.integers().between(4096, 64 * 1024)));
    return Combinators.combine(memtable,
        Arbitraries.integers().between(2, 4), Arbitraries.integers().between(1, 20),
        Arbitraries.integers().between(256, 4096), Arbitraries.integers().between(4096, 64 * 1024),
        Arbitraries.of(true, true, true, false)).as(Config::new);
  }

  static Arbitrary<Byte> keyBytes() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of((byte) 0x00, (byte) 0xFF, (byte) 0x01, (byte) 0xFE, (byte) 0x7F, (byte) 0x80)),
        Tuple.of(4, Arbitraries.of((byte) 'a', (byte) 'b', (byte) 'c')), // shared prefixes
        Tuple.of(3, Arbitraries.bytes()));
  }

  static Arbitrary<byte[]> keys() {
    return keyBytes().list().ofMinSize(1).ofMaxSize(12).map(EngineModelProperties::toArray);
  }

  static Arbitrary<byte[]> bounds() {
    return keyBytes().list().ofMinSize(0).ofMaxSize(4).map(EngineModelProperties::toArray).injectNull(0.25);
  }

  static Arbitrary<byte[]> values() {
    return Arbitraries.frequencyOf(
        Tuple.of(9, Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300)),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(300).ofMaxSize(5000)));
  }

  static byte[] toArray(List<Byte> l) {
    byte[] b = new byte[l.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = l.get(i);
    }
    return b;
  }

  static Arbitrary<Put> puts() {
    return Combinators.combine(keys(), values()).as(Put::new);
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1000);
    Arbitrary<Op> put = puts().map(p -> p);
    Arbitrary<Op> bulk = Combinators.combine(Arbitraries.integers().between(5, 60), Arbitraries.longs())
        .as(Bulk::new);
    Arbitrary<Op> putExisting = Combinators.combine(pick, values()).as(PutExisting::new);
    Arbitrary<Op> batch = Combinators.combine(puts().list().ofMinSize(0).ofMaxSize(12),
        Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(2, 1), Tuple.of(2, 2)), pick,
        Arbitraries.of("alice", "bob").injectNull(0.6)).as(Batch::new);
    Arbitrary<Op> get = Combinators.combine(keys(), pick, Arbitraries.of(true, false)).as(Get::new);
    Arbitrary<Op> scan = Combinators.combine(bounds(), bounds()).as(Scan::new);
    Arbitrary<Op> prefix = keyBytes().list().ofMinSize(1).ofMaxSize(3).map(l -> new Prefix(toArray(l)));
    Arbitrary<Op> snapRead = Combinators.combine(pick, bounds(), bounds()).as(SnapshotRead::new);
    return Arbitraries.frequencyOf(
        Tuple.of(30, put), Tuple.of(6, bulk), Tuple.of(6, putExisting), Tuple.of(10, batch), Tuple.of(8, get),
        Tuple.of(5, scan), Tuple.of(4, prefix), Tuple.of(4, Arbitraries.just(new Flush())),
        Tuple.of(3, Arbitraries.just(new Compact())),
        Tuple.of(2, Arbitraries.just(new Reopen())), Tuple.of(2, Arbitraries.just(new Seal())),
        Tuple.of(3, Arbitraries.just(new Snapshot())), Tuple.of(4, snapRead))
        .list().ofMinSize(1).ofMaxSize(80).withSizeDistribution(RandomDistribution.uniform());
  }

  // ---------------------------------------------------------------- the property

  @Property
  void engineBehavesLikeTheModel(@ForAll("configs") Config config, @ForAll("ops") List<Op> ops) throws IOException {
    Path dir = Files.createTempDirectory("blockdb-model");
    try {
      Run run = new Run(dir, config.options());
      run.run(ops);
      Statistics.label("operations").collect(ops.size() < 20 ? "<20" : ops.size() < 50 ? "20-49" : "50-80");
      Statistics.label("entries").collect(run.model.size() < 20 ? "<20" : run.model.size() < 100 ? "20-99" : "100+");
      Statistics.label("flushes (incl. automatic)")
          .collect(run.flushes == 0 ? "0" : run.flushes < 4 ? "1-3" : "4+");
      Statistics.label("compactions (incl. automatic)").collect(run.compactions == 0 ? "0" : "1+");
      Statistics.label("blocks").collect(run.blocks < 3 ? "<3" : run.blocks < 10 ? "3-9" : "10+");
    } finally {
      deleteTree(dir);
    }
  }

  /** The model of one run and the database it is compared with. */
  static final class Run {
    /** What the model knows of a stored entry. */
    record Rec(byte[] value, long seq, String principal) {}

    final Path dir;
    final Options options;
    final NavigableMap<byte[], Rec> model = new TreeMap<>(ORDER);
    final List<Long> snapshots = new ArrayList<>();
    final List<Digest> digests = new ArrayList<>();
    long lastSeq;
    long flushes;
    long compactions;
    long blocks;
    BlockDb db;
    int step;

    Run(Path dir, Options options) {
      this.dir = dir;
      this.options = options;
    }

    void run(List<Op> ops) {
      db = BlockDb.open(dir, options);
      try {
        for (Op op : ops) {
          apply(op);
          step++;
        }
        finalChecks();
        countWork();
        db.close();
        db = BlockDb.open(dir, options);
        checkAll("after the final reopen");
        VerifyResult r = db.verify(digests.isEmpty() ? null : digests.get(0), null);
        assertThat(r.ok()).as("verify after the final reopen: %s", r.message()).isTrue();
      } finally {
        db.close();
      }
    }

    void countWork() {
      Stats st = db.stats();
      flushes += st.flushes();
      compactions += st.compactions();
      blocks = st.blocks();
    }

    String at(Op op) {
      return "step " + step + " " + op;
    }

    void apply(Op op) {
      if (op instanceof Put p) {
        put(p.key(), p.value(), op);
      } else if (op instanceof Bulk b) {
        java.util.Random r = new java.util.Random(b.seed());
        byte[] alphabet = {0x00, (byte) 0xFF, 0x01, (byte) 0xFE, 'a', 'b', 'c', 'd'};
        for (int i = 0; i < b.count(); i++) {
          byte[] key = new byte[1 + r.nextInt(12)];
          for (int j = 0; j < key.length; j++) {
            key[j] = r.nextBoolean() ? alphabet[r.nextInt(alphabet.length)] : (byte) r.nextInt(256);
          }
          byte[] value = new byte[r.nextInt(10) == 0 ? r.nextInt(5001) : r.nextInt(301)];
          r.nextBytes(value);
          put(key, value, op);
        }
      } else if (op instanceof PutExisting p) {
        put(model.isEmpty() ? new byte[] {(byte) 0xFF, 0x00} : pick(p.pick()), p.value(), op);
      } else if (op instanceof Batch b) {
        batch(b);
      } else if (op instanceof Get g) {
        byte[] key = g.stored() && !model.isEmpty() ? pick(g.pick()) : g.key();
        checkGet(key, Long.MAX_VALUE, at(op));
      } else if (op instanceof Scan s) {
        checkScan(s.from(), s.to(), Long.MAX_VALUE, at(op));
      } else if (op instanceof Prefix p) {
        List<Entry> got = drain(db.scanPrefix(Tables.KV, p.prefix()));
        byte[] end = Bytes.prefixEnd(p.prefix());
        NavigableMap<byte[], Rec> want = end == null ? model.tailMap(p.prefix(), true)
            : model.subMap(p.prefix(), true, end, false);
        for (Entry e : got) {
          assertThat(startsWith(e.key(), p.prefix())).as("%s: key %s has the prefix", at(op), Bytes.hex(e.key()))
              .isTrue();
        }
        assertSame(got, want, at(op));
      } else if (op instanceof Flush) {
        db.flush();
        if (!model.isEmpty()) {
          assertThat(db.stats().sstables()).as("%s: tables after a flush", at(op)).isPositive();
        }
        checkAll(at(op));
      } else if (op instanceof Compact) {
        db.compact();
        checkAll(at(op));
      } else if (op instanceof Reopen) {
        countWork();
        db.close();
        db = BlockDb.open(dir, options);
        checkAll(at(op));
      } else if (op instanceof Seal) {
        Digest d = db.seal();
        Stats st = db.stats();
        assertThat(st.pendingEntries()).as("%s: pending after seal", at(op)).isZero();
        assertThat(d.blockCount()).as("%s: digest block count", at(op)).isEqualTo(st.blocks());
      } else if (op instanceof Snapshot) {
        assertThat(db.lastSequence()).as(at(op)).isEqualTo(lastSeq);
        snapshots.add(lastSeq);
        digests.add(db.digest());
      } else if (op instanceof SnapshotRead s) {
        long seq = snapshots.isEmpty() ? lastSeq : snapshots.get(s.pick() % snapshots.size());
        // A third of the stored keys (visible at the snapshot or not), the range, and everything.
        int n = 0;
        for (byte[] k : model.keySet()) {
          if (n++ % 3 == s.pick() % 3) {
            checkGet(k, seq, at(op) + " at " + seq);
          }
        }
        checkScan(s.from(), s.to(), seq, at(op) + " at " + seq);
        checkScan(null, null, seq, at(op) + " full scan at " + seq);
      } else {
        throw new AssertionError("unknown op " + op);
      }
    }

    byte[] pick(int i) {
      int idx = i % model.size();
      for (byte[] k : model.keySet()) {
        if (idx-- == 0) {
          return k;
        }
      }
      throw new AssertionError();
    }

    void put(byte[] key, byte[] value, Op op) {
      Rec old = model.get(key);
      if (old != null) {
        assertThatThrownBy(() -> db.put(key, value)).as("%s: duplicate put", at(op))
            .isInstanceOf(DuplicateKeyException.class);
        assertThat(db.lastSequence()).as("%s: nothing written", at(op)).isEqualTo(lastSeq);
        checkGet(key, Long.MAX_VALUE, at(op) + " (old value kept)");
        return;
      }
      long seq = db.write(new WriteBatch().put(key, value));
      lastSeq++;
      assertThat(seq).as("%s: sequence of a put", at(op)).isEqualTo(lastSeq);
      model.put(key.clone(), new Rec(value.clone(), lastSeq, options.principal()));
      checkGet(key, Long.MAX_VALUE, at(op));
    }

    void batch(Batch b) {
      List<byte[]> ks = new ArrayList<>();
      List<byte[]> vs = new ArrayList<>();
      for (Put p : b.puts()) {
        ks.add(p.key());
        vs.add(p.value());
      }
      if (b.dupMode() == 1 && !model.isEmpty()) {
        if (ks.isEmpty()) {
          vs.add(new byte[1]);
          ks.add(null);
        }
        ks.set(b.pick() % ks.size(), pick(b.pick()));
      } else if (b.dupMode() == 2 && !ks.isEmpty()) {
        ks.add(ks.get(b.pick() % ks.size()).clone());
        vs.add(new byte[] {42});
      }
      WriteBatch wb = new WriteBatch();
      TreeMap<byte[], Boolean> seen = new TreeMap<>(ORDER);
      boolean dup = false;
      for (int i = 0; i < ks.size(); i++) {
        wb.put(ks.get(i), vs.get(i));
        dup |= model.containsKey(ks.get(i)) || seen.put(ks.get(i), true) != null;
      }
      String op = at(b);
      if (dup) {
        assertThatThrownBy(() -> db.write(wb, b.principal())).as("%s: batch with a duplicate", op)
            .isInstanceOf(DuplicateKeyException.class);
        assertThat(db.lastSequence()).as("%s: nothing written", op).isEqualTo(lastSeq);
        for (byte[] k : ks) {
          checkGet(k, Long.MAX_VALUE, op + " (nothing of the batch written)");
        }
        return;
      }
      long seq = db.write(wb, b.principal());
      String principal = b.principal() == null ? options.principal() : b.principal();
      for (int i = 0; i < ks.size(); i++) {
        model.put(ks.get(i).clone(), new Rec(vs.get(i).clone(), ++lastSeq, principal));
      }
      assertThat(seq).as("%s: last sequence of the batch", op).isEqualTo(lastSeq);
      for (byte[] k : ks) {
        checkGet(k, Long.MAX_VALUE, op);
      }
    }

    void checkGet(byte[] key, long atSeq, String what) {
      Rec r = model.get(key);
      boolean visible = r != null && r.seq() <= atSeq;
      Entry e = db.getEntry(Tables.KV, key, atSeq);
      if (!visible) {
        assertThat(e).as("%s: getEntry(%s) must be absent", what, Bytes.hex(key)).isNull();
        if (atSeq == Long.MAX_VALUE) {
          assertThat(db.get(key)).as("%s: get(%s)", what, Bytes.hex(key)).isNull();
        }
        return;
      }
      assertThat(e).as("%s: getEntry(%s)", what, Bytes.hex(key)).isNotNull();
      assertEntry(e, key, r, what);
      if (atSeq == Long.MAX_VALUE) {
        assertThat(db.get(key)).as("%s: get(%s)", what, Bytes.hex(key)).isEqualTo(r.value());
      }
    }

    void assertEntry(Entry e, byte[] key, Rec r, String what) {
      assertThat(e.table()).as("%s: table of %s", what, Bytes.hex(key)).isEqualTo(Tables.KV);
      assertThat(e.key()).as("%s: key", what).isEqualTo(key);
      assertThat(e.value()).as("%s: value of %s", what, Bytes.hex(key)).isEqualTo(r.value());
      assertThat(e.sequence()).as("%s: sequence of %s", what, Bytes.hex(key)).isEqualTo(r.seq());
      assertThat(e.principal()).as("%s: principal of %s", what, Bytes.hex(key)).isEqualTo(r.principal());
    }

    void checkScan(byte[] from, byte[] to, long atSeq, String what) {
      NavigableMap<byte[], Rec> want;
      if (from != null && to != null && ORDER.compare(from, to) > 0) {
        want = new TreeMap<>(ORDER); // an inverted range holds nothing
      } else if (from == null && to == null) {
        want = model;
      } else if (from == null) {
        want = model.headMap(to, false);
      } else if (to == null) {
        want = model.tailMap(from, true);
      } else {
        want = model.subMap(from, true, to, false);
      }
      List<Entry> got = drain(db.scan(Tables.KV, from, to, atSeq));
      NavigableMap<byte[], Rec> visible = new TreeMap<>(ORDER);
      want.forEach((k, r) -> {
        if (r.seq() <= atSeq) {
          visible.put(k, r);
        }
      });
      assertSame(got, visible, what + " scan [" + (from == null ? "-" : Bytes.hex(from)) + ", "
          + (to == null ? "-" : Bytes.hex(to)) + ")");
    }

    void assertSame(List<Entry> got, NavigableMap<byte[], Rec> want, String what) {
      List<String> gotKeys = got.stream().map(e -> Bytes.hex(e.key())).toList();
      List<String> wantKeys = want.keySet().stream().map(Bytes::hex).toList();
      assertThat(gotKeys).as("%s: keys in order", what).containsExactlyElementsOf(wantKeys);
      int i = 0;
      for (Map.Entry<byte[], Rec> w : want.entrySet()) {
        assertEntry(got.get(i++), w.getKey(), w.getValue(), what);
      }
    }

    /** Every entry, by scan and by point reads, and the figures that must match the model. */
    void checkAll(String what) {
      assertThat(db.lastSequence()).as("%s: lastSequence", what).isEqualTo(lastSeq);
      assertThat(db.stats().entries()).as("%s: stats().entries()", what).isEqualTo(model.size());
      checkScan(null, null, Long.MAX_VALUE, what + " full");
      for (byte[] k : model.keySet()) {
        checkGet(k, Long.MAX_VALUE, what);
      }
    }

    void finalChecks() {
      checkAll("at the end");
      VerifyResult r = db.verify(null, null);
      assertThat(r.ok()).as("verify: %s", r.message()).isTrue();
      assertThat(r.entriesChecked()).as("entries verified").isEqualTo(model.size());
      Stats st = db.stats();
      assertThat(st.entries()).as("stats().entries()").isEqualTo(model.size());
      assertThat(st.pendingEntries()).as("verify seals pending entries").isZero();
      for (Digest saved : digests) {
        VerifyResult v = db.verify(saved, null);
        assertThat(v.ok()).as("verify against the saved %s: %s", saved, v.message()).isTrue();
        ConsistencyProof cp = db.proveConsistency(saved);
        assertThat(ProofVerifier.verify(cp)).as("consistency proof from %s", saved).isTrue();
      }
      // Inclusion proofs of a handful of keys spread over the key space.
      int n = model.size();
      int stepBy = Math.max(1, n / 5);
      int i = 0;
      for (Map.Entry<byte[], Rec> e : model.entrySet()) {
        if (i++ % stepBy != 0) {
          continue;
        }
        InclusionProof p = db.prove(Tables.KV, e.getKey());
        Entry proved = ProofVerifier.verify(p);
        assertEntry(proved, e.getKey(), e.getValue(), "proof");
        assertThat(ProofVerifier.verify(p, db.digest())).as("proof against the current digest").isTrue();
        assertThat(ProofVerifier.verify(InclusionProof.fromJson(p.toJson()), db.digest()))
            .as("proof after a JSON round trip").isTrue();
      }
    }
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  static List<Entry> drain(EntryIterator it) {
    List<Entry> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
