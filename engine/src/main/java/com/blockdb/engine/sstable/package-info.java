/**
 * Sorted string tables: immutable, checksummed files of key/value entries in unsigned key order,
 * written once by {@link com.blockdb.engine.sstable.TableBuilder} and read by
 * {@link com.blockdb.engine.sstable.TableReader}. The byte layout is specified in
 * {@code docs/FORMAT.md ("SSTable")}.
 */
package com.blockdb.engine.sstable;
