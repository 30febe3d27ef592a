/** The entry point bin/blockdb-sql starts: sqlline, given what the launcher must not put on a command line. */
package com.blockdb.jdbc.shell;
