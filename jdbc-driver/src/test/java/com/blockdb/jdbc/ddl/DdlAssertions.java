package com.blockdb.jdbc.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.blockdb.jdbc.error.SqlStateException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts the SQLState, vendor code and message of the errors the ddl package throws. */
final class DdlAssertions {
  private DdlAssertions() {}

  /** Runs {@code call}, asserts it threw a SqlStateException with this state, code and message parts. */
  static SqlStateException assertSqlError(
      ThrowingCallable call, String sqlState, int vendorCode, String... messageParts) {
    SqlStateException e = catchThrowableOfType(SqlStateException.class, call);
    assertThat(e).as("expected a SqlStateException").isNotNull();
    assertThat(e.sqlState()).as("SQLState of: " + e.getMessage()).isEqualTo(sqlState);
    assertThat(e.vendorCode()).as("vendor code of: " + e.getMessage()).isEqualTo(vendorCode);
    for (String part : messageParts) {
      assertThat(e.getMessage()).contains(part);
    }
    return e;
  }
}
