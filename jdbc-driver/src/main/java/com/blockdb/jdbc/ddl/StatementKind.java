package com.blockdb.jdbc.ddl;

/**
 * What a SQL statement is, judged by its leading keywords; {@link StatementClassifier} decides it
 * and {@link #refused()} says which kinds BlockDB never runs.
 */
public enum StatementKind {
  /** SELECT, WITH, VALUES, or EXPLAIN / DESCRIBE of a query or INSERT: reads only. */
  QUERY(false),
  /** INSERT (and INSERT ... SELECT). */
  INSERT(false),
  /** CREATE TABLE, parsed by {@link CreateTableParser}. */
  CREATE_TABLE(false),
  /** COMMIT, ROLLBACK, START TRANSACTION, BEGIN, SAVEPOINT, RELEASE SAVEPOINT: the connection runs it. */
  TRANSACTION_CONTROL(false),
  /** UPDATE: refused, rows are never changed. */
  UPDATE(true),
  /** DELETE: refused, rows are never deleted. */
  DELETE(true),
  /** MERGE: refused, it updates or deletes rows. */
  MERGE(true),
  /** UPSERT: refused, it updates rows. */
  UPSERT(true),
  /** TRUNCATE: refused, rows are never deleted. */
  TRUNCATE(true),
  /** DROP of any object: refused, tables are never dropped. */
  DROP(true),
  /** ALTER TABLE and other ALTER of a schema object: refused, definitions never change. */
  ALTER(true),
  /** Any other CREATE, GRANT, REVOKE, SET, RESET, CALL, ALTER SYSTEM/SESSION: not supported. */
  UNSUPPORTED(true),
  /** Text with no statement in it, only whitespace and comments. */
  EMPTY(true),
  /** More than one statement separated by {@code ;}. */
  MULTIPLE_STATEMENTS(true),
  /** A leading word BlockDB does not know: passed on, and Calcite reports the syntax error. */
  OTHER(false);

  private final boolean refused;

  StatementKind(boolean refused) {
    this.refused = refused;
  }

  /** Whether {@link StatementClassifier#checkAllowed(String)} throws for this kind. */
  public boolean refused() {
    return refused;
  }
}
