package com.blockdb.engine.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Stats;
import com.blockdb.engine.Tables;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the writers attempted and what the engine acknowledged, accumulated over all crash rounds
 * (ATTEMPT is recorded before a write is submitted, ACK after it returned), and the invariants a
 * reopened store must satisfy against it. Shared by the SIGKILL and the power-loss crash tests.
 */
public final class LedgerModel {

  /** key → the value it was attempted with. Keys are never reused. */
  public final Map<String, String> attempted = new ConcurrentHashMap<>();
  public final Set<String> acked = ConcurrentHashMap.newKeySet();
  /** Fresh keys of writes that had to be rejected as duplicates: never stored. */
  public final Set<String> mustBeAbsent = ConcurrentHashMap.newKeySet();
  public final List<List<String>> batches = new CopyOnWriteArrayList<>();
  /** Per writer thread, its fresh writes in submission order (each submitted after the previous returned). */
  public final List<List<List<String>>> streams = new CopyOnWriteArrayList<>();
  /** Exceptions writers got that are not the expected kinds after a crash or fault. */
  public final List<String> unexpected = new CopyOnWriteArrayList<>();
  public final Map<ErrorCode, Integer> failures = new ConcurrentHashMap<>();

  /** What a writer thread does: fresh single puts, fresh batches, and writes naming a stored key. */
  public final class Writer implements Runnable {
    final BlockDb db;
    final Random rnd;
    final String prefix;
    final int ops;
    final int maxBatch;
    final int maxValue;
    final List<List<String>> stream = Collections.synchronizedList(new ArrayList<>());
    final List<String> myAcked = new ArrayList<>();
    public volatile RuntimeException stoppedBy;
    public volatile int done;

    public Writer(BlockDb db, long seed, String prefix, int ops, int maxBatch, int maxValue) {
      this.db = db;
      this.rnd = new Random(seed);
      this.prefix = prefix;
      this.ops = ops;
      this.maxBatch = maxBatch;
      this.maxValue = maxValue;
      streams.add(stream);
    }

    @Override
    public void run() {
      try {
        for (int op = 0; op < ops; op++) {
          if (!myAcked.isEmpty() && rnd.nextInt(20) == 0) {
            duplicate(op);
          } else {
            fresh(op);
          }
          done = op + 1;
        }
      } catch (RuntimeException e) {
        stoppedBy = e;
        if (e instanceof BlockDbException be) {
          failures.merge(be.code(), 1, Integer::sum);
          if (be.code() != ErrorCode.READ_ONLY && be.code() != ErrorCode.IO_ERROR && be.code() != ErrorCode.CLOSED) {
            unexpected.add(prefix + ": " + e);
          }
        } else {
          unexpected.add(prefix + ": " + e + " at " + Arrays.toString(e.getStackTrace()));
        }
      }
    }

    private void fresh(int op) {
      int n = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(maxBatch) : 1;
      WriteBatch b = new WriteBatch();
      List<String> keys = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String k = prefix + "." + op + "." + i;
        String v = value(k);
        keys.add(k);
        attempted.put(k, v); // ATTEMPT
        b.put(k.getBytes(UTF_8), v.getBytes(UTF_8));
      }
      if (n > 1) {
        batches.add(keys);
      }
      stream.add(keys);
      if (n == 1 && rnd.nextBoolean()) {
        db.put(keys.get(0).getBytes(UTF_8), attempted.get(keys.get(0)).getBytes(UTF_8));
      } else {
        db.write(b);
      }
      acked.addAll(keys); // ACK
      myAcked.addAll(keys);
    }

    private void duplicate(int op) {
      String old = myAcked.get(rnd.nextInt(myAcked.size()));
      String freshKey = prefix + "." + op + ".dupfresh";
      mustBeAbsent.add(freshKey);
      WriteBatch b = new WriteBatch();
      if (rnd.nextBoolean()) {
        b.put(freshKey.getBytes(UTF_8), "x".getBytes(UTF_8));
      }
      b.put(old.getBytes(UTF_8), "overwrite".getBytes(UTF_8));
      try {
        db.write(b);
        unexpected.add(prefix + ": a write naming the stored key '" + old + "' was acknowledged");
      } catch (DuplicateKeyException expected) {
        // right
      }
    }

