package com.blockdb.engine;

/**
 * A sealed ledger block's header, as users see it ({@code LEDGER_BLOCKS()} in SQL).
 *
 * @param height 0 for genesis, then +1 per block
 * @param hash SHA-256 of the encoded header
 * @param previousHash the previous block's hash (32 zero bytes for genesis)
 * @param merkleRoot RFC 6962 root over the block's entries, in sequence order
 * @param entryCount entries in the block
 * @param firstSequence first entry's sequence (0 when the block is empty)
 * @param lastSequence last entry's sequence (the previous block's last when empty)
 * @param timestamp commit timestamp of the block's last transaction, from the commit log
 */
public record BlockInfo(long height, byte[] hash, byte[] previousHash, byte[] merkleRoot, int entryCount,
    long firstSequence, long lastSequence, long timestamp) {}
