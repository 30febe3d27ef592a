package com.blockdb.jdbc.ddl;

import static com.blockdb.jdbc.ddl.DdlAssertions.assertSqlError;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.jdbc.error.VendorCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The statement screen: what runs, what is refused and with which SQLState, code and message. */
class StatementClassifierTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "SELECT * FROM t | QUERY",
        "select 1 | QUERY",
        "  \t\\n SeLeCt 1 | QUERY",
        "WITH x AS (SELECT 1) SELECT * FROM x | QUERY",
        "VALUES (1, 2) | QUERY",
        "((SELECT 1)) | QUERY",
        "( ( values 1 ) ) | QUERY",
        "-- a comment\\nSELECT 1 | QUERY",
        "// a Calcite line comment\\nSELECT 1 | QUERY",
        "/* DELETE FROM t; */ SELECT 1 | QUERY",
        "/* x */ -- y\\n /**/ ( /* z */ SELECT 1) | QUERY",
        "EXPLAIN PLAN FOR SELECT 1 | QUERY",
        "EXPLAIN PLAN FOR INSERT INTO t VALUES (1) | QUERY",
        "explain plan including all attributes with type as json for select 1 | QUERY",
        "INSERT INTO t VALUES (1, 'x') | INSERT",
        "insert into t select * from s | INSERT",
        "CREATE TABLE t (id INT PRIMARY KEY) | CREATE_TABLE",
        "create   table t (id INT PRIMARY KEY) | CREATE_TABLE",
        "/* c */ create /* c */ table t (id INT PRIMARY KEY) | CREATE_TABLE",
        "COMMIT | TRANSACTION_CONTROL",
        "rollback | TRANSACTION_CONTROL",
        "ROLLBACK TO SAVEPOINT s | TRANSACTION_CONTROL",
        "START TRANSACTION | TRANSACTION_CONTROL",
        "BEGIN | TRANSACTION_CONTROL",
        "SAVEPOINT s | TRANSACTION_CONTROL",
        "RELEASE SAVEPOINT s | TRANSACTION_CONTROL",
        "UPDATE t SET a = 1 | UPDATE",
        "delete from t | DELETE",
        "MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE | MERGE",
        "UPSERT INTO t VALUES (1) | UPSERT",
        "TRUNCATE TABLE t | TRUNCATE",
        "DROP TABLE t | DROP",
        "ALTER TABLE t ADD COLUMN c INT | ALTER",
        "ALTER SYSTEM SET \"x\" = 1 | UNSUPPORTED",
        "CREATE VIEW v AS SELECT 1 | UNSUPPORTED",
        "GRANT SELECT ON t TO u | UNSUPPORTED",
        "SET x = 1 | UNSUPPORTED",
        "EXPLAIN PLAN FOR delete from t | DELETE",
        "EXPLAIN PLAN AS JSON FOR UPDATE t SET a = 1 | UPDATE",
        "explain plan with implementation for (merge into t using s on true when matched then delete) | MERGE",
        "DESCRIBE STATEMENT DELETE FROM t | DELETE",
        "SELCT 1 | OTHER",
        "'DELETE' | OTHER",
        "\"DELETE\" FROM t | OTHER",
        "SELECT 'a;b' | QUERY",
        "SELECT 'it''s; DELETE FROM t' | QUERY",
        "SELECT \"a;\"\"b\" FROM t | QUERY",
        "SELECT 1 -- ; DELETE FROM t | QUERY",
        "SELECT 1 /* ; DELETE FROM t */ | QUERY",
        "SELECT E'\\'; DELETE FROM t' | QUERY",
        "SELECT 1; | QUERY",
        "SELECT 1 ; ;  -- done | QUERY",
        "SELECT 1; DELETE FROM t | MULTIPLE_STATEMENTS",
        "INSERT INTO t VALUES (';'); SELECT 1 | MULTIPLE_STATEMENTS",
        "SELECT 1 /* unterminated | QUERY",
        "/* unterminated | OTHER",
      })
  void classifiesByLeadingKeyword(String sql, StatementKind expected) {
    assertThat(StatementClassifier.classify(sql.replace("\\n", "\n"))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "-- only a comment", "/* only */ /* comments */", ";", " ; ; "})
  void emptyStatementIsASyntaxError(String sql) {
    assertThat(StatementClassifier.classify(sql)).isEqualTo(StatementKind.EMPTY);
    assertSqlError(
        () -> StatementClassifier.checkAllowed(sql), "42000", VendorCodes.SYNTAX_ERROR, "empty SQL statement");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "DELETE FROM t | DELETE is not supported: BlockDB tables are append-only; rows are never updated or deleted",
        "update t set a = 1 | UPDATE is not supported: BlockDB tables are append-only",
        "MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE | MERGE is not supported",
        "UPSERT INTO t VALUES (1) | UPSERT is not supported",
        "TRUNCATE TABLE t | TRUNCATE TABLE is not supported: BlockDB tables are append-only; rows are never deleted",
        "truncate t | TRUNCATE TABLE is not supported",
        "DROP TABLE t | DROP TABLE is not supported: BlockDB tables are append-only",
        "drop table if exists t | DROP TABLE is not supported",
        "DROP VIEW v | DROP VIEW is not supported",
        "DROP MATERIALIZED VIEW v | DROP MATERIALIZED VIEW is not supported",
        "ALTER TABLE t ADD c INT | ALTER TABLE is not supported: BlockDB tables are append-only",
        "EXPLAIN PLAN FOR DELETE FROM t | DELETE is not supported",
        "/* hi */ ( DELETE FROM t) | DELETE is not supported",
      })
  void appendOnlyRefusals(String sql, String message) {
    assertSqlError(() -> StatementClassifier.checkAllowed(sql), "0A000", VendorCodes.APPEND_ONLY, message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "CREATE VIEW v AS SELECT 1 | CREATE VIEW is not supported by BlockDB: only CREATE TABLE, INSERT and SELECT run",
        "CREATE OR REPLACE VIEW v AS SELECT 1 | CREATE OR REPLACE VIEW is not supported by BlockDB",
        "CREATE MATERIALIZED VIEW v AS SELECT 1 | CREATE MATERIALIZED VIEW is not supported",
        "create function f as 'x' | CREATE FUNCTION is not supported",
        "CREATE SCHEMA s | CREATE SCHEMA is not supported",
        "CREATE FOREIGN SCHEMA s TYPE 'jdbc' | CREATE FOREIGN SCHEMA is not supported",
        "CREATE TYPE t AS INT | CREATE TYPE is not supported",
        "CREATE INDEX i ON t (a) | CREATE INDEX is not supported",
        "CREATE UNIQUE INDEX i ON t (a) | CREATE UNIQUE INDEX is not supported",
        "CREATE OR REPLACE TABLE t (a INT) | CREATE OR REPLACE TABLE is not supported",
        "CREATE TEMPORARY TABLE t (a INT) | CREATE TEMPORARY TABLE is not supported",
        "GRANT SELECT ON t TO u | GRANT is not supported by BlockDB",
        "REVOKE SELECT ON t FROM u | REVOKE is not supported",
        "SET schema = 'x' | SET is not supported",
        "RESET ALL | RESET is not supported",
        "CALL p() | CALL is not supported",
        "ALTER SESSION SET x = 1 | ALTER SESSION is not supported by BlockDB",
        "ALTER SYSTEM RESET ALL | ALTER SYSTEM is not supported by BlockDB",
      })
  void notSupportedRefusals(String sql, String message) {
    assertSqlError(() -> StatementClassifier.checkAllowed(sql), "0A000", VendorCodes.NOT_SUPPORTED, message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1; SELECT 2",
        "SELECT 1; DELETE FROM t",
        "INSERT INTO t VALUES (1);INSERT INTO t VALUES (2)",
        "SELECT 1 ; /* c */ ; x",
      })
  void multipleStatementsAreRefused(String sql) {
    assertSqlError(
        () -> StatementClassifier.checkAllowed(sql),
        "0A000",
        VendorCodes.NOT_SUPPORTED,
        "multiple statements in one execute are not supported");
    assertSqlError(
        () -> StatementClassifier.stripTrailingSemicolon(sql),
        "0A000",
        VendorCodes.NOT_SUPPORTED,
        "multiple statements");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1",
        "INSERT INTO t VALUES ('a;b')",
        "CREATE TABLE t (id INT PRIMARY KEY)",
        "COMMIT",
        "ROLLBACK",
        "FROBNICATE everything",
        "SELECT 'DELETE FROM t'",
      })
  void allowedStatementsPass(String sql) {
    assertThat(StatementClassifier.checkAllowed(sql)).isEqualTo(StatementClassifier.classify(sql));
    assertThat(StatementClassifier.checkAllowed(sql + ";")).isEqualTo(StatementClassifier.classify(sql));
  }

  @Test
  void transactionControlIsNamedForTheConnection() {
    assertThat(StatementClassifier.describe("commit work").name()).isEqualTo("COMMIT");
    assertThat(StatementClassifier.describe("ROLLBACK").name()).isEqualTo("ROLLBACK");
    assertThat(StatementClassifier.describe("ROLLBACK WORK TO SAVEPOINT s").name())
        .isEqualTo("ROLLBACK TO SAVEPOINT");
    assertThat(StatementClassifier.describe("start transaction").name()).isEqualTo("START TRANSACTION");
    assertThat(StatementClassifier.describe("release savepoint s").name()).isEqualTo("RELEASE SAVEPOINT");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "SELECT 1 | SELECT 1",
        "SELECT 1; | SELECT 1",
        "SELECT 1 ;   | SELECT 1",
        "SELECT 1;; -- end | SELECT 1",
        "SELECT ';' ; /* done */ | SELECT ';'",
        "SELECT \"a;\" FROM t; | SELECT \"a;\" FROM t",
        "SELECT 1 -- c; | SELECT 1 -- c;",
      })
  void stripsOneTrailingSemicolon(String sql, String stripped) {
    assertThat(StatementClassifier.stripTrailingSemicolon(sql)).isEqualTo(stripped);
  }

  @Test
  void stripLeavesAnUnterminatedCommentForCalciteToReport() {
    assertThat(StatementClassifier.stripTrailingSemicolon("SELECT 1; /* open")).isEqualTo("SELECT 1; /* open");
  }

  @Test
  void semicolonInLineCommentOnEarlierLineDoesNotSplit() {
    String sql = "SELECT 1 -- first; DELETE FROM t\n, 2 FROM t";
    assertThat(StatementClassifier.checkAllowed(sql)).isEqualTo(StatementKind.QUERY);
    assertThat(StatementClassifier.stripTrailingSemicolon(sql)).isEqualTo(sql);
  }
}
