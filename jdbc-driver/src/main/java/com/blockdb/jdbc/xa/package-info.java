/**
 * XA: an {@link javax.sql.XADataSource} whose {@link javax.transaction.xa.XAResource} lets BlockDB
 * join a transaction coordinated by an external transaction manager (JTA) beside other databases.
 * Branches map onto the engine's transactions; prepare writes a durable PREPARE record, so a
 * prepared branch survives a restart and is listed by {@code recover}.
 */
package com.blockdb.jdbc.xa;
