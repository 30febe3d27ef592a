package com.blockdb.jdbc.ddl;

import static com.blockdb.jdbc.ddl.DdlAssertions.assertSqlError;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CREATE TABLE: every accepted form, and every refusal with its SQLState, code and message. */
class CreateTableParserTest {

  private static ColumnDef only(String typeSql) {
    CreateTable t = CreateTableParser.parse("CREATE TABLE t (id INT PRIMARY KEY, c " + typeSql + ")");
    return t.columns().get(1);
  }

  @Test
  void inlinePrimaryKey() {
    CreateTable t =
        CreateTableParser.parse("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL, note VARCHAR)");
    assertThat(t.ifNotExists()).isFalse();
    assertThat(t.schema()).isNull();
    assertThat(t.table()).isEqualTo("ACCOUNTS");
    assertThat(t.columns())
        .containsExactly(
            new ColumnDef("ID", ColumnType.BIGINT, ColumnDef.UNBOUNDED, 0, false),
            new ColumnDef("OWNER", ColumnType.VARCHAR, 40, 0, false),
            new ColumnDef("NOTE", ColumnType.VARCHAR, ColumnDef.UNBOUNDED, 0, true));
    assertThat(t.primaryKey()).containsExactly("ID");
    assertThat(t.primaryKeyIndexes()).containsExactly(0);
  }

  @Test
  void constraintPrimaryKeyKeepsKeyOrderAndMakesColumnsNotNull() {
    CreateTable t =
        CreateTableParser.parse(
            "create table if not exists ledger.\"Transfers\" (\n"
                + "  a INT,\n  b VARCHAR(10) NULL,\n  c DATE,\n"
                + "  CONSTRAINT pk_transfers PRIMARY KEY (c, a)\n);");
    assertThat(t.ifNotExists()).isTrue();
    assertThat(t.schema()).isEqualTo("LEDGER");
    assertThat(t.table()).isEqualTo("Transfers");
    assertThat(t.primaryKey()).containsExactly("C", "A");
    assertThat(t.primaryKeyIndexes()).containsExactly(2, 0);
    assertThat(t.columns()).extracting(ColumnDef::nullable).containsExactly(false, true, false);
  }

