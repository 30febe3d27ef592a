/**
 * BlockDB's own front door for SQL text: {@link com.blockdb.jdbc.ddl.StatementClassifier} screens
 * every statement by its leading keywords before Calcite sees it (refusing UPDATE, DELETE, DROP, ...
 * with a clear SQLState), and {@link com.blockdb.jdbc.ddl.CreateTableParser} parses CREATE TABLE,
 * which Calcite 1.41's DDL parser and executor cannot run (no inline {@code PRIMARY KEY}; the
 * executor fails on the constraint form).
 */
package com.blockdb.jdbc.ddl;
