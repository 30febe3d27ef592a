/** Errors below the JDBC layer, each with its SQLState and BlockDB vendor code. */
package com.blockdb.jdbc.error;
