package com.blockdb.jdbc.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.jdbc.driver.BlockDbConnection;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with a closed database's files is evident through SQL: a flipped byte in an SSTable's
 * data or in the block file makes {@code VERIFY_CHAIN()} false and {@code LEDGER_VERIFY()} name
 * the damage (or, where the engine checks the bytes at open, the connection is refused naming the
 * file); an untouched copy still verifies; a saved digest verifies against the ledger that grew
 * from it and not against another database's ledger.
 */
class TamperTest {
  private static final int ROWS = 400;
  /** Block file: 16-byte file header, then per block u32 length, 106-byte header, leaf hashes, u32 CRC. */
  private static final int FILE_HEADER = 16;
  private static final int GENESIS_RECORD = 4 + 106 + 4;

  @TempDir Path tmp;
  private Path original;

  @BeforeEach
  void createDatabase() throws Exception {
    original = tmp.resolve("original");
    try (Connection c = DriverManager.getConnection(url(original)); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE ITEMS (ID INTEGER PRIMARY KEY, NAME VARCHAR(60) NOT NULL)");
      BlockDb engine = engine(c);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ITEMS (ID, NAME) VALUES (?, ?)")) {
        for (int i = 0; i < ROWS; i++) {
          ps.setInt(1, i);
          ps.setString(2, "item number " + i + " with some text to fill the data blocks");
          ps.addBatch();
          if (i % 100 == 99) {
            ps.executeBatch();
            engine.seal(); // several blocks, so damage to one is followed by intact ones
          }
        }
      }
      assertThat(verifyChain(s)).isTrue();
      // Closing seals but does not flush the memtable: flush so the rows are in an SSTable.
      engine.flush();
    }
  }

  @Test
  void aFlippedByteInAnSstableDataBlockIsEvident() throws Exception {
    Path damaged = copy(original, "sst-damaged");
    Path untouched = copy(original, "untouched");
    Path sst = onlySstable(damaged);
    long dataEnd = indexOffset(sst);
    // The last data block holds the highest keys: rows of ITEMS (the catalog's entries sort first).
    flip(sst, dataEnd - 20);

    try (Connection c = DriverManager.getConnection(url(damaged)); Statement s = c.createStatement()) {
      assertThat(verifyChain(s)).as("VERIFY_CHAIN() on a damaged SSTable").isFalse();
      try (ResultSet rs = s.executeQuery("SELECT OK, BLOCKS, ENTRIES, FIRST_BAD_BLOCK, FIRST_BAD_KEY, MESSAGE "
          + "FROM TABLE(LEDGER_VERIFY())")) {
        assertThat(rs.next()).isTrue();
        String message = rs.getString("MESSAGE");
        assertThat(rs.getBoolean("OK")).as(message).isFalse();
        assertThat(rs.getLong("ENTRIES")).as("entries checked before the damage").isLessThan(ROWS);
        // What the engine reports today: the file and the offset of the damaged data block.
        assertThat(message).as("names the damaged file").contains(sst.getFileName().toString())
            .contains("offset").containsIgnoringCase("checksum");
      }
      // Reading the damaged rows fails as corruption, naming the file; it never returns altered data.
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(NAME) FROM ITEMS")) {
        rs.next();
        throw new AssertionError("a scan over a damaged data block returned " + rs.getString(1) + " rows");
      } catch (SQLException e) {
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XX001");
        assertThat(e.getMessage()).contains(sst.getFileName().toString());
      }
    }
    assertVerifies(untouched);
  }

  @Test
  void aFlippedByteInAnSstableDataBlockNamesTheBadBlockOrKey() throws Exception {
    Path damaged = copy(original, "sst-damaged");
    Path sst = onlySstable(damaged);
    flip(sst, indexOffset(sst) - 20);
    try (Connection c = DriverManager.getConnection(url(damaged)); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT OK, FIRST_BAD_BLOCK, FIRST_BAD_KEY, MESSAGE FROM TABLE(LEDGER_VERIFY())")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean("OK")).isFalse();
      assertThat(rs.getObject("FIRST_BAD_BLOCK") != null || rs.getObject("FIRST_BAD_KEY") != null)
          .as("names the bad block or key: %s", rs.getString("MESSAGE")).isTrue();
    }
  }

  @Test
  void aFlippedByteInTheBlockFileIsCaughtWhenTheDatabaseOpens() throws Exception {
    Path damaged = copy(original, "blocks-damaged");
    Path untouched = copy(original, "untouched");
    Path blocks = damaged.resolve("ledger").resolve("blocks.dat");
    // Block 1's Merkle root; later blocks follow it, so this is damage at rest, not a torn tail.
    flip(blocks, FILE_HEADER + GENESIS_RECORD + 4 + 46 + 3);
    try (Connection c = DriverManager.getConnection(url(damaged))) {
      throw new AssertionError("a damaged block file opened: " + c);
    } catch (SQLException e) {
      // The engine checks each block record's CRC at open: the connection is refused, naming the
      // file, the offset and the block.
      assertThat(e.getMessage()).contains("blocks.dat").contains("offset 130").contains("block 1");
      assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XX001");
    }
    assertVerifies(untouched);
  }

  @Test
  void aDatabaseDamagedAtRestIsRefusedAsCorruption() throws Exception {
    Path damaged = copy(original, "blocks-damaged");
    flip(damaged.resolve("ledger").resolve("blocks.dat"), FILE_HEADER + GENESIS_RECORD + 4 + 46 + 3);
    try (Connection c = DriverManager.getConnection(url(damaged))) {
      throw new AssertionError("a damaged block file opened: " + c);
    } catch (SQLException e) {
      assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XX001");
    }
  }

  @Test
  void aRewrittenBlockWithARecomputedChecksumFailsVerification() throws Exception {
    Path damaged = copy(original, "blocks-rewritten");
    Path blocks = damaged.resolve("ledger").resolve("blocks.dat");
    long record = FILE_HEADER + GENESIS_RECORD;
    // An attacker changes block 1's Merkle root and fixes the record CRC, as a careless tool would.
    flip(blocks, record + 4 + 46 + 3);
    fixRecordCrc(blocks, record);
    try (Connection c = DriverManager.getConnection(url(damaged)); Statement s = c.createStatement()) {
      assertThat(verifyChain(s)).isFalse();
      System.out.println("rewritten block: opened, verify fails");
      try (ResultSet rs = s.executeQuery("SELECT OK, FIRST_BAD_BLOCK, MESSAGE FROM TABLE(LEDGER_VERIFY())")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean("OK")).isFalse();
        assertThat(rs.getLong("FIRST_BAD_BLOCK")).as(rs.getString("MESSAGE")).isEqualTo(1L);
      }
    } catch (SQLException e) {
      // The alternative an engine may choose: refuse to open a chain whose links do not hold.
      System.out.println("rewritten block: refused at open: " + e.getSQLState() + " " + e.getMessage());
      assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XX001");
      assertThat(e.getMessage()).contains("blocks.dat");
    }
  }

  @Test
  void aSavedDigestVerifiesAgainstTheGrownLedgerAndNotAgainstAnotherDatabase() throws Exception {
    String saved;
    try (Connection c = DriverManager.getConnection(url(original)); Statement s = c.createStatement()) {
      saved = digest(s);
      assertThat(verifyDigest(c, saved)).isTrue();
      s.executeUpdate("INSERT INTO ITEMS VALUES (100000, 'added after the digest was saved')");
      engine(c).seal();
      assertThat(digest(s)).isNotEqualTo(saved);
      assertThat(verifyDigest(c, saved)).as("the grown ledger extends the saved digest").isTrue();
    }
    Path other = tmp.resolve("other");
    try (Connection c = DriverManager.getConnection(url(other)); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE ITEMS (ID INTEGER PRIMARY KEY, NAME VARCHAR(60) NOT NULL)");
      for (int i = 0; i < 8; i++) {
        s.executeUpdate("INSERT INTO ITEMS VALUES (" + i + ", 'other " + i + "')");
        engine(c).seal();
      }
      String otherDigest = digest(s);
      assertThat(verifyDigest(c, saved)).as("another database's digest").isFalse();
      try (Connection o = DriverManager.getConnection(url(original))) {
        assertThat(verifyDigest(o, otherDigest)).as("this database's digest on the original").isFalse();
      }
    }
  }

  private static String url(Path db) {
    return "jdbc:blockdb:" + db;
  }

  private static BlockDb engine(Connection c) throws SQLException {
    return c.unwrap(BlockDbConnection.class).database().engine();
  }

  private static boolean verifyChain(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("VALUES VERIFY_CHAIN()")) {
      assertThat(rs.next()).isTrue();
      return rs.getBoolean(1);
    }
  }

  private static String digest(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT DIGEST FROM TABLE(LEDGER_DIGEST())")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static boolean verifyDigest(Connection c, String json) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("VALUES VERIFY_DIGEST('" + json.replace("'", "''") + "')")) {
      assertThat(rs.next()).isTrue();
      return rs.getBoolean(1);
    }
  }

  @Test
  void aSavedDigestCanBeBoundAsAParameter() throws Exception {
    try (Connection c = DriverManager.getConnection(url(original)); Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("VALUES VERIFY_DIGEST(?)")) {
      ps.setString(1, digest(s));
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    }
  }

  private static void assertVerifies(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(db)); Statement s = c.createStatement()) {
      assertThat(verifyChain(s)).as("the untouched copy verifies").isTrue();
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ITEMS")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(ROWS);
      }
    }
  }

  private Path copy(Path from, String name) throws IOException {
    Path to = tmp.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  private static Path onlySstable(Path db) throws IOException {
    try (Stream<Path> files = Files.list(db.resolve("sst"))) {
      List<Path> ssts = files.filter(p -> p.toString().endsWith(".sst")).toList();
      assertThat(ssts).as("SSTables after one flush").hasSize(1);
      return ssts.get(0);
    }
  }

  /** Where the SSTable's data blocks end: the index block handle's offset, from the 48-byte footer. */
  private static long indexOffset(Path sst) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(sst.toFile(), "r")) {
      f.seek(f.length() - 48);
      long offset = f.readLong();
      assertThat(offset).as("data region of %s", sst).isGreaterThan(4096);
      return offset;
    }
  }

  private static void flip(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  /** Recomputes the CRC32C of the block record at {@code offset} (u32 length, body, u32 CRC of the body). */
  private static void fixRecordCrc(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int length = f.readInt();
      byte[] body = new byte[length];
      f.readFully(body);
      CRC32C crc = new CRC32C();
      crc.update(body);
      f.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
  }
}
