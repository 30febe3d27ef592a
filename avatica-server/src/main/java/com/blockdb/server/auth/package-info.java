/**
 * Who may do what: users with roles kept as a versioned history in the ledger's catalog, password
 * checks (a slow KDF, then a short keyed-hash cache), bearer tokens, and the permission checks
 * every endpoint and JDBC call makes.
 */
package com.blockdb.server.auth;
