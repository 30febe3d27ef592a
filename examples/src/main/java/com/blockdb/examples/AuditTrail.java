package com.blockdb.examples;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.InclusionProof;
import com.blockdb.engine.ProofVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** An audit trail: records events, saves the ledger digest to a file, and later proves from that file that nothing recorded was changed. */
public final class AuditTrail {
  /** Where the digest is saved: in real life somewhere the database's operators cannot write. */
  static final Path DIGEST_FILE = Path.of("audit-digest.json");
  /** A copy of the digest with one digit changed, to show what a forged or damaged file gives. */
  static final Path TAMPERED_FILE = Path.of("audit-digest-tampered.json");
  /** How long to wait for new rows to be sealed into a block (blockdb.toml block_interval_ms, default 1 s). */
  private static final Duration SEAL_WAIT = Duration.ofSeconds(30);

  private AuditTrail() {}

  public static void main(String[] args) {
    ExampleSettings settings = ExampleSettings.fromArgs(AuditTrail.class, args);
    try {
      boolean proved = run(settings);
      if (!proved) {
        System.exit(ExampleSettings.FAILED);
      }
    } catch (SQLException e) {
      System.exit(ExampleSettings.fail(e));
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(ExampleSettings.FAILED);
    }
  }

  /** Runs the whole story; true when every check passed. */
  static boolean run(ExampleSettings settings) throws SQLException, IOException {
    try (Connection conn = DriverManager.getConnection(settings.url(), settings.login())) {
      try (Statement st = conn.createStatement()) {
        st.executeUpdate("CREATE TABLE IF NOT EXISTS AUDIT_EVENTS (ID BIGINT PRIMARY KEY, "
            + "EVENT_TIME TIMESTAMP NOT NULL, ACTOR VARCHAR(40) NOT NULL, ACTION VARCHAR(200) NOT NULL)");
      }

      // 1. Record events. Rows can never be updated or deleted: the trail only grows.
      long first = nextId(conn);
      record(conn, first, new String[][] {
          {"alice", "opened account 4711"}, {"bob", "approved a credit limit of 5000 for account 4711"},
          {"alice", "exported the customer list"}});
      System.out.println("Recorded events " + first + " to " + (first + 2));

      // 2. Save the digest. It covers sealed blocks only, so first wait until the new rows are in one.
      awaitSealed(conn, first);
      String savedJson;
      long savedBlocks;
      try (Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("SELECT BLOCKS, DIGEST FROM TABLE(LEDGER_DIGEST())")) {
        rs.next();
        savedBlocks = rs.getLong("BLOCKS");
        savedJson = rs.getString("DIGEST");
      }
      write(DIGEST_FILE, savedJson);
      System.out.println("Saved the ledger digest (" + savedBlocks + " blocks) to " + DIGEST_FILE
          + ": keep it outside the database");

      // 3. Life goes on: more events are recorded after the digest was saved.
      record(conn, first + 3, new String[][] {{"carol", "closed account 4711"}, {"bob", "logged out"}});
      System.out.println("Recorded events " + (first + 3) + " to " + (first + 4) + " after saving the digest");

      // 4. Later, an auditor proves from the saved file that nothing recorded before it was changed.
      String saved = read(DIGEST_FILE);
      boolean extendsSaved = verifyDigest(conn, saved);
      System.out.println((extendsSaved ? "✓" : "✗") + " VERIFY_DIGEST(" + DIGEST_FILE + ") = " + extendsSaved
          + (extendsSaved ? ": the ledger extends the saved digest; nothing before it was altered, removed or reordered"
              : ": the ledger does NOT extend the saved digest: its history was rewritten"));

      boolean chain = verifyChain(conn);
      System.out.println((chain ? "✓" : "✗") + " VERIFY_CHAIN() = " + chain
          + (chain ? ": every entry re-hashed, every block and the chain rebuilt" : ": the stored data is damaged"));

      boolean rowProved = proveEvent(conn, first, savedBlocks);

      // 5. What a forged or damaged digest file looks like: one digit of its root changed.
      String tampered = tamper(saved);
      write(TAMPERED_FILE, tampered);
      boolean tamperedAccepted = verifyDigest(conn, tampered);
      System.out.println((tamperedAccepted ? "✗" : "✓") + " VERIFY_DIGEST(" + TAMPERED_FILE + ") = " + tamperedAccepted
          + (tamperedAccepted ? ": a forged digest was accepted" : ": a digest altered by one digit is rejected"));

      boolean proved = extendsSaved && chain && rowProved && !tamperedAccepted;
      System.out.println(proved ? "Audit trail proved intact" : "Audit trail NOT proved intact");
      return proved;
    }
  }