  @Test
  void primaryKeyConstraintMayComeFirstAndWithoutName() {
    CreateTable t = CreateTableParser.parse("CREATE TABLE t (PRIMARY KEY (k), k VARCHAR(5))");
    assertThat(t.primaryKey()).containsExactly("K");
    assertThat(t.columns()).containsExactly(new ColumnDef("K", ColumnType.VARCHAR, 5, 0, false));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "id INT PRIMARY KEY NOT NULL",
        "id INT NOT NULL PRIMARY KEY",
        "id INT not null primary key",
        "id INT NOT NULL NOT NULL PRIMARY KEY",
        "\"ID\" INTEGER PRIMARY KEY",
      })
  void columnOptionsInAnyOrder(String column) {
    CreateTable t = CreateTableParser.parse("CREATE TABLE t (" + column + ")");
    assertThat(t.columns()).containsExactly(new ColumnDef("ID", ColumnType.INTEGER, ColumnDef.UNBOUNDED, 0, false));
    assertThat(t.primaryKey()).containsExactly("ID");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "VARCHAR(20) | VARCHAR | 20 | 0",
        "varchar | VARCHAR | -1 | 0",
        "CHARACTER VARYING(7) | VARCHAR | 7 | 0",
        "CHAR VARYING | VARCHAR | -1 | 0",
        "CHAR(3) | CHAR | 3 | 0",
        "CHARACTER(4) | CHAR | 4 | 0",
        "CHAR | CHAR | 1 | 0",
        "CHARACTER | CHAR | 1 | 0",
        "BOOLEAN | BOOLEAN | -1 | 0",
        "INTEGER | INTEGER | -1 | 0",
        "INT | INTEGER | -1 | 0",
        "BIGINT | BIGINT | -1 | 0",
        "DECIMAL(10, 2) | DECIMAL | 10 | 2",
        "DECIMAL(10,10) | DECIMAL | 10 | 10",
        "NUMERIC(38) | DECIMAL | 38 | 0",
        "DEC(5, 0) | DECIMAL | 5 | 0",
        "DECIMAL | DECIMAL | 19 | 0",
        "numeric | DECIMAL | 19 | 0",
        "DOUBLE | DOUBLE | -1 | 0",
        "DOUBLE PRECISION | DOUBLE | -1 | 0",
        "DATE | DATE | -1 | 0",
        "TIME | TIME | -1 | 0",
        "TIME(3) | TIME | -1 | 0",
        "TIME WITHOUT TIME ZONE | TIME | -1 | 0",
        "TIMESTAMP | TIMESTAMP | -1 | 0",
        "TIMESTAMP(3) WITHOUT TIME ZONE | TIMESTAMP | -1 | 0",
        "VARBINARY(32) | VARBINARY | 32 | 0",
        "VARBINARY | VARBINARY | -1 | 0",
        "BINARY VARYING(16) | VARBINARY | 16 | 0",
        "VARCHAR(65536) | VARCHAR | 65536 | 0",
        "VARCHAR(0001) | VARCHAR | 1 | 0",
      })
  void supportedTypes(String typeSql, ColumnType type, int precision, int scale) {
    assertThat(only(typeSql)).isEqualTo(new ColumnDef("C", type, precision, scale, true));
    assertThat(only(typeSql + " NOT NULL").nullable()).isFalse();
  }

  @Test
  void namesFollowCalciteCasing() {
    CreateTable t =
        CreateTableParser.parse(
            "CREATE TABLE Mixed_Case$1 (\"quoted \"\" name\" INT PRIMARY KEY, lower_name INT, \"lower\" INT,"
                + " \"LOWER\" INT, key INT, name INT, \"value\" INT, \"Ledger\" INT)");
    assertThat(t.table()).isEqualTo("MIXED_CASE$1");
    assertThat(t.columns())
        .extracting(ColumnDef::name)
        .containsExactly("quoted \" name", "LOWER_NAME", "lower", "LOWER", "KEY", "NAME", "value", "Ledger");
  }

  @Test
  void tableNamedLikeIfIsNotIfNotExists() {
    CreateTable t = CreateTableParser.parse("CREATE TABLE if (id INT PRIMARY KEY)");
    assertThat(t.table()).isEqualTo("IF");
    assertThat(t.ifNotExists()).isFalse();
  }

  @Test
  void commentsAndTrailingSemicolonsAreIgnored() {
    CreateTable t =
        CreateTableParser.parse(
            "/* audit */ CREATE -- the table\n TABLE t ( // id\n id INT /* key */ PRIMARY KEY ) ; ; -- done");
    assertThat(t.primaryKey()).containsExactly("ID");
  }

  @Test
  void thousandColumnsAreAllowed() {
    String columns = IntStream.range(1, 1000).mapToObj(i -> "c" + i + " INT").collect(Collectors.joining(", "));
    CreateTable t = CreateTableParser.parse("CREATE TABLE t (id INT PRIMARY KEY, " + columns + ")");
    assertThat(t.columns()).hasSize(CreateTableParser.MAX_COLUMNS);
  }

  @Test
  void moreThanThousandColumnsAreRefused() {
    String columns = IntStream.range(0, 1000).mapToObj(i -> "c" + i + " INT").collect(Collectors.joining(", "));
    assertSqlError(
        () -> CreateTableParser.parse("CREATE TABLE t (id INT PRIMARY KEY, " + columns + ")"),
        "42000",
        VendorCodes.INVALID_DEFINITION,
        "table T has more than 1000 columns");
  }

  // ---- definitions BlockDB refuses

  @Test
  void noPrimaryKey() {
    assertSqlError(
        () -> CreateTableParser.parse("CREATE TABLE s.t (a INT, b INT)"),
        "42000",
        VendorCodes.INVALID_DEFINITION,
        "table S.T needs a PRIMARY KEY: BlockDB rows are addressed by their primary key");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE TABLE t (a INT PRIMARY KEY, b INT PRIMARY KEY)",
        "CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))",
        "CREATE TABLE t (a INT, b INT, PRIMARY KEY (a), CONSTRAINT k2 PRIMARY KEY (b))",
        "CREATE TABLE t (PRIMARY KEY (a), a INT PRIMARY KEY)",
        "CREATE TABLE t (a INT PRIMARY KEY PRIMARY KEY)",
      })
  void multiplePrimaryKeys(String sql) {
    assertSqlError(
        () -> CreateTableParser.parse(sql),
        "42000",
        VendorCodes.INVALID_DEFINITION,
        "multiple primary keys for table T are not allowed");
  }

  @Test
  void primaryKeyColumnMustExist() {
    assertSqlError(
        () -> CreateTableParser.parse("CREATE TABLE t (a INT,\n b INT, PRIMARY KEY (a, \"b\"))"),
        "42S22",
        VendorCodes.UNKNOWN_OBJECT,
        "primary key column b is not a column of table T",
        "line 2, column 25");
  }

  @Test
  void primaryKeyColumnTwice() {
    assertSqlError(
        () -> CreateTableParser.parse("CREATE TABLE t (a INT, PRIMARY KEY (a, A))"),
        "42000",
        VendorCodes.INVALID_DEFINITION,
        "column A appears twice in the primary key of table T");
  }

  @Test
  void primaryKeyColumnDeclaredNull() {
    assertSqlError(
        () -> CreateTableParser.parse("CREATE TABLE t (a INT NULL, PRIMARY KEY (a))"),
        "42000",
        VendorCodes.INVALID_DEFINITION,
        "primary key column A of table T cannot be NULL");
    assertSqlError(
        () -> CreateTableParser.parse("CREATE TABLE t (a INT NULL PRIMARY KEY)"),
        "42000",
        VendorCodes.INVALID_DEFINITION,
        "primary key column A of table T cannot be NULL");
  }

  @Test
  void nullAndNotNull() {
    assertSqlError(
        () -> CreateTableParser.parse("CREATE TABLE t (id INT PRIMARY KEY, a INT NOT NULL NULL)"),
        "42000",
        VendorCodes.INVALID_DEFINITION,
        "column A is declared both NULL and NOT NULL");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "CREATE TABLE t (id INT PRIMARY KEY, a INT, a VARCHAR) | duplicate column name A in table T",
        "CREATE TABLE t (id INT PRIMARY KEY, a INT, \"A\" INT) | duplicate column name A",
        "CREATE TABLE t (id INT PRIMARY KEY, \"a\" INT, \"a\" INT) | duplicate column name a",
      })
  void duplicateColumn(String sql, String message) {
    assertSqlError(() -> CreateTableParser.parse(sql), "42S21", VendorCodes.INVALID_DEFINITION, message);
  }

  @Test
  void columnNamesDifferingInCaseAreDistinctWhenQuoted() {
    CreateTable t = CreateTableParser.parse("CREATE TABLE t (id INT PRIMARY KEY, \"a\" INT, a INT)");
    assertThat(t.columns()).extracting(ColumnDef::name).containsExactly("ID", "a", "A");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ledger_seq INT", "\"LEDGER_X\" INT", "\"ledger_hash\" VARCHAR", "Ledger_Time TIMESTAMP"})
  void systemColumnNamesAreReserved(String column) {
    assertSqlError(
        () -> CreateTableParser.parse("CREATE TABLE t (id INT PRIMARY KEY, " + column + ")"),
        "42000",
        VendorCodes.INVALID_DEFINITION,
        "is reserved: names starting with LEDGER_ are BlockDB's system columns");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "VARCHAR(0) | VARCHAR(0) for column C is out of range: the length must be 1 to 65536",
        "VARCHAR(65537) | VARCHAR(65537) for column C is out of range",
        "VARCHAR(99999999999999999999999) | for column C is out of range",
        "CHAR(0) | CHAR(0) for column C is out of range",
        "VARBINARY(0) | VARBINARY(0) for column C is out of range",
        "DECIMAL(0) | DECIMAL(0) for column C is out of range: the precision must be 1 to 38",
        "DECIMAL(39, 2) | DECIMAL(39, 2) for column C is out of range",
        "NUMERIC(5, 6) | DECIMAL(5, 6) for column C is invalid: the scale must be 0 to the precision (5)",
      })
  void lengthsAndPrecisionsOutOfRange(String typeSql, String message) {
    assertSqlError(() -> only(typeSql), "42000", VendorCodes.INVALID_DEFINITION, message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"FLOAT", "REAL", "SMALLINT", "TINYINT", "TEXT", "BLOB", "CLOB", "BINARY", "INTERVAL", "UUID", "JSON"})
  void unsupportedTypes(String type) {
    assertSqlError(
        () -> only(type),
        "0A000",
        VendorCodes.NOT_SUPPORTED,
        "type " + type + " is not supported (column C); supported types: " + CreateTableParser.SUPPORTED_TYPES);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "TIMESTAMP WITH TIME ZONE | type TIMESTAMP WITH TIME ZONE is not supported (column C)",
        "TIMESTAMP WITH LOCAL TIME ZONE | type TIMESTAMP WITH LOCAL TIME ZONE is not supported",
        "TIME(3) WITH TIME ZONE | type TIME WITH TIME ZONE is not supported",
        "TIMESTAMP(6) | TIMESTAMP(6) is not supported (column C): BlockDB keeps TIMESTAMP values to the millisecond; declare TIMESTAMP or TIMESTAMP(3)",
        "TIMESTAMP(0) | TIMESTAMP(0) is not supported",
        "TIME(0) | TIME(0) is not supported",
        "INT DEFAULT 0 | DEFAULT is not supported (column C): BlockDB columns have no default values",
        "INT UNIQUE | UNIQUE is not supported in a column definition (column C)",
        "INT REFERENCES u (id) | REFERENCES is not supported in a column definition (column C)",
        "INT CHECK (c > 0) | CHECK is not supported in a column definition",
        "INT GENERATED ALWAYS AS IDENTITY | GENERATED is not supported in a column definition",
        "INT AUTO_INCREMENT | AUTO_INCREMENT is not supported",
      })
  void unsupportedColumnForms(String typeSql, String message) {
    assertSqlError(() -> only(typeSql), "0A000", VendorCodes.NOT_SUPPORTED, message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "CREATE TABLE t (id INT PRIMARY KEY, UNIQUE (id)) | UNIQUE constraints are not supported (table T): BlockDB tables have only a primary key",
        "CREATE TABLE t (id INT PRIMARY KEY, CONSTRAINT u UNIQUE (id)) | UNIQUE constraints are not supported",
        "CREATE TABLE t (id INT PRIMARY KEY, FOREIGN KEY (id) REFERENCES u (id)) | FOREIGN KEY constraints are not supported",
        "CREATE TABLE t (id INT PRIMARY KEY, CHECK (id > 0)) | CHECK constraints are not supported",
        "CREATE TABLE t AS SELECT * FROM u | CREATE TABLE ... AS SELECT is not supported",
      })
  void unsupportedTableForms(String sql, String message) {
    assertSqlError(() -> CreateTableParser.parse(sql), "0A000", VendorCodes.NOT_SUPPORTED, message);
  }

  // ---- syntax errors: position, what was expected and what was found

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "CREATE TABLE t (id INT, c ) | line 1, column 27: expected a column type, found \")\"",
        "CREATE TABLE t (id INT PRIMARY KEY, c ) | line 1, column 39: expected a column type, found \")\"",
        "CREATE TABLE (id INT) | line 1, column 14: expected a table name, found \"(\"",
        "CREATE TABLE t id INT | line 1, column 16: expected \"(\", found \"id\"",
        "CREATE TABLE t (id INT PRIMARY KEY | line 1, column 35: expected NOT NULL, NULL, PRIMARY KEY, \",\" or \")\", found end of input",
        "CREATE TABLE t (id INT PRIMARY KEY) x | line 1, column 37: expected the end of the statement, found \"x\"",
        "CREATE TABLE t (id INT PRIMARY KEY); SELECT 1 | line 1, column 38: expected the end of the statement, found \"SELECT\"",
        "CREATE TABLE t (id INT PRIMARY KEY,) | line 1, column 36: expected a column name, found \")\"",
        "CREATE TABLE t (id INT PRIMARY) | line 1, column 31: expected KEY, found \")\"",
        "CREATE TABLE t (id INT NOT PRIMARY KEY) | line 1, column 28: expected NULL, found \"PRIMARY\"",
        "CREATE TABLE t (id VARCHAR(10 CHAR) PRIMARY KEY) | line 1, column 31: expected \")\", found \"CHAR\"",
        "CREATE TABLE t (id VARCHAR(MAX) PRIMARY KEY) | line 1, column 28: expected a length, found \"MAX\"",
        "CREATE TABLE t (id VARCHAR(1.5) PRIMARY KEY) | line 1, column 28: expected a length, found \"1.5\"",
        "CREATE TABLE t (id DECIMAL(10, -1) PRIMARY KEY) | line 1, column 32: expected a scale, found \"-\"",
        "CREATE TABLE t (id DECIMAL(10 2) PRIMARY KEY) | line 1, column 31: expected \",\" or \")\", found \"2\"",
        "CREATE TABLE IF EXISTS t (id INT) | expected \"(\", found \"EXISTS\"",
        "CREATE TABLE IF NOT t (id INT) | line 1, column 21: expected EXISTS, found \"t\"",
        "CREATE TABLE a.b.c (id INT) | line 1, column 17: expected \"(\", found \".\"",
        "CREATE TABLE t (CONSTRAINT PRIMARY KEY (id)) | line 1, column 28: expected a constraint name, found \"PRIMARY\"",
        "CREATE TABLE t (id INT, CONSTRAINT k KEY (id)) | line 1, column 38: expected PRIMARY KEY, found \"KEY\"",
        "CREATE TABLE t (id INT, PRIMARY KEY id) | line 1, column 37: expected \"(\", found \"id\"",
        "CREATE TABLE t (id INT, PRIMARY KEY ()) | line 1, column 38: expected a column name, found \")\"",
        "CREATE TABLE t ('id' INT) | line 1, column 17: expected a column name, found \"'id'\"",
        "CREATE TABLE t (\"\" INT) | line 1, column 17: a quoted name cannot be empty",
        "CREATE TABLE t (\"id INT) | line 1, column 17: unterminated quoted identifier",
        "CREATE TABLE t (id INT) /* open | line 1, column 25: unterminated comment",
        "CREATE VIEW v AS SELECT 1 | line 1, column 8: expected TABLE, found \"VIEW\"",
        "INSERT INTO t VALUES (1) | line 1, column 1: expected CREATE, found \"INSERT\"",
        "'' | line 1, column 1: expected CREATE, found \"''\"",
      })
  void syntaxErrors(String sql, String message) {
    assertSqlError(() -> CreateTableParser.parse(sql), "42000", VendorCodes.SYNTAX_ERROR, "Syntax error at", message);
  }

  @Test
  void syntaxErrorOnALaterLine() {
    assertSqlError(
        () -> CreateTableParser.parse("CREATE TABLE t (\n  id INT PRIMARY KEY,\n  amount DECIMAL(10,)\n)"),
        "42000",
        VendorCodes.SYNTAX_ERROR,
        "Syntax error at line 3, column 21: expected a scale, found \")\"");
  }

  @Test
  void emptyTextIsASyntaxError() {
    assertSqlError(
        () -> CreateTableParser.parse("  -- nothing"),
        "42000",
        VendorCodes.SYNTAX_ERROR,
        "line 1, column 13: expected CREATE, found end of input");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "CREATE TABLE user (id INT PRIMARY KEY) | column 14: expected a table name, found \"user\", a reserved word; write \"USER\" in double quotes",
        "CREATE TABLE t (value INT PRIMARY KEY) | expected a column name, found \"value\", a reserved word",
        "CREATE TABLE t (id INT PRIMARY KEY, timestamp TIMESTAMP) | found \"timestamp\", a reserved word; write \"TIMESTAMP\" in double quotes to use it as a name",
        "CREATE TABLE t (id INT, PRIMARY KEY (select)) | found \"select\", a reserved word",
      })
  void reservedWordsMustBeQuoted(String sql, String message) {
    assertSqlError(() -> CreateTableParser.parse(sql), "42000", VendorCodes.SYNTAX_ERROR, message);
  }

  @Test
  void reservedWordsCanBeQuoted() {
    CreateTable t = CreateTableParser.parse("CREATE TABLE \"USER\" (\"VALUE\" INT PRIMARY KEY, \"TIMESTAMP\" TIMESTAMP)");
    assertThat(t.table()).isEqualTo("USER");
    assertThat(t.columns()).extracting(ColumnDef::name).containsExactly("VALUE", "TIMESTAMP");
  }

  @Test
  void resultFeedsTableDef() {
    CreateTable t = CreateTableParser.parse("CREATE TABLE t (a INT, b VARCHAR(3), PRIMARY KEY (b, a))");
    var def = new com.blockdb.jdbc.schema.TableDef(100, t.table(), t.columns(), t.primaryKeyIndexes());
    assertThat(def.keyColumns()).extracting(ColumnDef::name).containsExactly("B", "A");
    assertThat(List.copyOf(def.columns())).allMatch(c -> !c.nullable());
  }
}
