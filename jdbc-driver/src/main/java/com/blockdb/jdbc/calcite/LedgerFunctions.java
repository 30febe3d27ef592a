package com.blockdb.jdbc.calcite;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ConsistencyProof;
import com.blockdb.engine.Digest;
import com.blockdb.engine.ProofVerifier;
import com.blockdb.engine.Tables;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.TableDef;
import com.blockdb.jdbc.store.Session;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.calcite.DataContext;

/**
 * The bodies of the ledger's scalar SQL functions. Each takes the query's {@link DataContext}
 * first (passed by {@link ContextFunction}'s generated code) to reach the connection's engine.
 */
public final class LedgerFunctions {
  private LedgerFunctions() {}

  /**
   * What {@code CURRENT_USER}, {@code SESSION_USER} and {@code USER} return: the connection's
   * principal, the user its writes record in {@code LEDGER_PRINCIPAL} ({@link SessionUserConvertlets}).
   */
  public static String sessionPrincipal(DataContext root) {
    return BlockDbSchema.session(root).principal();
  }

  /** {@code VERIFY_CHAIN()}: whether the whole ledger verifies now. */
  public static Boolean verifyChain(DataContext root) {
    Session session = BlockDbSchema.session(root);
    com.blockdb.jdbc.store.QueryGuard guard = session.guard();
    return session.database().engine().verify(null, (done, total) -> guard.check()).ok();
  }

  /** {@code VERIFY_DIGEST(json)}: whether the current ledger provably extends a saved digest. */
  public static Boolean verifyDigest(DataContext root, Object json) {
    if (json == null) {
      return null;
    }
    Digest saved;
    try {
      saved = Digest.fromJson(json.toString());
    } catch (RuntimeException e) {
      throw new SqlStateException("22023", VendorCodes.INVALID_ARGUMENT,
          "VERIFY_DIGEST: not a BlockDB digest: " + e.getMessage());
    }
    try {
      ConsistencyProof proof = BlockDbSchema.session(root).database().engine().proveConsistency(saved);
      return ProofVerifier.verify(proof);
    } catch (BlockDbException e) {
      return false; // e.g. the saved digest is longer than the ledger, or its root is not in the chain
    }
  }

  /** {@code ROW_PROOF(table, key...)}: the inclusion proof of a row as JSON, or NULL if no such row. */
  public static String rowProof(DataContext root, Object[] args) {
    Session session = BlockDbSchema.session(root);
    if (args.length < 2 || args[0] == null) {
      throw new SqlStateException("22023", VendorCodes.INVALID_ARGUMENT,
          "ROW_PROOF takes a table name and its primary key values");
    }
    String table = args[0].toString();
    String name = table.toUpperCase(Locale.ROOT).startsWith("BLOCKDB.") ? table.substring(8) : table;
    int tableId;
    byte[] key;
    if (name.equalsIgnoreCase(KvTable.NAME)) {
      if (args.length != 2 || args[1] == null) {
        throw new SqlStateException("22023", VendorCodes.INVALID_ARGUMENT, "ROW_PROOF('KV', key) takes one key");
      }
      tableId = Tables.KV;
      key = args[1].toString().getBytes(StandardCharsets.UTF_8);
    } else {
      TableDef def = session.database().catalog().table(name);
      if (def == null) {
        def = session.database().catalog().table(name.toUpperCase(Locale.ROOT));
      }
      if (def == null) {
        throw new SqlStateException("42S02", VendorCodes.UNKNOWN_OBJECT, "ROW_PROOF: table '" + table + "' not found");
      }
      if (args.length - 1 != def.primaryKey().size()) {
        throw new SqlStateException("22023", VendorCodes.INVALID_ARGUMENT, "ROW_PROOF: table " + def.name()
            + " has " + def.primaryKey().size() + " primary key column(s), " + (args.length - 1) + " value(s) given");
      }
      Object[] values = new Object[args.length - 1];
      for (int i = 0; i < values.length; i++) {
        ColumnDef c = def.keyColumns().get(i);
        values[i] = com.blockdb.jdbc.codec.ValueNormalizer.normalize(def.name(), c, args[i + 1]);
      }
      tableId = def.id();
      key = com.blockdb.jdbc.codec.KeyCodec.encodeKey(def, values);
    }
    if (session.database().engine().getEntry(tableId, key, Long.MAX_VALUE) == null) {
      return null;
    }
    return session.database().engine().prove(tableId, key).toJson();
  }
}
