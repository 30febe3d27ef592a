package com.blockdb.engine;

import java.util.Iterator;

/** Entries in ascending key order; close it to release the files it pins. Single-threaded. */
public interface EntryIterator extends Iterator<Entry>, AutoCloseable {
  @Override
  void close();
}
