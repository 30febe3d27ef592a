package com.blockdb.engine.merkle;

import com.blockdb.engine.util.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The RFC 6962 (and RFC 9162) Merkle tree over SHA-256: tree hashes, audit paths, consistency
 * proofs and their verifiers, as static functions over lists of leaf hashes.
 *
 * <p>Lists given to {@link #root}, {@link #inclusionPath} and {@link #consistencyPath} hold leaf
 * hashes (outputs of {@link #leafHash}), not leaf data, so callers hash each entry once and reuse
 * it. Returned hashes are always fresh arrays: callers may keep or modify them without affecting the
 * input list.
 */
public final class MerkleTree {

  // Length in bytes of every hash in the tree.
  private static final int HASH_LENGTH = Sha256.LENGTH;

  // Domain-separation prefixes from RFC 6962 section 2.1: without them a leaf whose data is the
  // concatenation of two child hashes would collide with the interior node above those children,
  // letting an attacker prove "inclusion" of a value that was never a leaf.
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  // Sizes up to 2^31 - 1 leaves need at most 31 pending subtrees, plus one being merged.
  private static final int MAX_PENDING = 33;

  private MerkleTree() {}

  /** The leaf hash SHA-256(0x00 ‖ data). */
  public static byte[] leafHash(byte[] data) {
    Objects.requireNonNull(data, "data");
    return Sha256.hash(LEAF_PREFIX, data);
  }

  /** The interior node hash SHA-256(0x01 ‖ left ‖ right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    MessageDigest md = Sha256.digest();
    md.update(NODE_PREFIX);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** The root of the empty tree, SHA-256 of the empty string (RFC 6962 section 2.1). */
  public static byte[] emptyRoot() {
    return Sha256.hash(new byte[0]);
  }

  /** MTH(D[n]): the root over all of {@code leafHashes}; {@link #emptyRoot()} for an empty list. */
  public static byte[] root(List<byte[]> leafHashes) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    return root(leafHashes, 0, leafHashes.size());
  }

  /**
   * MTH(D[from:to]): the root of the tree whose leaves are {@code leafHashes[from, to)}, as if those
   * leaves were a list of their own.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= leafHashes.size()}
   */
  public static byte[] root(List<byte[]> leafHashes, int from, int to) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    Objects.checkFromToIndex(from, to, leafHashes.size());
    return rangeRoot(randomAccess(leafHashes), from, to);
  }

  /**
   * PATH(index, D[n]) of RFC 6962 section 2.1.1: the sibling hashes needed to recompute the root
   * from the leaf at {@code index}, ordered from the leaf upward. Empty for a one-leaf tree.
   *
   * @return an unmodifiable list of fresh arrays
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < leafHashes.size()}
   */
  public static List<byte[]> inclusionPath(List<byte[]> leafHashes, int index) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    Objects.checkIndex(index, leafHashes.size());
    List<byte[]> leaves = randomAccess(leafHashes);
    // The recursive definition descends from the root, appending each sibling after the path from
    // below; walking down iteratively and reversing gives the same order without recursion. Each
    // level hashes only the sibling subtree, so the whole path costs at most n - 1 node hashes.
    List<byte[]> topDown = new ArrayList<>();
    int lo = 0;
    int hi = leaves.size();
    while (hi - lo > 1) {
      int k = splitPoint(hi - lo);
      if (index < lo + k) {
        topDown.add(rangeRoot(leaves, lo + k, hi));
        hi = lo + k;
      } else {
        topDown.add(rangeRoot(leaves, lo, lo + k));
        lo += k;
      }
    }
    Collections.reverse(topDown);
    return Collections.unmodifiableList(topDown);
  }

  /**
   * Recomputes the root of a tree of {@code size} leaves from the leaf hash at {@code index} and its
   * audit path, by the algorithm of RFC 9162 section 2.1.3.2.
   *
   * @throws IllegalArgumentException if the index is outside the tree, the path is longer or
   *     shorter than a tree of that size requires, or a hash is not 32 bytes:
   *     such input has no root, and returning one would let a caller accept a malformed proof
   */
  public static byte[] rootFromInclusionPath(byte[] leafHash, long index, long size,
      List<byte[]> path) {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(path, "path");
    requireHash(leafHash, "leaf hash");
    if (size <= 0 || index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf index " + index + " is not in a tree of size " + size);
    }
    // fn walks the leaf's position up the tree and sn the position of the last leaf; they meet at
    // the last node whose right edge is ragged, and the path is complete once sn reaches 0.
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash.clone();
    for (byte[] p : path) {
      requireHash(p, "path element");
      if (sn == 0) {
        throw new IllegalArgumentException(
            "audit path has " + path.size() + " hashes, too many for index " + index + " of " + size);
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        // A node on the ragged right edge with no right sibling is promoted unchanged (RFC 6962
        // splits at the largest power of two), so skip the levels where it has no sibling.
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new IllegalArgumentException(
          "audit path has " + path.size() + " hashes, too few for index " + index + " of " + size);
    }
    return r;
  }

  /**
   * Whether {@code path} proves that {@code leafHash} is leaf {@code index} of the tree of
   * {@code size} leaves whose root is {@code expectedRoot}. False for any malformed proof.
   */
  public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> path,
      byte[] expectedRoot) {
    Objects.requireNonNull(expectedRoot, "expectedRoot");
    byte[] computed;
    try {
      computed = rootFromInclusionPath(leafHash, index, size, path);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
    // Constant-time comparison: roots are public, but it costs nothing and removes a timing oracle.
    return MessageDigest.isEqual(computed, expectedRoot);
  }

  /**
   * PROOF(oldSize, D[n]) of RFC 6962 section 2.1.2, with n = {@code leafHashes.size()}: the hashes
   * proving that the tree of the first {@code oldSize} leaves is a prefix of the whole tree. Empty
   * when {@code oldSize} is 0 or n, where the proof is trivial.
   *
   * @return an unmodifiable list of fresh arrays
   * @throws IndexOutOfBoundsException unless {@code 0 <= oldSize <= leafHashes.size()}
   */
  public static List<byte[]> consistencyPath(List<byte[]> leafHashes, int oldSize) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    Objects.checkIndex(oldSize, leafHashes.size() + 1);
    List<byte[]> leaves = randomAccess(leafHashes);
    if (oldSize == 0 || oldSize == leaves.size()) {
      return List.of();
    }
    // SUBPROOF(m, D[lo:hi], b) walked iteratively: each level contributes the subtree the old tree
    // does not share with this level's split, and the order is reversed at the end because the
    // recursive definition appends on the way back up.
    List<byte[]> topDown = new ArrayList<>();
    int lo = 0;
    int hi = leaves.size();
    // b of RFC 6962: whether [lo, oldSize) is still the whole old tree. While it is, the verifier
    // already knows that subtree's hash (the old root), so the proof may leave it out.
    boolean wholeOldTree = true;
    while (oldSize != hi) {
      int k = splitPoint(hi - lo);
      if (oldSize - lo <= k) {
        topDown.add(rangeRoot(leaves, lo + k, hi));
        hi = lo + k;
      } else {
        topDown.add(rangeRoot(leaves, lo, lo + k));
        lo += k;
        wholeOldTree = false;
      }
    }
    if (!wholeOldTree) {
      topDown.add(rangeRoot(leaves, lo, hi));
    }
    Collections.reverse(topDown);
    return Collections.unmodifiableList(topDown);
  }

  /**
   * Whether {@code path} proves that the tree of {@code oldSize} leaves with root {@code oldRoot} is
   * a prefix of the tree of {@code newSize} leaves with root {@code newRoot}, by the algorithm of RFC
   * 9162 section 2.1.4.2. Equal sizes need an empty path and equal roots; an old size of 0 needs an
   * empty path (the empty tree is a prefix of every tree). False, never an exception, for any
   * malformed proof.
   */
  public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot,
      byte[] newRoot, List<byte[]> path) {
    Objects.requireNonNull(oldRoot, "oldRoot");
    Objects.requireNonNull(newRoot, "newRoot");
    Objects.requireNonNull(path, "path");
    if (oldSize < 0 || newSize < oldSize) {
      return false;
    }
    if (oldSize == newSize) {
      return path.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
    }
    if (oldSize == 0) {
      return path.isEmpty();
    }
    if (path.isEmpty() || oldRoot.length != HASH_LENGTH || newRoot.length != HASH_LENGTH) {
      return false;
    }
    for (byte[] c : path) {
      if (c == null || c.length != HASH_LENGTH) {
        return false;
      }
    }
    // A power-of-two old tree is a complete subtree of the new one, so PROOF omits its hash and the
    // verifier starts from the old root it already has; otherwise the proof starts with the hash of
    // the deepest subtree that both trees share on the old tree's right edge.
    byte[] fr;
    byte[] sr;
    int next;
    if (Long.bitCount(oldSize) == 1) {
      fr = oldRoot;
      sr = oldRoot;
      next = 0;
    } else {
      fr = path.get(0);
      sr = path.get(0);
      next = 1;
    }
    long fn = oldSize - 1;
    long sn = newSize - 1;
    // Skip the levels where the old tree's last leaf is a right child: the starting hash already
    // covers them.
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // fr rebuilds the old root and sr the new root from the same shared subtrees; left siblings
    // belong to both trees, right siblings only to the new one.
    for (int i = next; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
  }

  /**
   * MTH over {@code leaves[from, to)} without recursion. Leaves are pushed left to right onto a stack
   * of complete subtrees whose sizes are the binary digits of the count so far; equal neighbours
   * merge, like carries in binary addition. Folding the stack from the right then yields exactly the
   * RFC 6962 tree, whose left subtrees are the largest powers of two. That costs n - 1 node hashes
   * and O(log n) memory, and it does not overflow the call stack on millions of leaves.
   */
  private static byte[] rangeRoot(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return emptyRoot();
    }
    if (n == 1) {
      // Copy, so a caller modifying a returned path element cannot corrupt its own leaf list.
      return leaves.get(from).clone();
    }
    byte[][] pending = new byte[MAX_PENDING][];
    int top = 0;
    for (int i = 0; i < n; i++) {
      byte[] h = Objects.requireNonNull(leaves.get(from + i), "leaf hash");
      // After i + 1 leaves, one merge happens per trailing zero bit of i + 1.
      for (int count = i + 1; (count & 1) == 0; count >>>= 1) {
        h = nodeHash(pending[--top], h);
      }
      pending[top++] = h;
    }
    byte[] r = pending[--top];
    while (top > 0) {
      r = nodeHash(pending[--top], r);
    }
    return r;
  }

  /** k of RFC 6962: the largest power of two smaller than {@code n}, for {@code n >= 2}. */
  private static int splitPoint(int n) {
    return Integer.highestOneBit(n - 1);
  }

  /** The list itself if indexing it is cheap, else a copy, so a LinkedList does not go quadratic. */
  private static List<byte[]> randomAccess(List<byte[]> list) {
    return list instanceof RandomAccess ? list : new ArrayList<>(list);
  }

  private static void requireHash(byte[] hash, String what) {
    if (hash == null || hash.length != HASH_LENGTH) {
      throw new IllegalArgumentException(what + " must be " + HASH_LENGTH + " bytes, got "
          + (hash == null ? "null" : hash.length + " bytes"));
    }
  }
}
