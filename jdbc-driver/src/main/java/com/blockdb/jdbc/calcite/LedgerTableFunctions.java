package com.blockdb.jdbc.calcite;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockInfo;
import com.blockdb.engine.Digest;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The ledger's table functions: {@code TABLE(LEDGER_VERIFY())}, {@code TABLE(LEDGER_DIGEST())} and
 * {@code TABLE(LEDGER_BLOCKS())}. Each runs against the engine of the connection it is called on.
 */
public final class LedgerTableFunctions {
  static final TableFunction LEDGER_VERIFY = TableFunctionImpl.create(LedgerTableFunctions.class, "ledgerVerify");
  static final TableFunction LEDGER_DIGEST = TableFunctionImpl.create(LedgerTableFunctions.class, "ledgerDigest");
  static final TableFunction LEDGER_BLOCKS = TableFunctionImpl.create(LedgerTableFunctions.class, "ledgerBlocks");
  private static final int BLOCK_PAGE = 1024;

  private LedgerTableFunctions() {}

  /** One row: whether the whole ledger verifies, what was checked and where it first failed. */
  public static ScannableTable ledgerVerify() {
    return new Result() {
      @Override
      public RelDataType getRowType(RelDataTypeFactory tf) {
        return tf.builder()
            .add("OK", SqlTypeName.BOOLEAN)
            .add("BLOCKS", SqlTypeName.BIGINT)
            .add("ENTRIES", SqlTypeName.BIGINT)
            .add("FIRST_BAD_BLOCK", SqlTypeName.BIGINT).nullable(true)
            .add("FIRST_BAD_KEY", SqlTypeName.VARCHAR).nullable(true)
            .add("MESSAGE", SqlTypeName.VARCHAR)
            .build();
      }

      @Override
      public Enumerable<Object[]> scan(DataContext root) {
        com.blockdb.jdbc.store.QueryGuard guard = BlockDbSchema.session(root).guard();
        VerifyResult r = engine(root).verify(null, (done, total) -> guard.check());
        Object[] row = {r.ok(), r.blocksChecked(), r.entriesChecked(), r.badBlock() < 0 ? null : r.badBlock(),
            r.badKey(), r.message()};
        return Linq4j.asEnumerable(List.<Object[]>of(row));
      }
    };
  }

  /** One row: the digest of the sealed ledger now, with its JSON form to save outside. */
  public static ScannableTable ledgerDigest() {
    return new Result() {
      @Override
      public RelDataType getRowType(RelDataTypeFactory tf) {
        return tf.builder()
            .add("HEIGHT", SqlTypeName.BIGINT)
            .add("BLOCKS", SqlTypeName.BIGINT)
            .add("ROOT", SqlTypeName.VARCHAR)
            .add("DIGEST", SqlTypeName.VARCHAR)
            .build();
      }

      @Override
      public Enumerable<Object[]> scan(DataContext root) {
        Digest d = engine(root).digest();
        Object[] row = {d.blockCount() - 1, d.blockCount(), Bytes.hex(d.root()), d.toJson()};
        return Linq4j.asEnumerable(List.<Object[]>of(row));
      }
    };
  }

  /** One row per sealed block, genesis first. */
  public static ScannableTable ledgerBlocks() {
    return new Result() {
      @Override
      public RelDataType getRowType(RelDataTypeFactory tf) {
        return tf.builder()
            .add("HEIGHT", SqlTypeName.BIGINT)
            .add("HASH", SqlTypeName.VARCHAR)
            .add("PREVIOUS_HASH", SqlTypeName.VARCHAR)
            .add("MERKLE_ROOT", SqlTypeName.VARCHAR)
            .add("ENTRY_COUNT", SqlTypeName.INTEGER)
            .add("FIRST_SEQ", SqlTypeName.BIGINT)
            .add("LAST_SEQ", SqlTypeName.BIGINT)
            .add("BLOCK_TS", tf.createSqlType(SqlTypeName.TIMESTAMP, TypeMapping.TIME_PRECISION))
            .build();
      }

      @Override
      public Enumerable<Object[]> scan(DataContext root) {
        BlockDb engine = engine(root);
        List<Object[]> rows = new ArrayList<>();
        long from = 0;
        while (true) {
          List<BlockInfo> page = engine.blocks(from, BLOCK_PAGE);
          for (BlockInfo b : page) {
            rows.add(new Object[] {b.height(), Bytes.hex(b.hash()), Bytes.hex(b.previousHash()),
                Bytes.hex(b.merkleRoot()), b.entryCount(), b.firstSequence(), b.lastSequence(), b.timestamp()});
          }
          if (page.size() < BLOCK_PAGE) {
            break;
          }
          from += page.size();
        }
        return Linq4j.asEnumerable(rows);
      }
    };
  }

  private static BlockDb engine(DataContext root) {
    return BlockDbSchema.session(root).database().engine();
  }

  /** A one-shot result table. */
  private abstract static class Result extends AbstractTable implements ScannableTable {}
}
