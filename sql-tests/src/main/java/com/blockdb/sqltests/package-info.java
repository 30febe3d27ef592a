/**
 * Declarative SQL scripts ({@link com.blockdb.sqltests.Script}) and the runner
 * ({@link com.blockdb.sqltests.ScriptRunner}) that plays them against any JDBC URL, recording every
 * statement's outcome so two runs (fast paths on and off, embedded and remote) can be compared with
 * {@link com.blockdb.sqltests.OutcomeDiff}. The script format is described in the module's README.
 */
package com.blockdb.sqltests;
