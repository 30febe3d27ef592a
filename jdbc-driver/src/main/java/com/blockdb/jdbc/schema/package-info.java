/** Table definitions (columns, types, primary keys) and their catalog encoding. */
package com.blockdb.jdbc.schema;
