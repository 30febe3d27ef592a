/**
 * The segmented write-ahead log: opaque records tagged with contiguous log indices, recovered after a
 * crash by truncating a torn tail and rejecting any other damage (byte layout in docs/FORMAT.md ("Write-ahead log")).
 */
package com.blockdb.engine.wal;
