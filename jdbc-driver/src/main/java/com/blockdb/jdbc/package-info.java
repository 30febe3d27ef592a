/**
 * The BlockDB JDBC driver: {@link com.blockdb.jdbc.BlockDbDriver} opens {@code jdbc:blockdb:<dir>}
 * and {@code jdbc:blockdb:mem:<name>} databases embedded. Everything else of the module is
 * implementation, reached through {@link java.sql} interfaces.
 */
package com.blockdb.jdbc;
