/**
 * Who may do what. Users and their roles are a versioned history in the ledger ({@link
 * com.blockdb.server.auth.UserLedger}: one entry of the reserved table 2 per change, format in
 * docs/FORMAT.md "Users"; a user's state is the fold of its entries, {@link
 * com.blockdb.server.auth.UserState#fold}). {@link com.blockdb.server.auth.LedgerAuthenticator}
 * checks BASIC passwords (PBKDF2, then a short keyed-hash cache) and bearer tokens, and does the
 * user management; {@link com.blockdb.server.auth.AuthEndpoints} serves login and user management
 * over HTTP. Every endpoint and JDBC call checks its {@link com.blockdb.server.auth.Permission}
 * through the {@link com.blockdb.server.auth.Authenticator} contract.
 */
package com.blockdb.server.auth;
