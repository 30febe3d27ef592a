package com.blockdb.jdbc.calcite;

import com.blockdb.jdbc.schema.ColumnDef;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system with DECIMAL precision up to 38 digits (Calcite's default stops at 19),
 * matching what CREATE TABLE accepts.
 */
public final class BlockDbTypeSystem extends RelDataTypeSystemImpl {
  public static final BlockDbTypeSystem INSTANCE = new BlockDbTypeSystem();

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? ColumnDef.MAX_DECIMAL_PRECISION : super.getMaxPrecision(typeName);
  }

  @Override
  @SuppressWarnings("deprecation")
  public int getMaxNumericPrecision() {
    return ColumnDef.MAX_DECIMAL_PRECISION;
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? ColumnDef.MAX_DECIMAL_PRECISION : super.getMaxScale(typeName);
  }
}