    private String value(String k) {
      int len = rnd.nextInt(maxValue + 1);
      StringBuilder sb = new StringBuilder(k.length() + 1 + len).append(k).append('=');
      for (int i = 0; i < len; i++) {
        sb.append((char) ('a' + rnd.nextInt(26)));
      }
      return sb.toString();
    }
  }

  /** The outcome of a check: problems found, the digest to check the next round against, entries stored. */
  public record Check(List<String> problems, Digest digest, long entries, Stats stats) {}

  /**
   * Checks a reopened store: acknowledged writes present with their values (if
   * {@code ackedMustSurvive}), every present key attempted with that value, batches whole, rejected
   * writes absent, each writer's writes a prefix of what it wrote, sequence numbers dense and equal to
   * lastSequence(), everything sealed, verify passing and extending {@code saved}.
   */
  public Check check(BlockDb db, Digest saved, boolean ackedMustSurvive) {
    List<String> problems = new ArrayList<>();
    Map<String, byte[]> present = new HashMap<>();
    List<Long> sequences = new ArrayList<>();
    try (EntryIterator it = db.scan(Tables.KV, null, null, Long.MAX_VALUE)) {
      while (it.hasNext()) {
        Entry e = it.next();
        String k = new String(e.key(), UTF_8);
        present.put(k, e.value());
        sequences.add(e.sequence());
        String want = attempted.get(k);
        if (want == null) {
          problems.add(mustBeAbsent.contains(k) ? "key '" + k + "' of a write rejected as a duplicate is present"
              : "key '" + k + "' is present but was never attempted");
        } else if (!Arrays.equals(e.value(), want.getBytes(UTF_8))) {
          problems.add("key '" + k + "' has value '" + new String(e.value(), UTF_8) + "', attempted '" + want + "'");
        }
      }
    }
    if (ackedMustSurvive) {
      List<String> lost = new ArrayList<>();
      for (String k : acked) {
        if (!present.containsKey(k)) {
          lost.add(k);
        }
      }
      if (!lost.isEmpty()) {
        Collections.sort(lost);
        problems.add(lost.size() + " acknowledged key(s) missing after the crash, e.g. "
            + lost.subList(0, Math.min(10, lost.size())));
      }
    }
    for (String k : acked) {
      byte[] v = present.get(k);
      if (v == null) {
        continue; // reported above when acknowledged writes must survive
      }
      byte[] got = db.get(k.getBytes(UTF_8));
      if (got == null || !Arrays.equals(got, v)) {
        problems.add("key '" + k + "' is in a scan but get() returns "
            + (got == null ? "null" : new String(got, UTF_8)));
      }
    }
    for (List<String> b : batches) {
      int n = 0;
      for (String k : b) {
        if (present.containsKey(k)) {
          n++;
        }
      }
      if (n != 0 && n != b.size()) {
        problems.add("batch " + b + " is torn: " + n + " of " + b.size() + " keys present");
      }
    }
    for (List<List<String>> stream : streams) {
      List<List<String>> ops;
      synchronized (stream) {
        ops = new ArrayList<>(stream);
      }
      int lastPresent = -1;
      for (int i = 0; i < ops.size(); i++) {
        if (present.containsKey(ops.get(i).get(0))) {
          lastPresent = i;
        }
      }
      for (int i = 0; i < lastPresent; i++) {
        if (!present.containsKey(ops.get(i).get(0))) {
          problems.add("not a prefix: a writer's write " + ops.get(i) + " is missing but its later write "
              + ops.get(lastPresent) + " is present");
          break;
        }
      }
    }
    sequences.sort(null);
    long n = sequences.size();
    for (int i = 0; i < sequences.size(); i++) {
      if (sequences.get(i) != i + 1) {
        problems.add("sequences are not dense: the " + (i + 1) + "th smallest is " + sequences.get(i));
        break;
      }
    }
    if (db.lastSequence() != n) {
      problems.add("lastSequence() is " + db.lastSequence() + " but " + n + " entries are stored");
    }
    Stats st = db.stats();
    if (st.entries() != n) {
      problems.add("stats().entries() is " + st.entries() + " but " + n + " entries are stored");
    }
    long sealedUpTo = db.blocks(st.blocks() - 1, 1).get(0).lastSequence();
    if (sealedUpTo != n) {
      problems.add("after open the newest block ends at sequence " + sealedUpTo + " but " + n + " entries are stored");
    }
    if (st.readOnlyReason() != null) {
      problems.add("the reopened database is read-only: " + st.readOnlyReason());
    }
    VerifyResult r = db.verify(null, null);
    if (!r.ok()) {
      problems.add("verify failed: " + r.message() + " (block " + r.badBlock() + ", key " + r.badKey() + ", file "
          + r.file() + ")");
    } else if (r.entriesChecked() != n) {
      problems.add("verify checked " + r.entriesChecked() + " entries but " + n + " are stored");
    }
    Digest digest = db.digest();
    if (saved != null) {
      VerifyResult rs = db.verify(saved, null);
      if (!rs.ok()) {
        problems.add("verify against the digest saved before the crash (" + saved.blockCount() + " blocks) failed: "
            + rs.message());
      }
      if (digest.blockCount() < saved.blockCount()) {
        problems.add("the ledger shrank from " + saved.blockCount() + " to " + digest.blockCount() + " blocks");
      }
    }
    return new Check(problems, digest, n, st);
  }

  /** Throws with all problems (and the unexpected writer exceptions) if there are any. */
  public void assertClean(Check c, String where) {
    List<String> all = new ArrayList<>(c.problems());
    for (String u : unexpected) {
      all.add("writer got an unexpected exception: " + u);
    }
    if (!all.isEmpty()) {
      throw new AssertionError(where + ": " + all.size() + " problem(s):\n  "
          + String.join("\n  ", all.subList(0, Math.min(30, all.size()))));
    }
  }
}
