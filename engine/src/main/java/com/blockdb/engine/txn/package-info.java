/**
 * Transactions over the engine: a {@link com.blockdb.engine.txn.TransactionManager} hands out
 * snapshot-isolated {@link com.blockdb.engine.txn.Transaction}s whose inserts take exclusive key
 * locks (package {@code lock}) and commit as one engine batch: one commit record, one fsync shared
 * by group commit (one-phase commit; the XA resource adds the two-phase path).
 */
package com.blockdb.engine.txn;
