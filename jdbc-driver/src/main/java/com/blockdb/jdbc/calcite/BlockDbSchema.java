package com.blockdb.jdbc.calcite;

import com.blockdb.jdbc.schema.TableDef;
import com.blockdb.jdbc.store.Session;
import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * Schema {@code BLOCKDB} of one connection: the KV table, every table of the catalog (read afresh,
 * so tables created on other connections appear at once) and the ledger table functions.
 */
public final class BlockDbSchema extends AbstractSchema {
  /** The schema's name in SQL. */
  public static final String NAME = "BLOCKDB";

  private final Session session;
  private final KvTable kv;
  private Map<String, TableDef> seen;
  private Map<String, Table> tables;

  public BlockDbSchema(Session session) {
    this.session = session;
    this.kv = new KvTable(session);
  }

  public Session session() {
    return session;
  }

  /** The session of the connection a query runs on. */
  public static Session session(DataContext root) {
    SchemaPlus schema = root.getRootSchema().getSubSchema(NAME);
    if (schema == null) {
      throw new IllegalStateException("schema " + NAME + " is not defined on this connection");
    }
    return schema.unwrap(BlockDbSchema.class).session;
  }

  /** The BlockDB table {@code name} of a Calcite connection's schema, or null. */
  public static LedgerTable table(org.apache.calcite.jdbc.CalciteConnection calcite, String name) {
    SchemaPlus schema = calcite.getRootSchema().getSubSchema(NAME);
    if (schema == null) {
      return null;
    }
    Table t = schema.unwrap(BlockDbSchema.class).getTableMap().get(name);
    return t instanceof LedgerTable lt ? lt : null;
  }

  @Override
  protected synchronized Map<String, Table> getTableMap() {
    Map<String, TableDef> defs = session.database().catalog().tables();
    if (defs != seen) {
      Map<String, Table> map = new LinkedHashMap<>();
      map.put(KvTable.NAME, kv);
      Map<String, Table> old = tables == null ? Map.of() : tables;
      for (TableDef def : defs.values()) {
        Table t = old.get(def.name());
        map.put(def.name(), t instanceof UserTable u && u.definition().equals(def) ? t : new UserTable(session, def));
      }
      tables = map;
      seen = defs;
    }
    return tables;
  }

  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    return ImmutableMultimap.<String, Function>builder()
        .put("LEDGER_VERIFY", LedgerTableFunctions.LEDGER_VERIFY)
        .put("LEDGER_DIGEST", LedgerTableFunctions.LEDGER_DIGEST)
        .put("LEDGER_BLOCKS", LedgerTableFunctions.LEDGER_BLOCKS)
        .put("PRIMARY_KEYS", CatalogTableFunctions.PRIMARY_KEYS)
        .build();
  }

  @Override
  public boolean isMutable() {
    return true;
  }
}
