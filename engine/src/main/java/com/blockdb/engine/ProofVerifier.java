package com.blockdb.engine;

import com.blockdb.engine.ledger.BlockHeader;
import com.blockdb.engine.ledger.LedgerEntry;
import com.blockdb.engine.merkle.MerkleTree;
import java.util.Arrays;

/**
 * Checks proofs with no database: anyone holding a digest (saved earlier, or published) can confirm
 * that an entry is in the ledger, or that a newer ledger extends an older one.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /** The entry a valid inclusion proof proves, or an exception saying why the proof fails. */
  public static Entry verify(InclusionProof p) {
    Entry e;
    BlockHeader h;
    try {
      e = LedgerEntry.decode(p.entry());
      h = BlockHeader.decode(p.blockHeader());
    } catch (IllegalArgumentException ex) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "malformed proof: " + ex.getMessage());
    }
    if (p.indexInBlock() != e.sequence() - h.firstSequence()) {
      throw fail("the entry's sequence does not sit at the claimed index of the block");
    }
    byte[] root;
    byte[] digestRoot;
    try {
      root = MerkleTree.rootFromInclusionPath(MerkleTree.leafHash(p.entry()), p.indexInBlock(), h.entryCount(),
          p.entryPath());
      digestRoot = MerkleTree.rootFromInclusionPath(MerkleTree.leafHash(h.hash()), h.height(),
          p.digest().blockCount(), p.blockPath());
    } catch (IllegalArgumentException ex) {
      throw fail("malformed audit path: " + ex.getMessage());
    }
    if (!Arrays.equals(root, h.merkleRoot())) {
      throw fail("the entry's audit path does not lead to the block's Merkle root");
    }
    if (!Arrays.equals(digestRoot, p.digest().root())) {
      throw fail("the block's audit path does not lead to the digest root");
    }
    return e;
  }

  /** True if {@code p} proves the entry is in the ledger committed to by {@code trusted}. */
  public static boolean verify(InclusionProof p, Digest trusted) {
    try {
      verify(p);
      return p.digest().equals(trusted);
    } catch (BlockDbException e) {
      return false;
    }
  }

  /** True if the proof shows that {@code p.newer()} extends {@code p.older()}. */
  public static boolean verify(ConsistencyProof p) {
    return MerkleTree.verifyConsistency(p.older().blockCount(), p.newer().blockCount(), p.older().root(),
        p.newer().root(), p.path());
  }

  private static BlockDbException fail(String why) {
    return new BlockDbException(ErrorCode.CORRUPTION, "proof does not verify: " + why);
  }
}
