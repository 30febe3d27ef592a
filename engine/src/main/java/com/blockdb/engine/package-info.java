/**
 * The engine's public API: {@link com.blockdb.engine.BlockDb} and the value types it speaks. Nothing
 * here names an implementation type; the implementation lives in {@code impl} and the file formats
 * in {@code wal}, {@code sstable} and {@code ledger} (see docs/FORMAT.md).
 */
package com.blockdb.engine;
