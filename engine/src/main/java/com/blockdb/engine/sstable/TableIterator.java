package com.blockdb.engine.sstable;

import java.io.IOException;

/**
 * Walks a table's entries in key order, holding one data block at a time, so a full scan reads
 * each block once and never loads the table into memory. Not thread-safe; open one per thread.
 *
 * <p>Starts before the first entry; {@link #next()} moves onto the next entry, after which
 * {@link #key()} and {@link #value()} return it. Besides each block's CRC it checks that keys
 * ascend across block boundaries and that each block ends with the key the index promises.
 */
public final class TableIterator {

  private final TableReader table;
  private final IndexBlock index;

  private int blockIndex = -1; // block under the cursor; -1 before the first
  private BlockCursor cursor; // null before the first block and after the last
  private boolean pending; // seek found an entry that the next next() must return
  private boolean onEntry; // key()/value() are valid

  TableIterator(TableReader table) {
    this.table = table;
    this.index = table.index();
  }

  /** Positions before the first entry. Reads nothing. */
  public void seekToFirst() {
    blockIndex = -1;
    cursor = null;
    pending = false;
    onEntry = false;
  }

  /**
   * Positions before the first entry whose key is &gt;= {@code key}, so the next {@link #next()}
   * returns it; reads at most one data block.
   */
  public void seek(byte[] key) throws IOException {
    seekToFirst();
    int i = index.findBlock(key);
    if (i == index.blockCount()) {
      blockIndex = i; // past the end: next() returns false
      return;
    }
    openBlock(i);
    while (cursor.next()) {
      checkFirstKeyOfBlock();
      if (cursor.compareKey(key) >= 0) {
        pending = true;
        return;
      }
    }
    // All keys < key <= the block's last key per the index: they disagree.
    throw cursor.corrupt(index.size(i), "block ends before its index key");
  }

  /** Moves to the next entry; false (and stays there) when there is none. */
  public boolean next() throws IOException {
    onEntry = false;
    if (pending) {
      pending = false;
      onEntry = true;
      return true;
    }
    while (blockIndex < index.blockCount()) {
      if (cursor != null) {
        if (cursor.next()) {
          checkFirstKeyOfBlock();
          onEntry = true;
          return true;
        }
        checkLastKeyOfBlock();
      }
      if (blockIndex + 1 == index.blockCount()) {
        blockIndex++;
        cursor = null;
        return false;
      }
      openBlock(blockIndex + 1);
    }
    return false;
  }

  /** Key of the current entry, a fresh copy. */
  public byte[] key() {
    checkOnEntry();
    return cursor.key();
  }

  /** Value of the current entry, a fresh copy. */
  public byte[] value() {
    checkOnEntry();
    return cursor.value();
  }

  private void openBlock(int i) throws IOException {
    blockIndex = i;
    cursor = table.dataBlock(i);
  }

  // A block's first key must follow the previous block's last key (the index key, whose
  // order IndexBlock checked); within a block BlockCursor checks order itself.
  private void checkFirstKeyOfBlock() {
    checkFirstKey(index, blockIndex, cursor);
  }

  private void checkLastKeyOfBlock() {
    checkLastKey(index, blockIndex, cursor);
  }

  /** Throws if {@code cursor} is on the first entry of block {@code i} and its key disagrees with the index. */
  static void checkFirstKey(IndexBlock index, int i, BlockCursor cursor) {
    if (!cursor.isFirst()) {
      return;
    }
    byte[] lowerBound = i == 0 ? index.smallestKey() : index.lastKey(i - 1);
    int cmp = cursor.compareKey(lowerBound);
    if (i == 0 ? cmp != 0 : cmp <= 0) {
      throw cursor.corrupt(0, "first key of block does not match the index");
    }
  }

  /** Throws if {@code cursor}, on the last entry of block {@code i}, is not on the key the index promises. */
  static void checkLastKey(IndexBlock index, int i, BlockCursor cursor) {
    if (cursor.compareKey(index.lastKey(i)) != 0) {
      throw cursor.corrupt(index.size(i), "last key of block does not match the index");
    }
  }

  private void checkOnEntry() {
    if (!onEntry) {
      throw new IllegalStateException("iterator is not on an entry");
    }
  }

  @Override
  public String toString() {
    return "TableIterator[" + table.path() + ", block " + blockIndex + "]";
  }
}
