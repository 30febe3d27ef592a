package com.blockdb.engine.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.util.Bytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Cross-checks {@link MerkleTree} against a naive transcription of the recursive RFC 6962
 * definitions, and checks that its verifiers accept honest proofs and reject tampered ones.
 */
class MerkleTreeProperties {

  // ---- naive reference implementation of RFC 6962 section 2.1 ----

  private static int split(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  private static byte[] refRoot(List<byte[]> d) {
    if (d.isEmpty()) {
      return MerkleTree.emptyRoot();
    }
    if (d.size() == 1) {
      return d.get(0);
    }
    int k = split(d.size());
    return MerkleTree.nodeHash(refRoot(d.subList(0, k)), refRoot(d.subList(k, d.size())));
  }

  private static List<byte[]> refPath(int m, List<byte[]> d) {
    List<byte[]> path = new ArrayList<>();
    if (d.size() > 1) {
      int k = split(d.size());
      if (m < k) {
        path.addAll(refPath(m, d.subList(0, k)));
        path.add(refRoot(d.subList(k, d.size())));
      } else {
        path.addAll(refPath(m - k, d.subList(k, d.size())));
        path.add(refRoot(d.subList(0, k)));
      }
    }
    return path;
  }

  private static List<byte[]> refProof(int m, List<byte[]> d) {
    return m == 0 ? List.of() : refSubproof(m, d, true);
  }

  private static List<byte[]> refSubproof(int m, List<byte[]> d, boolean b) {
    List<byte[]> proof = new ArrayList<>();
    int n = d.size();
    if (m == n) {
      if (!b) {
        proof.add(refRoot(d));
      }
      return proof;
    }
    int k = split(n);
    if (m <= k) {
      proof.addAll(refSubproof(m, d.subList(0, k), b));
      proof.add(refRoot(d.subList(k, n)));
    } else {
      proof.addAll(refSubproof(m - k, d.subList(k, n), false));
      proof.add(refRoot(d.subList(0, k)));
    }
    return proof;
  }

  // ---- proof shapes ----
  // An audit path or consistency proof carries only hashes, not which side each goes on; the sizes
  // decide that. So a proof made for one size verifies for another size exactly when both sizes
  // give the same sequence of sides (e.g. leaf 0 of 5 and of 6), and only then. The shape is that
  // sequence, from the recursive definition; null where no proof exists.

  private static String inclusionShape(long m, long n) {
    if (m < 0 || m >= n) {
      return null;
    }
    StringBuilder s = new StringBuilder();
    while (n > 1) {
      long k = Long.highestOneBit(n - 1);
      if (m < k) {
        s.append('R');
        n = k;
      } else {
        s.append('L');
        m -= k;
        n -= k;
      }
    }
    return s.reverse().toString();
  }

  private static String consistencyShape(long m, long n) {
    if (m <= 0 || m >= n) {
      return null; // no proof, or the trivial empty one
    }
    StringBuilder s = new StringBuilder();
    boolean b = true;
    while (m != n) {
      long k = Long.highestOneBit(n - 1);
      if (m <= k) {
        s.append('R');
        n = k;
      } else {
        s.append('L');
        m -= k;
        n -= k;
        b = false;
      }
    }
    if (!b) {
      s.append('N');
    }
    return s.reverse().toString();
  }

  // ---- helpers ----

  /** n distinct leaf hashes, different for each seed. */
  private static List<byte[]> leaves(int n, long seed) {
    List<byte[]> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      leaves.add(MerkleTree.leafHash(ByteBuffer.allocate(12).putLong(seed).putInt(i).array()));
    }
    return leaves;
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(Bytes::hex).toList();
  }

  private static List<byte[]> flipBit(List<byte[]> list, int element, int bit) {
    List<byte[]> copy = new ArrayList<>();
    for (byte[] h : list) {
      copy.add(h.clone());
    }
    copy.get(element)[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  // ---- properties ----

  @Property
  void rootMatchesReference(@ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
    List<byte[]> d = leaves(n, seed);
    assertThat(MerkleTree.root(d)).isEqualTo(refRoot(d));
  }

  @Property
  void rangeRootMatchesReferenceOnSublist(@ForAll @IntRange(min = 0, max = 300) int a,
      @ForAll @IntRange(min = 0, max = 300) int b, @ForAll long seed) {
    List<byte[]> d = leaves(Math.max(a, b) + 3, seed);
    int from = Math.min(a, b);
    int to = Math.max(a, b);
    assertThat(MerkleTree.root(d, from, to)).isEqualTo(refRoot(d.subList(from, to)));
  }

  @Property
  void everyInclusionPathMatchesReferenceAndVerifies(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll long seed) {
    List<byte[]> d = leaves(n, seed);
    byte[] root = MerkleTree.root(d);
    for (int i = 0; i < n; i++) {
      List<byte[]> path = MerkleTree.inclusionPath(d, i);
      assertThat(hex(path)).as("path %d of %d", i, n).isEqualTo(hex(refPath(i, d)));
      assertThat(MerkleTree.rootFromInclusionPath(d.get(i), i, n, path)).isEqualTo(root);
      assertThat(MerkleTree.verifyInclusion(d.get(i), i, n, path, root)).isTrue();
    }
  }

  @Property
  void tamperedInclusionProofsAreRejected(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 0, max = 299) int index, @ForAll @IntRange(min = 0, max = 255) int bit,
      @ForAll @IntRange(min = 0, max = 63) int element, @ForAll long seed) {
    int i = index % n;
    List<byte[]> d = leaves(n, seed);
    byte[] root = MerkleTree.root(d);
    byte[] leaf = d.get(i);
    List<byte[]> path = MerkleTree.inclusionPath(d, i);

    if (!path.isEmpty()) {
      List<byte[]> tampered = flipBit(path, element % path.size(), bit);
      assertThat(MerkleTree.verifyInclusion(leaf, i, n, tampered, root)).as("tampered").isFalse();
      assertThat(MerkleTree.verifyInclusion(leaf, i, n, path.subList(1, path.size()), root))
          .as("truncated").isFalse();
    }
    List<byte[]> longer = new ArrayList<>(path);
    longer.add(root);
    assertThat(MerkleTree.verifyInclusion(leaf, i, n, longer, root)).as("extended").isFalse();
    assertThat(MerkleTree.verifyInclusion(flipBit(List.of(leaf), 0, bit).get(0), i, n, path, root))
        .as("other leaf").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, i, n, path, MerkleTree.emptyRoot()))
        .as("other root").isFalse();

