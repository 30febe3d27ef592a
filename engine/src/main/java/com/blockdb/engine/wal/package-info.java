/**
 * The segmented write-ahead log: opaque records tagged with contiguous log indices, recovered after a
 * crash by truncating a torn tail and rejecting any other damage (byte layout in docs/format-wal.md).
 */
package com.blockdb.engine.wal;
