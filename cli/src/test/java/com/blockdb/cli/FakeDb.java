package com.blockdb.cli;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockInfo;
import com.blockdb.engine.ConsistencyProof;
import com.blockdb.engine.Digest;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.InclusionProof;
import com.blockdb.engine.Options;
import com.blockdb.engine.Stats;
import com.blockdb.engine.VerifyListener;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/** An in-memory {@link BlockDb} for testing the CLI's wiring without the engine's files. */
final class FakeDb implements BlockDb {
  final TreeMap<String, byte[]> values = new TreeMap<>();
  final Options options;
  long sequence;
  long pending;
  long blocks = 1;
  boolean closed;
  /** When set, verify returns (or throws) what it supplies. */
  Supplier<VerifyResult> verify;
  /** When set, every write throws it. */
  RuntimeException writeFailure;

  FakeDb(Options options) {
    this.options = options;
  }

  private static String key(byte[] k) {
    return java.util.HexFormat.of().formatHex(k);
  }

  @Override
  public long write(WriteBatch batch, String principal) {
    if (writeFailure != null) {
      throw writeFailure;
    }
    for (WriteBatch.Put p : batch.puts()) {
      if (values.containsKey(key(p.key()))) {
        throw new DuplicateKeyException(p.table(), p.key());
      }
    }
    for (WriteBatch.Put p : batch.puts()) {
      values.put(key(p.key()), p.value());
      sequence++;
      pending++;
    }
    return sequence;
  }

  @Override
  public Entry getEntry(int table, byte[] key, long atSequence) {
    byte[] v = values.get(key(key));
    return v == null ? null : new Entry(table, key, v, 1, 0, "local");
  }

  @Override
  public EntryIterator scan(int table, byte[] from, byte[] to, long atSequence) {
    throw new AssertionError("blockdb-cli never calls this; the fake does not model it");
  }

  @Override
  public java.util.List<String> recoveryNotes() {
    return java.util.List.of();
  }

  @Override
  public long blockHeightOf(long sequence) {
    return -1;
  }

  @Override
  public long lastSequence() {
    return sequence;
  }

  @Override
  public Stats stats() {
    return new Stats(sequence, blocks, pending, 2, 3000, 10, 1, 500, 700, 4200, 0, 0, 0, 0, 0,
        digest(), null, options, 0, 0, 0);
  }

  @Override
  public Digest digest() {
    return new Digest(blocks, new byte[32]);
  }

  @Override
  public List<BlockInfo> blocks(long fromHeight, int max) {
    return List.of();
  }

  @Override
  public Digest seal() {
    if (pending > 0) {
      blocks++;
      pending = 0;
    }
    return digest();
  }

  @Override
  public InclusionProof prove(int table, byte[] key) {
    seal();
    return new InclusionProof(key, 0, List.of(), new byte[] {1}, List.of(), digest());
  }

  @Override
  public ConsistencyProof proveConsistency(Digest older) {
    throw new AssertionError("blockdb-cli never calls this; the fake does not model it");
  }

  @Override
  public VerifyResult verify(Digest saved, VerifyListener listener) {
    if (verify != null) {
      return verify.get();
    }
    return new VerifyResult(true, blocks, sequence, -1, null, null, "ok", 1);
  }

  @Override
  public void prepare(long txnId, byte[] xid, WriteBatch batch, String principal) {
    throw new UnsupportedOperationException("the CLI does not prepare transactions");
  }

  @Override
  public long commitPrepared(long txnId) {
    throw new UnsupportedOperationException("the CLI does not prepare transactions");
  }

  @Override
  public void abortPrepared(long txnId) {
    throw new UnsupportedOperationException("the CLI does not prepare transactions");
  }

  @Override
  public List<com.blockdb.engine.PreparedTransaction> preparedTransactions() {
    return List.of();
  }

  @Override
  public com.blockdb.engine.BackupResult backup(java.nio.file.Path target) {
    throw new AssertionError("the fake does not model backups; the backup tests use the engine");
  }

  @Override
  public com.blockdb.engine.BackupResult backup(com.blockdb.engine.BackupSink sink) {
    throw new AssertionError("the fake does not model backups; the backup tests use the engine");
  }

  @Override
  public void flush() {}

  @Override
  public void compact() {}

  @Override
  public void close() {
    seal();
    closed = true;
  }
}
