/**
 * BlockDB's JDBC objects around Calcite's: connections, statements, result sets and metadata, the
 * SQLState mapping ({@link com.blockdb.jdbc.driver.SqlErrors}), the plan cache and the fast paths.
 */
package com.blockdb.jdbc.driver;
