package com.blockdb.engine.ledger;

import com.blockdb.engine.BlockInfo;
import com.blockdb.engine.util.Sha256;
import java.nio.ByteBuffer;

/**
 * A ledger block header and its codec (docs/FORMAT.md, "Block header"), {@value #ENCODED_LENGTH}
 * bytes, big-endian:
 *
 * <pre>
 *   u32 magic 0x42444248 ("BDBH")
 *   u16 version (1)
 *   u64 height
 *   32  previous block hash (zeros for genesis)
 *   32  Merkle root of the block's entry leaf hashes (RFC 6962; SHA-256("") when empty)
 *   u32 entry count
 *   u64 first sequence (0 when empty)
 *   u64 last sequence (the previous block's last when empty)
 *   u64 timestamp (commit time of the block's last transaction; 0 for genesis)
 * </pre>
 *
 * Block hash = SHA-256(encoded header).
 */
public record BlockHeader(int version, long height, byte[] previousHash, byte[] merkleRoot, int entryCount,
    long firstSequence, long lastSequence, long timestamp) {

  public static final int MAGIC = 0x42444248;
  public static final int VERSION = 1;
  public static final int ENCODED_LENGTH = 4 + 2 + 8 + 32 + 32 + 4 + 8 + 8 + 8;

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(ENCODED_LENGTH);
    b.putInt(MAGIC).putShort((short) version).putLong(height).put(previousHash).put(merkleRoot)
        .putInt(entryCount).putLong(firstSequence).putLong(lastSequence).putLong(timestamp);
    assert !b.hasRemaining();
    return b.array();
  }

  /** Decodes a header; throws IllegalArgumentException on a wrong length, magic or version. */
  public static BlockHeader decode(byte[] bytes) {
    if (bytes.length != ENCODED_LENGTH) {
      throw new IllegalArgumentException("block header must be " + ENCODED_LENGTH + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.getInt() != MAGIC) {
      throw new IllegalArgumentException("bad block header magic");
    }
    int version = b.getShort() & 0xFFFF;
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported block header version " + version);
    }
    long height = b.getLong();
    byte[] prev = new byte[32];
    b.get(prev);
    byte[] root = new byte[32];
    b.get(root);
    return new BlockHeader(version, height, prev, root, b.getInt(), b.getLong(), b.getLong(), b.getLong());
  }

  public byte[] hash() {
    return Sha256.hash(encode());
  }

  public BlockInfo toInfo() {
    return new BlockInfo(height, hash(), previousHash.clone(), merkleRoot.clone(), entryCount, firstSequence,
        lastSequence, timestamp);
  }
}
