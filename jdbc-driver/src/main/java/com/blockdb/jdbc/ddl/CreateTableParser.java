package com.blockdb.jdbc.ddl;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses and checks CREATE TABLE, which Calcite 1.41 cannot run for BlockDB (its DDL parser has no
 * inline {@code PRIMARY KEY} and its executor fails on the constraint form). Grammar:
 *
 * <pre>
 * CREATE TABLE [IF NOT EXISTS] [schema.]name ( element [, element]* ) [;]
 * element    = column | [CONSTRAINT name] PRIMARY KEY ( column [, column]* )
 * column     = name type { NOT NULL | NULL | PRIMARY KEY }
 * type       = VARCHAR [(n)] | CHARACTER VARYING [(n)] | CHAR [(n)] | CHARACTER [(n)] | BOOLEAN
 *            | INTEGER | INT | BIGINT | DECIMAL [(p [, s])] | NUMERIC [(p [, s])] | DOUBLE [PRECISION]
 *            | DATE | TIME [(3)] [WITHOUT TIME ZONE] | TIMESTAMP [(3)] [WITHOUT TIME ZONE]
 *            | VARBINARY [(n)] | BINARY VARYING [(n)]
 * </pre>
 *
 * <p>Names follow Calcite's default casing: unquoted names are upper-cased, {@code "quoted"} names
 * are kept exactly; a reserved word must be quoted to be a name. Lengths without a value are
 * {@link ColumnDef#UNBOUNDED}, except CHAR, which is CHAR(1) as in standard SQL. DECIMAL without
 * a precision is DECIMAL(19, 0), what Calcite's default type system makes of it. TIME and
 * TIMESTAMP accept only the precision BlockDB stores, milliseconds (3): a declared 0 or 6 would
 * otherwise be silently ignored. Stateless and thread-safe (each call uses its own parser).
 */
public final class CreateTableParser {
  /** The most columns a table may have. */
  public static final int MAX_COLUMNS = 1000;
  /** The longest VARCHAR, CHAR or VARBINARY length: Calcite's default type system clamps longer ones. */
  public static final int MAX_LENGTH = 65536;
  /** The precision of DECIMAL declared without one, as Calcite's default type system derives it. */
  public static final int DEFAULT_DECIMAL_PRECISION = 19;
  /** Column names starting with this (in any case) are reserved for BlockDB's system columns. */
  public static final String SYSTEM_COLUMN_PREFIX = "LEDGER_";
  /** The supported types, as error messages list them. */
  public static final String SUPPORTED_TYPES =
      "VARCHAR(n), CHAR(n), BOOLEAN, INTEGER, BIGINT, DECIMAL(p, s), DOUBLE, DATE, TIME, TIMESTAMP,"
          + " VARBINARY(n)";

  /** Column options other databases accept that BlockDB refuses by name. */
  private static final Set<String> UNSUPPORTED_COLUMN_OPTIONS =
      Set.of(
          "UNIQUE", "CHECK", "REFERENCES", "CONSTRAINT", "GENERATED", "AUTO_INCREMENT",
          "AUTOINCREMENT", "IDENTITY", "COLLATE", "COMMENT", "AS", "STORED", "VIRTUAL");

  /** The time precision BlockDB stores: milliseconds. */
  private static final int TIME_PRECISION = 3;

  private final String sql;
  private final List<SqlToken> tokens = new ArrayList<>();
  private int index;
  private String tableName = "";

  private final List<PendingColumn> columns = new ArrayList<>();
  private final Set<String> columnNames = new HashSet<>();
  private List<String> primaryKey;
  private List<Integer> primaryKeyOffsets;

  /** A column while its table is parsed; the primary key may still make it NOT NULL. */
  private record PendingColumn(ColumnDef def, Boolean declaredNullable) {}

  private CreateTableParser(String sql) {
    this.sql = sql;
    SqlLexer lexer = new SqlLexer(sql);
    SqlToken t;
    do {
      t = lexer.next();
      tokens.add(t);
    } while (!t.isEnd());
  }

  /**
   * Parses one CREATE TABLE statement (a trailing {@code ;} is allowed).
   *
   * @throws SqlStateException 42000 {@link VendorCodes#SYNTAX_ERROR} with line and column for text
   *     that does not parse; 0A000 {@link VendorCodes#NOT_SUPPORTED} for types and clauses BlockDB
   *     does not support (DEFAULT, UNIQUE, FLOAT, AS SELECT, ...); 42000
   *     {@link VendorCodes#INVALID_DEFINITION} for a definition BlockDB refuses (no or several
   *     primary keys, lengths or precisions out of range, too many columns, reserved column names);
   *     42S21 for a duplicate column name and 42S22 for a primary key column that does not exist
   */
  public static CreateTable parse(String sql) {
    return new CreateTableParser(sql).createTable();
  }

  private CreateTable createTable() {
    expectWord("CREATE");
    expectWord("TABLE");
    boolean ifNotExists = false;
    // IF is not reserved: "CREATE TABLE if (...)" names a table IF.
    if (token().isWord("IF") && peek(1).isWord("NOT")) {
      advance();
      advance();
      expectWord("EXISTS");
      ifNotExists = true;
    }
    String schema = null;
    String table = identifier("a table name");
    if (token().isSymbol('.')) {
      advance();
      schema = table;
      table = identifier("a table name");
    }
    tableName = schema == null ? table : schema + "." + table;
    if (token().isWord("AS")) {
      throw notSupported(
          "CREATE TABLE ... AS SELECT is not supported: declare the columns, then INSERT ... SELECT");
    }
    expectSymbol('(', "\"(\"");
    element();
    while (token().isSymbol(',')) {
      advance();
      element();
    }
    expectSymbol(')', "\",\" or \")\"");
    while (token().isSymbol(';')) {
      advance();
    }
    if (token().type() != SqlToken.Type.END) {
      throw syntaxError("the end of the statement");
    }
    return finish(ifNotExists, schema, table);
  }

  private CreateTable finish(boolean ifNotExists, String schema, String table) {
    if (primaryKey == null) {
      throw invalid(
          "table " + tableName + " needs a PRIMARY KEY: BlockDB rows are addressed by their primary key");
    }
    for (int i = 0; i < primaryKey.size(); i++) {
      String name = primaryKey.get(i);
      if (!columnNames.contains(name)) {
        throw new SqlStateException(
            "42S22",
            VendorCodes.UNKNOWN_OBJECT,
            "primary key column " + name + " is not a column of table " + tableName + " ("
                + SqlLexer.position(sql, primaryKeyOffsets.get(i)) + ")");
      }
    }
    List<ColumnDef> defs = new ArrayList<>(columns.size());
    for (PendingColumn pending : columns) {
      ColumnDef c = pending.def();
      if (primaryKey.contains(c.name())) {
        if (Boolean.TRUE.equals(pending.declaredNullable())) {
          throw invalid("primary key column " + c.name() + " of table " + tableName + " cannot be NULL");
        }
        c = new ColumnDef(c.name(), c.type(), c.precision(), c.scale(), false);
      }
      defs.add(c);
    }
    return new CreateTable(ifNotExists, schema, table, defs, primaryKey);
  }

  private void element() {
    SqlToken t = token();
    if (t.isWord("CONSTRAINT")) {
      advance();
      identifier("a constraint name");
      if (!token().isWord("PRIMARY")) {
        refuseConstraint(token());
        throw syntaxError("PRIMARY KEY");
      }
      primaryKeyConstraint();
    } else if (t.isWord("PRIMARY")) {
      primaryKeyConstraint();
    } else {
      refuseConstraint(t);
      column();
    }
  }

  /** UNIQUE, FOREIGN KEY and CHECK constraints (all reserved words, so never column names). */
  private void refuseConstraint(SqlToken t) {
    if (t.isWord("UNIQUE") || t.isWord("FOREIGN") || t.isWord("CHECK")) {
      String what = t.isWord("FOREIGN") ? "FOREIGN KEY" : t.value();
      throw notSupported(
          what + " constraints are not supported (table " + tableName
              + "): BlockDB tables have only a primary key");
    }
  }

  private void primaryKeyConstraint() {
    int at = token().offset();
    expectWord("PRIMARY");
    expectWord("KEY");
    declarePrimaryKey(at);
    expectSymbol('(', "\"(\"");
    List<String> names = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    do {
      if (!names.isEmpty()) {
        advance(); // the comma
      }
      int nameAt = token().offset();
      String name = identifier("a column name");
      if (names.contains(name)) {
        throw invalid(
            "column " + name + " appears twice in the primary key of table " + tableName);
      }
      names.add(name);
      offsets.add(nameAt);
    } while (token().isSymbol(','));
    expectSymbol(')', "\",\" or \")\"");
    primaryKey = List.copyOf(names);
    primaryKeyOffsets = offsets;
  }

  private void declarePrimaryKey(int at) {
    if (primaryKey != null) {
      throw invalid(
          "multiple primary keys for table " + tableName + " are not allowed ("
              + SqlLexer.position(sql, at) + "); declare one PRIMARY KEY (a, b) for a compound key");
    }
  }

  private void column() {
    String name = identifier("a column name");
    if (name.toUpperCase(Locale.ROOT).startsWith(SYSTEM_COLUMN_PREFIX)) {
      throw invalid(
          "column name " + name + " is reserved: names starting with " + SYSTEM_COLUMN_PREFIX
              + " are BlockDB's system columns");
    }
    if (!columnNames.add(name)) {
      throw new SqlStateException(
          "42S21",
          VendorCodes.INVALID_DEFINITION,
          "duplicate column name " + name + " in table " + tableName);
    }
    if (columns.size() == MAX_COLUMNS) {
      throw invalid("table " + tableName + " has more than " + MAX_COLUMNS + " columns");
    }
    ColumnDef def = type(name);
    Boolean declaredNullable = null;
    while (true) {
      SqlToken t = token();
      Boolean nullable = null;
      if (t.isWord("NOT")) {
        advance();
        expectWord("NULL");
        nullable = false;
      } else if (t.isWord("NULL")) {
        advance();
        nullable = true;
      } else if (t.isWord("PRIMARY")) {
        advance();
        expectWord("KEY");
        declarePrimaryKey(t.offset());
        primaryKey = List.of(name);
        primaryKeyOffsets = List.of(t.offset());
      } else if (t.isWord("DEFAULT")) {
        throw notSupported(
            "DEFAULT is not supported (column " + name + "): BlockDB columns have no default"
                + " values; every INSERT gives each value");
      } else if (t.type() == SqlToken.Type.WORD && UNSUPPORTED_COLUMN_OPTIONS.contains(t.value())) {
        throw notSupported(t.value() + " is not supported in a column definition (column " + name + ")");
      } else if (t.isSymbol(',') || t.isSymbol(')')) {
        break;
      } else {
        throw syntaxError("NOT NULL, NULL, PRIMARY KEY, \",\" or \")\"");
      }
      if (nullable != null) {
        if (declaredNullable != null && !declaredNullable.equals(nullable)) {
          throw invalid("column " + name + " is declared both NULL and NOT NULL");
        }
        declaredNullable = nullable;
      }
    }
    boolean nullable = !Boolean.FALSE.equals(declaredNullable);
    ColumnDef c = new ColumnDef(def.name(), def.type(), def.precision(), def.scale(), nullable);
    columns.add(new PendingColumn(c, declaredNullable));
  }

  private ColumnDef type(String column) {
    SqlToken t = token();
    if (t.type() != SqlToken.Type.WORD) {
      throw syntaxError("a column type");
    }
    advance();
    switch (t.value()) {
      case "VARCHAR":
        return lengthType(column, ColumnType.VARCHAR, ColumnDef.UNBOUNDED);
      case "CHAR":
      case "CHARACTER":
        if (token().isWord("VARYING")) {
          advance();
          return lengthType(column, ColumnType.VARCHAR, ColumnDef.UNBOUNDED);
        }
        return lengthType(column, ColumnType.CHAR, 1);
      case "VARBINARY":
        return lengthType(column, ColumnType.VARBINARY, ColumnDef.UNBOUNDED);
      case "BINARY":
        if (token().isWord("VARYING")) {
          advance();
          return lengthType(column, ColumnType.VARBINARY, ColumnDef.UNBOUNDED);
        }
        throw unsupportedType(column, "BINARY");
      case "BOOLEAN":
        return ColumnDef.of(column, ColumnType.BOOLEAN, true);
      case "INTEGER":
      case "INT":
        return ColumnDef.of(column, ColumnType.INTEGER, true);
      case "BIGINT":
        return ColumnDef.of(column, ColumnType.BIGINT, true);
      case "DECIMAL":
      case "NUMERIC":
      case "DEC":
        return decimal(column);
      case "DOUBLE":
        if (token().isWord("PRECISION")) {
          advance();
        }
        return ColumnDef.of(column, ColumnType.DOUBLE, true);
      case "DATE":
        return ColumnDef.of(column, ColumnType.DATE, true);
      case "TIME":
        return timeType(column, ColumnType.TIME);
      case "TIMESTAMP":
        return timeType(column, ColumnType.TIMESTAMP);
      default:
        throw unsupportedType(column, t.value());
    }
  }

  private ColumnDef lengthType(String column, ColumnType type, int defaultLength) {
    if (!token().isSymbol('(')) {
      return new ColumnDef(column, type, defaultLength, 0, true);
    }
    advance();
    SqlToken n = token();
    long length = unsignedInteger("a length");
    expectSymbol(')', "\")\"");
    if (length < 1 || length > MAX_LENGTH) {
      throw invalid(
          type.name() + "(" + n.value() + ") for column " + column
              + " is out of range: the length must be 1 to " + MAX_LENGTH);
    }
    return new ColumnDef(column, type, (int) length, 0, true);
  }

  private ColumnDef decimal(String column) {
    if (!token().isSymbol('(')) {
      return new ColumnDef(column, ColumnType.DECIMAL, DEFAULT_DECIMAL_PRECISION, 0, true);
    }
    advance();
    SqlToken p = token();
    long precision = unsignedInteger("a precision");
    SqlToken s = null;
    long scale = 0;
    if (token().isSymbol(',')) {
      advance();
      s = token();
      scale = unsignedInteger("a scale");
    }
    expectSymbol(')', s == null ? "\",\" or \")\"" : "\")\"");
    String written = "DECIMAL(" + p.value() + (s == null ? "" : ", " + s.value()) + ")";
    if (precision < 1 || precision > ColumnDef.MAX_DECIMAL_PRECISION) {
      throw invalid(
          written + " for column " + column + " is out of range: the precision must be 1 to "
              + ColumnDef.MAX_DECIMAL_PRECISION);
    }
    if (scale > precision) {
      throw invalid(
          written + " for column " + column + " is invalid: the scale must be 0 to the precision ("
              + precision + ")");
    }
    return new ColumnDef(column, ColumnType.DECIMAL, (int) precision, (int) scale, true);
  }

  private ColumnDef timeType(String column, ColumnType type) {
    if (token().isSymbol('(')) {
      advance();
      SqlToken p = token();
      long precision = unsignedInteger("a precision");
      expectSymbol(')', "\")\"");
      if (precision != TIME_PRECISION) {
        throw notSupported(
            type.name() + "(" + p.value() + ") is not supported (column " + column + "): BlockDB keeps "
                + type.name() + " values to the millisecond; declare " + type.name() + " or "
                + type.name() + "(3)");
      }
    }
    if (token().isWord("WITHOUT")) {
      advance();
      expectWord("TIME");
      expectWord("ZONE");
    } else if (token().isWord("WITH")) {
      String zone = token().value();
      advance();
      if (token().isWord("LOCAL")) {
        zone += " LOCAL";
        advance();
      }
      expectWord("TIME");
      expectWord("ZONE");
      throw unsupportedType(column, type.name() + " " + zone + " TIME ZONE");
    }
    return ColumnDef.of(column, type, true);
  }

  /** Reads an unsigned integer literal; values too large for an int come back as Long.MAX_VALUE. */
  private long unsignedInteger(String what) {
    SqlToken t = token();
    if (t.type() != SqlToken.Type.NUMBER || !t.value().chars().allMatch(Character::isDigit)) {
      throw syntaxError(what);
    }
    advance();
    String digits = t.value().replaceFirst("^0+(?=.)", "");
    return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  /** An identifier: an unquoted name upper-cased (it must not be reserved) or a quoted name as is. */
  private String identifier(String what) {
    SqlToken t = token();
    if (t.type() == SqlToken.Type.WORD) {
      if (ReservedWords.isReserved(t.value())) {
        throw new SqlStateException(
            "42000",
            VendorCodes.SYNTAX_ERROR,
            "Syntax error at " + SqlLexer.position(sql, t.offset()) + ": expected " + what + ", found "
                + t.describe(sql) + ", a reserved word; write \"" + t.value()
                + "\" in double quotes to use it as a name");
      }
      advance();
      return t.value();
    }
    if (t.type() == SqlToken.Type.QUOTED) {
      if (t.value().isEmpty()) {
        throw new SqlStateException(
            "42000",
            VendorCodes.SYNTAX_ERROR,
            "Syntax error at " + SqlLexer.position(sql, t.offset()) + ": a quoted name cannot be empty");
      }
      advance();
      return t.value();
    }
    throw syntaxError(what);
  }

  private void expectWord(String word) {
    if (!token().isWord(word)) {
      throw syntaxError(word);
    }
    advance();
  }

  private void expectSymbol(char symbol, String expected) {
    if (!token().isSymbol(symbol)) {
      throw syntaxError(expected);
    }
    advance();
  }

  private SqlToken token() {
    return tokens.get(index);
  }

  private SqlToken peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private void advance() {
    if (index < tokens.size() - 1) {
      index++;
    }
  }

  private SqlStateException syntaxError(String expected) {
    SqlToken t = token();
    String at = "Syntax error at " + SqlLexer.position(sql, t.offset()) + ": ";
    String message =
        t.type() == SqlToken.Type.ERROR
            ? at + t.value()
            : at + "expected " + expected + ", found " + t.describe(sql);
    return new SqlStateException("42000", VendorCodes.SYNTAX_ERROR, message);
  }

  private SqlStateException unsupportedType(String column, String type) {
    return notSupported(
        "type " + type + " is not supported (column " + column + "); supported types: " + SUPPORTED_TYPES);
  }

  private static SqlStateException notSupported(String message) {
    return new SqlStateException("0A000", VendorCodes.NOT_SUPPORTED, message);
  }

  private static SqlStateException invalid(String message) {
    return new SqlStateException("42000", VendorCodes.INVALID_DEFINITION, message);
  }
}