  /** Inserts the events (actor, action) from ID {@code id} on, as one transaction. */
  private static void record(Connection conn, long id, String[][] events) throws SQLException {
    conn.setAutoCommit(false);
    try (PreparedStatement insert = conn.prepareStatement("INSERT INTO AUDIT_EVENTS VALUES (?, ?, ?, ?)")) {
      for (String[] e : events) {
        insert.setLong(1, id++);
        insert.setTimestamp(2, Timestamp.from(Instant.now()));
        insert.setString(3, e[0]);
        insert.setString(4, e[1]);
        insert.executeUpdate();
      }
      conn.commit(); // all the events enter the ledger together, or none does
    } catch (SQLException e) {
      conn.rollback();
      throw e;
    } finally {
      conn.setAutoCommit(true);
    }
  }

  /**
   * Waits until the events from {@code first} on are sealed into a block: LEDGER_BLOCK stays NULL
   * until then, within the server's block_interval_ms.
   */
  private static void awaitSealed(Connection conn, long first) throws SQLException {
    long deadline = System.nanoTime() + SEAL_WAIT.toNanos();
    try (PreparedStatement pending = conn.prepareStatement(
        "SELECT COUNT(*) FROM AUDIT_EVENTS WHERE ID >= ? AND LEDGER_BLOCK IS NULL")) {
      pending.setLong(1, first);
      while (true) {
        try (ResultSet rs = pending.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new SQLException("the events from ID " + first + " were not sealed into a block within "
              + SEAL_WAIT.toSeconds() + " s", "HYT00");
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while waiting for a block to be sealed", "HY008", e);
        }
      }
    }
  }

  /** VERIFY_DIGEST: whether the ledger now provably extends the saved digest (an RFC 6962 consistency proof). */
  private static boolean verifyDigest(Connection conn, String savedJson) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("VALUES VERIFY_DIGEST(?)")) {
      ps.setString(1, savedJson);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static boolean verifyChain(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("VALUES VERIFY_CHAIN()")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * ROW_PROOF gives one event's inclusion proof as JSON: the entry, its path to its block's Merkle
   * root and the block's path to the ledger digest. Anyone can check it with ProofVerifier, with no
   * database; here it must prove exactly the entry SQL reports for the row.
   */
  private static boolean proveEvent(Connection conn, long id, long savedBlocks) throws SQLException {
    String proofJson;
    long seq;
    long block;
    String principal;
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT ROW_PROOF('AUDIT_EVENTS', ID), LEDGER_SEQ, LEDGER_BLOCK, LEDGER_PRINCIPAL FROM AUDIT_EVENTS WHERE ID = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          System.out.println("✗ event " + id + " is missing");
          return false;
        }
        proofJson = rs.getString(1);
        seq = rs.getLong(2);
        block = rs.getLong(3);
        principal = rs.getString(4);
      }
    }
    Entry proved;
    try {
      proved = ProofVerifier.verify(InclusionProof.fromJson(proofJson));
    } catch (BlockDbException | IllegalArgumentException e) {
      System.out.println("✗ the proof of event " + id + " does not verify: " + e.getMessage());
      return false;
    }
    boolean same = proved.sequence() == seq && proved.principal().equals(principal);
    System.out.println((same ? "✓" : "✗") + " ROW_PROOF('AUDIT_EVENTS', " + id + ") verified without the database: "
        + "ledger entry " + proved.sequence() + ", written by " + proved.principal() + ", in block " + block
        + (block < savedBlocks ? " (covered by the saved digest)" : ""));
    return same;
  }

  /** The digest JSON with the first digit of its root changed. */
  static String tamper(String digestJson) {
    int at = digestJson.indexOf("\"root\":\"") + "\"root\":\"".length();
    char c = digestJson.charAt(at);
    return digestJson.substring(0, at) + (c == '0' ? '1' : '0') + digestJson.substring(at + 1);
  }

  private static long nextId(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(ID) FROM AUDIT_EVENTS")) {
      rs.next();
      return rs.getLong(1) + 1;
    }
  }

  private static void write(Path file, String text) throws IOException {
    try {
      Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot write " + file.toAbsolutePath() + ": " + e, e);
    }
  }

  private static String read(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException("cannot read " + file.toAbsolutePath() + ": " + e, e);
    }
  }
}
