package com.blockdb.jdbc.store;

import java.util.List;

/**
 * The read-only system columns every table exposes after its own columns: where and when each row
 * entered the ledger. They are hidden from {@code SELECT *} (as SQL Server hides its ledger
 * columns) and selectable by name; user columns may not start with {@link #PREFIX}.
 */
public final class SystemColumns {
  /** Reserved prefix of system column names. */
  public static final String PREFIX = "LEDGER_";
  /** Height of the block that sealed the row; NULL while the row waits in the pending block. */
  public static final String BLOCK = "LEDGER_BLOCK";
  /** The row's ledger sequence number. */
  public static final String SEQ = "LEDGER_SEQ";
  /** Commit time of the row's transaction. */
  public static final String TS = "LEDGER_TS";
  /** Who wrote the row. */
  public static final String PRINCIPAL = "LEDGER_PRINCIPAL";
  /** All of them, in the order they follow the user columns. */
  public static final List<String> NAMES = List.of(BLOCK, SEQ, TS, PRINCIPAL);
  public static final int COUNT = NAMES.size();

  private SystemColumns() {}

  public static boolean isSystemColumn(String name) {
    return NAMES.contains(name);
  }
}
