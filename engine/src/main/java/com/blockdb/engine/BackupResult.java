package com.blockdb.engine;

/**
 * What an online backup copied: a database opened from the copy recovers exactly the state at the
 * backup point, whose ledger digest is {@code digest}.
 *
 * @param files files written, the descriptor {@code BACKUP.json} included
 * @param bytes bytes written, the descriptor included
 * @param digest the digest of the ledger as copied (every entry up to {@code lastSequence} is sealed in it)
 * @param lastSequence the sequence number of the last entry in the copy
 */
public record BackupResult(int files, long bytes, Digest digest, long lastSequence) {
  public BackupResult {
    if (files < 1 || bytes < 0 || digest == null || lastSequence < 0) {
      throw new IllegalArgumentException("a backup has at least one file, a digest and a last sequence");
    }
  }
}
