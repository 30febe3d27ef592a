package com.blockdb.jdbc.store;

import com.blockdb.engine.BlockDb;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open engine shared by every connection of this JVM to the same URL, with its catalog of
 * tables. Reference-counted by {@link DatabaseRegistry}: the engine closes (and an in-memory
 * database is dropped) when the last connection closes. Thread-safe.
 */
public final class Database {
  private final String name;
  private final BlockDb engine;
  private final Catalog catalog;
  private final boolean inMemory;
  final AtomicInteger references = new AtomicInteger();

  Database(String name, BlockDb engine, boolean inMemory) {
    this.name = name;
    this.engine = engine;
    this.inMemory = inMemory;
    this.catalog = new Catalog(engine);
  }

  /** The URL part that names it: a directory, or {@code mem:<name>}. */
  public String name() {
    return name;
  }

  public BlockDb engine() {
    return engine;
  }

  public Catalog catalog() {
    return catalog;
  }

  public boolean inMemory() {
    return inMemory;
  }
}
