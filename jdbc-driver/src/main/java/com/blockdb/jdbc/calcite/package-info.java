/**
 * What Apache Calcite sees of BlockDB: schema {@code BLOCKDB}, its ledger tables with key
 * push-down and system columns, the ledger SQL functions, and BlockDB's statement preparation
 * (validator, operator table, append-only parser, type system).
 */
package com.blockdb.jdbc.calcite;
