/**
 * The BlockDB JDBC driver: {@link com.blockdb.jdbc.BlockDbDriver} opens {@code jdbc:blockdb:<dir>}
 * and {@code jdbc:blockdb:mem:<name>} databases embedded, and {@code jdbc:blockdb:remote:} URLs
 * through a server; {@link com.blockdb.jdbc.ServerSupport} is what such a server uses of it.
 * Everything else of the module is implementation, reached through {@link java.sql} interfaces.
 */
package com.blockdb.jdbc;