    // Within one tree a shape is a route from the root, so every other index must fail.
    for (long j : new long[] {i - 1, i + 1, i ^ 1, i ^ 2, n, -1, (long) element * 7 % n}) {
      if (j != i) {
        assertThat(MerkleTree.verifyInclusion(leaf, j, n, path, root)).as("index %d", j).isFalse();
      }
    }
    // Another size verifies exactly when it routes the same way.
    for (long size : new long[] {n - 1, n + 1, 2L * n, n / 2, n + element + 1, i + 1, 0}) {
      boolean sameShape = inclusionShape(i, n).equals(inclusionShape(i, size));
      assertThat(MerkleTree.verifyInclusion(leaf, i, size, path, root))
          .as("size %d instead of %d for index %d", size, n, i).isEqualTo(size == n || sameShape);
    }
  }

  @Property
  void consistencyProofMatchesReferenceAndVerifies(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 300) int oldSize, @ForAll long seed) {
    int m = (oldSize - 1) % n + 1;
    List<byte[]> d = leaves(n, seed);
    List<byte[]> proof = MerkleTree.consistencyPath(d, m);
    assertThat(hex(proof)).isEqualTo(hex(refProof(m, d)));
    assertThat(MerkleTree.verifyConsistency(m, n, MerkleTree.root(d, 0, m), MerkleTree.root(d), proof))
        .isTrue();
  }

  @Property
  void everyConsistencyProofOfOneTreeVerifies(@ForAll @IntRange(min = 1, max = 130) int n,
      @ForAll long seed) {
    List<byte[]> d = leaves(n, seed);
    byte[] newRoot = MerkleTree.root(d);
    for (int m = 0; m <= n; m++) {
      List<byte[]> proof = MerkleTree.consistencyPath(d, m);
      assertThat(MerkleTree.verifyConsistency(m, n, MerkleTree.root(d, 0, m), newRoot, proof))
          .as("%d -> %d", m, n).isTrue();
    }
  }

  @Property
  void tamperedConsistencyProofsAreRejected(@ForAll @IntRange(min = 2, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 300) int oldSize, @ForAll @IntRange(min = 0, max = 255) int bit,
      @ForAll @IntRange(min = 0, max = 63) int element, @ForAll long seed) {
    int m = (oldSize - 1) % (n - 1) + 1; // 0 < m < n, so the proof is not empty
    List<byte[]> d = leaves(n, seed);
    byte[] oldRoot = MerkleTree.root(d, 0, m);
    byte[] newRoot = MerkleTree.root(d);
    List<byte[]> proof = MerkleTree.consistencyPath(d, m);
    assertThat(proof).isNotEmpty();

    List<byte[]> tampered = flipBit(proof, element % proof.size(), bit);
    assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, tampered)).as("tampered").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, newRoot, oldRoot, proof)).as("swapped roots").isFalse();
    assertThat(MerkleTree.verifyConsistency(n, m, newRoot, oldRoot, proof)).as("swapped sizes").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, flipBit(List.of(oldRoot), 0, bit).get(0), newRoot,
        proof)).as("other old root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, flipBit(List.of(newRoot), 0, bit).get(0),
        proof)).as("other new root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, proof.subList(1, proof.size())))
        .as("truncated").isFalse();
    List<byte[]> longer = new ArrayList<>(proof);
    longer.add(element % (longer.size() + 1), newRoot);
    assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, longer)).as("extended").isFalse();

    // Other sizes verify exactly when the proof has the same shape for them (e.g. 4 -> 5 and 4 -> 6).
    String shape = consistencyShape(m, n);
    long[][] sizes = {{m - 1, n}, {m + 1, n}, {m ^ 2, n}, {m, n - 1}, {m, n + 1}, {m, 2L * n},
        {m, n / 2}, {m, n + element + 1}, {n, n}, {0, n}, {m, m}};
    for (long[] s : sizes) {
      if (s[0] == m && s[1] == n) {
        continue;
      }
      boolean sameShape = shape.equals(consistencyShape(s[0], s[1]));
      assertThat(MerkleTree.verifyConsistency(s[0], s[1], oldRoot, newRoot, proof))
          .as("%d -> %d instead of %d -> %d", s[0], s[1], m, n).isEqualTo(sameShape);
    }
  }

  @Example
  void largeTreeRootMatchesReference() {
    List<byte[]> d = leaves(100_003, 42);
    assertThat(MerkleTree.root(d)).isEqualTo(refRoot(d));
    int i = 77_777;
    List<byte[]> path = MerkleTree.inclusionPath(d, i);
    assertThat(MerkleTree.verifyInclusion(d.get(i), i, d.size(), path, MerkleTree.root(d))).isTrue();
    List<byte[]> proof = MerkleTree.consistencyPath(d, 65_537);
    assertThat(MerkleTree.verifyConsistency(65_537, d.size(), MerkleTree.root(d, 0, 65_537),
        MerkleTree.root(d), proof)).isTrue();
  }
}
