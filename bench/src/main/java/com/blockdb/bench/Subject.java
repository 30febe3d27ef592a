package com.blockdb.bench;

import java.nio.file.Path;

/** A system under test: BlockDB's engine, or a SQL database reached through JDBC. */
interface Subject {

  /** Column name in the table. */
  String name();

  /** Why this system cannot be measured in this run (e.g. no PostgreSQL server), or null. */
  String unavailableReason();

  /** One line on the version and the durability settings in force, for the report. */
  String describe();

  /**
   * Opens a store in {@code dir} (created empty when {@code fresh}; otherwise the data left there
   * by an earlier store of this subject).
   */
  Store open(Path dir, boolean fresh) throws Exception;

  /** An open store. */
  interface Store extends AutoCloseable {
    /** A writer for one thread; SQL systems give each its own connection. */
    Writer writer(boolean batched) throws Exception;

    /** A reader for one thread. */
    Reader reader() throws Exception;

    /** Fsyncs the system itself counted so far, or -1 when it does not say. */
    default long fsyncs() {
      return -1;
    }

    /**
     * The store to read "from the files" next: BlockDB flushes its memtable and compacts to one
     * SSTable; SQL systems close every connection and open the database again. May return this.
     */
    Store cold(Path dir) throws Exception;

    /** A short state line (e.g. BlockDB's SSTable count), for the log. */
    default String state() {
      return "";
    }

    /** Closes the store; failures surface as unchecked exceptions. */
    @Override
    void close();
  }

  /** Writes of one thread. */
  interface Writer extends AutoCloseable {
    /** One durable single-entry write (autocommit INSERT). */
    void put(byte[] key, byte[] value) throws Exception;

    /** One atomic transaction of {@code n} entries (writer opened with batched = true). */
    void putBatch(byte[][] keys, byte[][] values, int n) throws Exception;

    @Override
    default void close() {}
  }

  /** Point reads of one thread. */
  interface Reader extends AutoCloseable {
    byte[] get(byte[] key) throws Exception;

    @Override
    default void close() {}
  }
}
