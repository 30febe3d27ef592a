package com.blockdb.jdbc.calcite;

import com.blockdb.jdbc.schema.ColumnDef;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Maps BlockDB column definitions onto Calcite's SQL types. */
final class TypeMapping {
  /** TIME and TIMESTAMP keep milliseconds (Calcite's default precision 0 would drop them). */
  static final int TIME_PRECISION = 3;

  private TypeMapping() {}

  static RelDataType toRelType(RelDataTypeFactory tf, ColumnDef c) {
    RelDataType t;
    switch (c.type()) {
      case VARCHAR:
        t = c.precision() == ColumnDef.UNBOUNDED ? tf.createSqlType(SqlTypeName.VARCHAR)
            : tf.createSqlType(SqlTypeName.VARCHAR, c.precision());
        break;
      case CHAR:
        t = tf.createSqlType(SqlTypeName.CHAR, c.precision() == ColumnDef.UNBOUNDED ? 1 : c.precision());
        break;
      case VARBINARY:
        t = c.precision() == ColumnDef.UNBOUNDED ? tf.createSqlType(SqlTypeName.VARBINARY)
            : tf.createSqlType(SqlTypeName.VARBINARY, c.precision());
        break;
      case BOOLEAN:
        t = tf.createSqlType(SqlTypeName.BOOLEAN);
        break;
      case INTEGER:
        t = tf.createSqlType(SqlTypeName.INTEGER);
        break;
      case BIGINT:
        t = tf.createSqlType(SqlTypeName.BIGINT);
        break;
      case DECIMAL:
        t = tf.createSqlType(SqlTypeName.DECIMAL, c.precision(), c.scale());
        break;
      case DOUBLE:
        t = tf.createSqlType(SqlTypeName.DOUBLE);
        break;
      case DATE:
        t = tf.createSqlType(SqlTypeName.DATE);
        break;
      case TIME:
        t = tf.createSqlType(SqlTypeName.TIME, TIME_PRECISION);
        break;
      case TIMESTAMP:
        t = tf.createSqlType(SqlTypeName.TIMESTAMP, TIME_PRECISION);
        break;
      default:
        throw new IllegalArgumentException("unmapped type " + c.type());
    }
    return tf.createTypeWithNullability(t, c.nullable());
  }
}
