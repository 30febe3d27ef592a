/**
 * The engine side of the SQL layer: open databases shared per JVM, the catalog of tables kept as
 * ledger entries, and each connection's session (snapshot and staged rows).
 */
package com.blockdb.jdbc.store;
