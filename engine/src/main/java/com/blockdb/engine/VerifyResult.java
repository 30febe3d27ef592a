package com.blockdb.engine;

/**
 * What a full verification found.
 *
 * @param ok true when every check passed
 * @param blocksChecked blocks whose chain link and Merkle root were checked
 * @param entriesChecked stored entries re-read and re-hashed
 * @param badBlock height of the first bad block, or -1
 * @param badKey the first bad key as printable text, or null
 * @param file the file where damage was found, or null
 * @param message one line saying what passed or what failed
 * @param millis time taken
 */
public record VerifyResult(boolean ok, long blocksChecked, long entriesChecked, long badBlock,
    String badKey, String file, String message, long millis) {}
