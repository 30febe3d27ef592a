package com.blockdb.jdbc.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large executeBatch calls (whose rows the driver encodes on two threads): every row lands with
 * its values, and one bad row anywhere fails the whole batch with the SQLState and message a
 * row-by-row run gives, naming the first bad row's problem, leaving nothing behind.
 */
class LargeBatchTest {
  private static final AtomicInteger DBS = new AtomicInteger();
  private static final int ROWS = 1000;

  private Connection conn;

  @BeforeEach
  void open() throws SQLException {
    conn = DriverManager.getConnection("jdbc:blockdb:mem:largebatch" + DBS.incrementAndGet());
    try (Statement st = conn.createStatement()) {
      st.executeUpdate("CREATE TABLE T (ID BIGINT PRIMARY KEY, NAME VARCHAR(8) NOT NULL, AMOUNT DECIMAL(6,2))");
    }
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 255, 256, 257, 1000})
  void everyRowOfABatchLandsInOrder(int rows) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO T (ID, NAME, AMOUNT) VALUES (?, ?, ?)")) {
      for (int i = 0; i < rows; i++) {
        ps.setLong(1, i);
        ps.setString(2, "n" + i);
        ps.setBigDecimal(3, java.math.BigDecimal.valueOf(i, 2));
        ps.addBatch();
      }
      assertThat(ps.executeBatch()).hasSize(rows).containsOnly(1);
    }
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT ID, NAME, AMOUNT, LEDGER_SEQ FROM T ORDER BY ID")) {
      long lastSeq = -1;
      for (int i = 0; i < rows; i++) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(i);
        assertThat(rs.getString(2)).isEqualTo("n" + i);
        assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(java.math.BigDecimal.valueOf(i, 2));
        assertThat(rs.getLong(4)).isGreaterThan(lastSeq); // staged in the batch's order
        lastSeq = rs.getLong(4);
      }
      assertThat(rs.next()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 300, 499, 500, 999})
  void oneBadRowFailsTheWholeBatchNamingIt(int bad) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO T (ID, NAME, AMOUNT) VALUES (?, ?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        ps.setLong(1, i);
        ps.setString(2, i == bad ? "far too long" : "n" + i);
        ps.setBigDecimal(3, java.math.BigDecimal.ONE);
        ps.addBatch();
      }
      // A second bad row later in the batch: the first one is the one reported.
      ps.setLong(1, ROWS);
      ps.setString(2, null);
      ps.setBigDecimal(3, java.math.BigDecimal.ONE);
      ps.addBatch();
      BatchUpdateException e = catchThrowableOfType(ps::executeBatch, BatchUpdateException.class);
      assertThat(e.getSQLState()).isEqualTo("22001");
      assertThat(e.getMessage()).contains("NAME");
    }
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM T")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 700})
  void aDuplicateKeyAnywhereLeavesNothing(int dup) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO T (ID, NAME, AMOUNT) VALUES (?, ?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        ps.setLong(1, i == dup + 1 ? dup : i);
        ps.setString(2, "n" + i);
        ps.setBigDecimal(3, java.math.BigDecimal.ONE);
        ps.addBatch();
      }
      BatchUpdateException e = catchThrowableOfType(ps::executeBatch, BatchUpdateException.class);
      assertThat(e.getSQLState()).isEqualTo("23505");
    }
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM T")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }
}
