package com.blockdb.bench;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Options;
import com.blockdb.engine.VerifyListener;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import java.nio.file.Path;

/** BlockDB's engine, embedded, with the documented defaults (durable: fsync before acknowledging). */
final class BlockDbSubject implements Subject {

  @Override
  public String name() {
    return "BlockDB";
  }

  @Override
  public String unavailableReason() {
    return null;
  }

  @Override
  public String describe() {
    Options o = Options.defaults();
    return "BlockDB engine " + version() + ", embedded, Options.defaults(): wal_sync_interval = "
        + o.walSyncIntervalMs() + " (fsync before acknowledging, group commit), memtable "
        + (o.memtableSizeLimit() >> 20) + " MiB, blocks of " + o.blockchainBatchSize() + " entries";
  }

  private static String version() {
    String v = BlockDb.class.getPackage().getImplementationVersion();
    return v == null ? "(dev)" : v;
  }

  @Override
  public DbStore open(Path dir, boolean fresh) {
    return new DbStore(BlockDb.open(dir, Options.defaults()));
  }

  static final class DbStore implements Store {
    final BlockDb db;

    DbStore(BlockDb db) {
      this.db = db;
    }

    @Override
    public Writer writer(boolean batched) {
      return new Writer() {
        @Override
        public void put(byte[] key, byte[] value) {
          db.put(key, value);
        }

        @Override
        public void putBatch(byte[][] keys, byte[][] values, int n) {
          WriteBatch b = new WriteBatch();
          for (int i = 0; i < n; i++) {
            b.put(keys[i], values[i]);
          }
          db.write(b);
        }
      };
    }

    @Override
    public Reader reader() {
      return db::get;
    }

    @Override
    public long fsyncs() {
      return db.stats().fsyncs();
    }

    @Override
    public Store cold(Path dir) {
      db.flush();
      db.compact();
      return this;
    }

    @Override
    public String state() {
      com.blockdb.engine.Stats s = db.stats();
      return "entries=" + s.entries() + " sstables=" + s.sstables() + " memtableBytes=" + s.memtableBytes()
          + " flushes=" + s.flushes() + " compactions=" + s.compactions() + " blocks=" + s.blocks();
    }

    /** Full verification from the data files; the result carries the entries checked. */
    VerifyResult verify() {
      return db.verify(null, VerifyListener.NONE);
    }

    @Override
    public void close() {
      db.close();
    }
  }
}
