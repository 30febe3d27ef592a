package com.blockdb.jdbc.store;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.Tables;
import com.blockdb.engine.WriteBatch;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.CatalogCodec;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.TableDef;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL tables of a database. Each definition is a ledger entry of the engine's catalog table
 * ({@link Tables#CATALOG}), so the schema's history is verifiable like any row and survives
 * restart: key {@code table:<NAME>} holds the definition, key {@code tableid:<id>} reserves the
 * engine table id (written in the same atomic batch, so two tables can never share an id).
 *
 * <p>In a cluster, tables are also created through other nodes: the node reports each change of the
 * catalog table ({@link Database#tablesChanged}), which marks the map stale, and the next read
 * reloads it from what this node has applied.
 *
 * <p>Thread-safe: readers see an immutable map swapped on each change; creation and reloads are
 * serialized.
 */
public final class Catalog {
  static final String TABLE_PREFIX = "table:";
  static final String ID_PREFIX = "tableid:";
  /** Names reserved for the system: the KV table and the catalog's own views. */
  public static final String KV_TABLE = "KV";

  private final BlockDb engine;
  private volatile Map<String, TableDef> tables;
  /** Changes reported by {@link #invalidate}, and how many of them {@link #tables} reflects. */
  private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
  private volatile long loaded;

  Catalog(BlockDb engine) {
    this.engine = engine;
    this.tables = load(engine);
  }

  private static Map<String, TableDef> load(BlockDb engine) {
    Map<String, TableDef> map = new TreeMap<>();
    byte[] prefix = TABLE_PREFIX.getBytes(StandardCharsets.UTF_8);
    // Everything this engine holds (not a cluster's read barrier): a reload runs when a change was
    // applied here, and must work on a node that has lost its quorum.
    try (EntryIterator it = engine.scan(Tables.CATALOG, prefix, com.blockdb.engine.util.Bytes.prefixEnd(prefix),
        Long.MAX_VALUE)) {
      while (it.hasNext()) {
        Entry e = it.next();
        TableDef def = CatalogCodec.decode(e.value());
        map.put(def.name(), def);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** Every SQL table by name (the KV table is not among them), in name order. */
  public Map<String, TableDef> tables() {
    if (loaded != changes.get()) {
      reload();
    }
    return tables;
  }

  /** A table by exact name, or null. */
  public TableDef table(String name) {
    return tables().get(name);
  }

  /** The catalog table changed under this catalog (another cluster node created a table): reload on next read. */
  void invalidate() {
    changes.incrementAndGet();
  }

  /**
   * Reloads unless another thread did meanwhile. Readers that find the map out of date wait here
   * for a reload in progress rather than return the old map; a change reported during the read
   * leaves the map out of date again, for the next reader.
   */
  private synchronized void reload() {
    long now = changes.get();
    if (loaded != now) {
      tables = load(engine);
      loaded = now;
    }
  }

  /**
   * Defines a table, as one ledger transaction. Returns false (and changes nothing) if it exists
   * and {@code ifNotExists}; throws 42S01 if it exists otherwise.
   */
  public synchronized boolean create(String name, List<ColumnDef> columns, List<Integer> primaryKey,
      boolean ifNotExists, String principal) {
    // Two attempts: in a cluster another node may define a table between this catalog's last
    // reload and the write; the write is then refused, the catalog reloads and decides again.
    for (int attempt = 1; ; attempt++) {
      Map<String, TableDef> now = tables();
      if (now.containsKey(name) || name.equals(KV_TABLE)) {
        if (ifNotExists) {
          return false;
        }
        throw new SqlStateException("42S01", VendorCodes.TABLE_EXISTS, "table BLOCKDB." + name + " already exists");
      }
      int id = Tables.FIRST_USER_TABLE;
      for (TableDef t : now.values()) {
        id = Math.max(id, t.id() + 1);
      }
      TableDef def = new TableDef(id, name, columns, primaryKey);
      WriteBatch batch = new WriteBatch()
          .put(Tables.CATALOG, (TABLE_PREFIX + name).getBytes(StandardCharsets.UTF_8), CatalogCodec.encode(def))
          .put(Tables.CATALOG, String.format("%s%010d", ID_PREFIX, id).getBytes(StandardCharsets.UTF_8),
              name.getBytes(StandardCharsets.UTF_8));
      try {
        engine.write(batch, principal);
      } catch (DuplicateKeyException e) {
        invalidate();
        if (attempt < 2) {
          continue;
        }
        // The ledger holds a definition this catalog did not load: report, change nothing.
        throw new SqlStateException("42S01", VendorCodes.TABLE_EXISTS,
            "table BLOCKDB." + name + " or its id " + id + " is already defined in the catalog");
      }
      Map<String, TableDef> next = new TreeMap<>(tables);
      next.put(name, def);
      tables = Collections.unmodifiableMap(next);
      return true;
    }
  }
}
