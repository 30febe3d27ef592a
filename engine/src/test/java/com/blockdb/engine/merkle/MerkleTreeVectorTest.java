package com.blockdb.engine.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Published Certificate Transparency test vectors, and the corruptions every verifier must reject. */
class MerkleTreeVectorTest {

  // Test vectors (data only) from github.com/transparency-dev/merkle, the successor of the Merkle
  // code in google/certificate-transparency-go (merkletree/merkle_verifier_test.go) and
  // google/trillian (merkle/rfc6962):
  //   - leaf inputs, node hashes and roots: testonly/constants.go
  //   - inclusion proofs and consistency proofs: proof/verify_test.go and
  //     testonly/reference_test.go
  // verify_test.go numbers leaves from 1; the indices below are 0-based.

  private static final List<String> LEAF_INPUTS = List.of(
      "",
      "00",
      "10",
      "2021",
      "3031",
      "40414243",
      "5051525354555657",
      "606162636465666768696a6b6c6d6e6f");

  private static final String EMPTY_ROOT =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** ROOTS.get(n - 1) is the root of the tree of the first n leaves. */
  private static final List<String> ROOTS = List.of(
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  /** NODE_HASHES.get(level).get(i) is the complete subtree of 2^level leaves starting at i * 2^level. */
  private static final List<List<String>> NODE_HASHES = List.of(
      List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
          "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
          "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
          "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
          "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
      List.of(
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
      List.of(
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
      List.of(
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

  static Stream<Arguments> inclusionVectors() {
    return Stream.of(
        // index, size, path
        Arguments.of(0, 1, List.of()),
        Arguments.of(0, 2, List.of(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")),
        Arguments.of(1, 2, List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")),
        Arguments.of(2, 3, List.of(
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
        Arguments.of(1, 5, List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
        Arguments.of(0, 8, List.of(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        Arguments.of(5, 8, List.of(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
  }

  static Stream<Arguments> consistencyVectors() {
    return Stream.of(
        // oldSize, newSize, proof
        Arguments.of(1, 1, List.of()),
        Arguments.of(1, 8, List.of(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        Arguments.of(6, 8, List.of(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        Arguments.of(2, 5, List.of(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
        Arguments.of(6, 7, List.of(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
  }

  // An arbitrary 32-byte value that is no hash in these trees.
  private static final byte[] SOME_HASH =
      Bytes.unhex("abacaba000000000000000000000000000000000000000000060061e00123456");

  private static List<byte[]> leafHashes(int n) {
    List<byte[]> hashes = new ArrayList<>();
    for (String input : LEAF_INPUTS.subList(0, n)) {
      hashes.add(MerkleTree.leafHash(Bytes.unhex(input)));
    }
    return hashes;
  }

  private static List<byte[]> unhex(List<String> hex) {
    return hex.stream().map(Bytes::unhex).toList();
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(Bytes::hex).toList();
  }

  private static byte[] rootOf(int size) {
    return Bytes.unhex(ROOTS.get(size - 1));
  }

  @Test
  void emptyRootIsSha256OfNothing() {
    assertThat(Bytes.hex(MerkleTree.emptyRoot())).isEqualTo(EMPTY_ROOT);
    assertThat(Bytes.hex(MerkleTree.root(List.of()))).isEqualTo(EMPTY_ROOT);
    assertThat(Bytes.hex(MerkleTree.root(leafHashes(8), 3, 3))).isEqualTo(EMPTY_ROOT);
  }

  @Test
  void leafHashesMatchPublishedLevelZero() {
    assertThat(hex(leafHashes(8))).isEqualTo(NODE_HASHES.get(0));
  }

  @Test
  void nodeHashCombinesChildrenWithPrefixOne() {
    List<String> level0 = NODE_HASHES.get(0);
    byte[] parent = MerkleTree.nodeHash(Bytes.unhex(level0.get(0)), Bytes.unhex(level0.get(1)));
    assertThat(Bytes.hex(parent)).isEqualTo(NODE_HASHES.get(1).get(0));
  }

  @Test
  void rootOfEveryPrefixMatchesPublishedRoots() {
    List<byte[]> all = leafHashes(8);
    for (int n = 1; n <= 8; n++) {
      assertThat(Bytes.hex(MerkleTree.root(leafHashes(n)))).as("size %d", n).isEqualTo(ROOTS.get(n - 1));
      assertThat(Bytes.hex(MerkleTree.root(all, 0, n))).as("range [0, %d)", n).isEqualTo(ROOTS.get(n - 1));
    }
  }

  @Test
  void rootOfEveryCompleteSubtreeMatchesPublishedNodeHashes() {
    List<byte[]> all = leafHashes(8);
    for (int level = 0; level < NODE_HASHES.size(); level++) {
      int width = 1 << level;
      for (int i = 0; i < NODE_HASHES.get(level).size(); i++) {
        assertThat(Bytes.hex(MerkleTree.root(all, i * width, (i + 1) * width)))
            .as("level %d node %d", level, i)
            .isEqualTo(NODE_HASHES.get(level).get(i));
      }
    }
  }

  @Test
  void rootAcceptsListsWithoutRandomAccess() {
    assertThat(Bytes.hex(MerkleTree.root(new LinkedList<>(leafHashes(7))))).isEqualTo(ROOTS.get(6));
    assertThat(hex(MerkleTree.inclusionPath(new LinkedList<>(leafHashes(8)), 5)))
        .isEqualTo(hex(MerkleTree.inclusionPath(leafHashes(8), 5)));
  }

  @Test
  void singleLeafRootIsACopy() {
    List<byte[]> leaves = leafHashes(1);
    byte[] root = MerkleTree.root(leaves);
    root[0] ^= 1;
    assertThat(Bytes.hex(leaves.get(0))).isEqualTo(NODE_HASHES.get(0).get(0));
  }

  @ParameterizedTest(name = "leaf {0} of {1}")
  @MethodSource("inclusionVectors")
  void inclusionPathMatchesPublishedPath(int index, int size, List<String> expected) {
    assertThat(hex(MerkleTree.inclusionPath(leafHashes(size), index))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "leaf {0} of {1}")
  @MethodSource("inclusionVectors")
  void publishedInclusionPathVerifies(int index, int size, List<String> pathHex) {
    byte[] leaf = leafHashes(size).get(index);
    List<byte[]> path = unhex(pathHex);
    byte[] root = rootOf(size);
    assertThat(Bytes.hex(MerkleTree.rootFromInclusionPath(leaf, index, size, path)))
        .isEqualTo(ROOTS.get(size - 1));
    assertThat(MerkleTree.verifyInclusion(leaf, index, size, path, root)).isTrue();
  }

  @ParameterizedTest(name = "leaf {0} of {1}")
  @MethodSource("inclusionVectors")
  void corruptedInclusionProofsAreRejected(int index, int size, List<String> pathHex) {
    byte[] leaf = leafHashes(size).get(index);
    List<byte[]> path = unhex(pathHex);
    byte[] root = rootOf(size);

    assertThat(MerkleTree.verifyInclusion(leaf, index - 1, size, path, root)).as("index - 1").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index + 1, size, path, root)).as("index + 1").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index ^ 2, size, path, root)).as("index ^ 2").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index, size * 2L, path, root)).as("size * 2").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index, size / 2, path, root)).as("size / 2").isFalse();
    assertThat(MerkleTree.verifyInclusion(SOME_HASH, index, size, path, root)).as("wrong leaf").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index, size, path, Bytes.unhex(EMPTY_ROOT)))
        .as("empty root").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index, size, path, SOME_HASH)).as("other root").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index, size, with(path, path.size(), new byte[0]), root))
        .as("trailing garbage").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index, size, with(path, path.size(), root), root))
        .as("trailing root").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index, size, with(path, 0, new byte[0]), root))
        .as("preceding garbage").isFalse();
    assertThat(MerkleTree.verifyInclusion(leaf, index, size, with(path, 0, root), root))
        .as("preceding root").isFalse();
    for (int i = 0; i < path.size(); i++) {
      assertThat(MerkleTree.verifyInclusion(leaf, index, size, flipBit(path, i), root))
          .as("flipped bit in element %d", i).isFalse();
    }
    if (!path.isEmpty()) {
      assertThat(MerkleTree.verifyInclusion(leaf, index, size, path.subList(0, path.size() - 1), root))
          .as("truncated").isFalse();
    }
    if (path.size() > 1) {
      assertThat(MerkleTree.verifyInclusion(leaf, index, size, with(path, 1, SOME_HASH), root))
          .as("inserted element").isFalse();
    }
  }

  @Test
  void inclusionAgainstImpossibleSizesIsRejected() {
    long[][] indexAndSize = {{0, 0}, {0, 1}, {1, 0}, {2, 1}};
    for (long[] p : indexAndSize) {
      assertThat(MerkleTree.verifyInclusion(SOME_HASH, p[0], p[1], List.of(), new byte[0])).isFalse();
      assertThat(MerkleTree.verifyInclusion(new byte[0], p[0], p[1], List.of(), Bytes.unhex(EMPTY_ROOT)))
          .isFalse();
      assertThat(MerkleTree.verifyInclusion(SOME_HASH, p[0], p[1], List.of(), Bytes.unhex(EMPTY_ROOT)))
          .isFalse();
    }
  }

  @Test
  void rootFromInclusionPathThrowsOnMalformedInput() {
    List<byte[]> leaves = leafHashes(5);
    byte[] leaf = leaves.get(1);
    List<byte[]> path = MerkleTree.inclusionPath(leaves, 1);

    assertThatThrownBy(() -> MerkleTree.rootFromInclusionPath(leaf, 5, 5, path))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.rootFromInclusionPath(leaf, -1, 5, path))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.rootFromInclusionPath(leaf, 0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.rootFromInclusionPath(leaf, 1, 5, path.subList(0, 2)))
        .as("too short").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.rootFromInclusionPath(leaf, 1, 5, with(path, 3, SOME_HASH)))
        .as("too long").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.rootFromInclusionPath(leaf, 1, 5, with(path, 0, new byte[31])))
        .as("short element").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.rootFromInclusionPath(leaf, 0, 1, Arrays.asList((byte[]) null)))
        .as("null element").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.rootFromInclusionPath(new byte[33], 0, 1, List.of()))
        .as("long leaf hash").isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("consistencyVectors")
  void consistencyPathMatchesPublishedProof(int oldSize, int newSize, List<String> expected) {
    assertThat(hex(MerkleTree.consistencyPath(leafHashes(newSize), oldSize))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("consistencyVectors")
  void publishedConsistencyProofVerifies(int oldSize, int newSize, List<String> proofHex) {
    assertThat(MerkleTree.verifyConsistency(oldSize, newSize, rootOf(oldSize), rootOf(newSize),
        unhex(proofHex))).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("consistencyVectors")
  void corruptedConsistencyProofsAreRejected(int oldSize, int newSize, List<String> proofHex) {
    List<byte[]> proof = unhex(proofHex);
    if (proof.isEmpty()) {
      return; // Equal sizes: covered by trivialConsistencyCases.
    }
    byte[] r1 = rootOf(oldSize);
    byte[] r2 = rootOf(newSize);
    long m = oldSize;
    long n = newSize;

    assertThat(MerkleTree.verifyConsistency(m - 1, n, r1, r2, proof)).as("oldSize - 1").isFalse();
    assertThat(MerkleTree.verifyConsistency(m + 1, n, r1, r2, proof)).as("oldSize + 1").isFalse();
    assertThat(MerkleTree.verifyConsistency(m ^ 2, n, r1, r2, proof)).as("oldSize ^ 2").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n * 2, r1, r2, proof)).as("newSize * 2").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n / 2, r1, r2, proof)).as("newSize / 2").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, "WrongRoot".getBytes(), r2, proof)).as("bad old root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, "WrongRoot".getBytes(), proof)).as("bad new root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, SOME_HASH, r2, proof)).as("other old root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, SOME_HASH, proof)).as("other new root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r2, r1, proof)).as("swapped roots").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, List.of())).as("empty proof").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, with(proof, proof.size(), new byte[0])))
        .as("trailing garbage").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, with(proof, proof.size(), r1)))
        .as("trailing old root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, with(proof, proof.size(), r2)))
        .as("trailing new root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, with(proof, 0, new byte[0])))
        .as("preceding garbage").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, with(proof, 0, r1)))
        .as("preceding old root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, with(proof, 0, r2)))
        .as("preceding new root").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, with(proof, 0, proof.get(0))))
        .as("preceding proof[0]").isFalse();
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, proof.subList(0, proof.size() - 1)))
        .as("truncated").isFalse();
    for (int i = 0; i < proof.size(); i++) {
      assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, flipBit(proof, i)))
          .as("flipped bit in element %d", i).isFalse();
    }
    assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, Arrays.asList(proof.get(0), null)))
        .as("null element").isFalse();
  }

  @Test
  void trivialConsistencyCases() {
    byte[] a = "don't care 1".getBytes();
    byte[] b = "don't care 2".getBytes();
    byte[] empty = Bytes.unhex(EMPTY_ROOT);
    List<byte[]> none = List.of();
    List<byte[]> one = List.of(empty);

    // Sizes that are always consistent.
    assertThat(MerkleTree.verifyConsistency(0, 0, a, a, none)).isTrue();
    assertThat(MerkleTree.verifyConsistency(0, 1, a, b, none)).isTrue();
    assertThat(MerkleTree.verifyConsistency(1, 1, b, b, none)).isTrue();
    // Equal sizes with different roots.
    assertThat(MerkleTree.verifyConsistency(0, 0, a, b, none)).isFalse();
    assertThat(MerkleTree.verifyConsistency(1, 1, a, b, none)).isFalse();
    assertThat(MerkleTree.verifyConsistency(0, 0, empty, b, none)).isFalse();
    assertThat(MerkleTree.verifyConsistency(1, 1, empty, b, none)).isFalse();
    // Shrinking trees.
    assertThat(MerkleTree.verifyConsistency(1, 0, a, b, none)).isFalse();
    assertThat(MerkleTree.verifyConsistency(2, 1, a, b, none)).isFalse();
    assertThat(MerkleTree.verifyConsistency(-1, 1, a, b, none)).isFalse();
    // Growth needs a proof.
    assertThat(MerkleTree.verifyConsistency(1, 2, a, b, none)).isFalse();
    // Trivial cases with a non-empty proof.
    assertThat(MerkleTree.verifyConsistency(0, 0, empty, empty, one)).isFalse();
    assertThat(MerkleTree.verifyConsistency(0, 1, empty, empty, one)).isFalse();
    assertThat(MerkleTree.verifyConsistency(1, 1, empty, empty, one)).isFalse();

    List<byte[]> leaves = leafHashes(8);
    assertThat(MerkleTree.consistencyPath(leaves, 0)).isEmpty();
    assertThat(MerkleTree.consistencyPath(leaves, 8)).isEmpty();
  }

  @Test
  void proofGeneratorsRejectOutOfRangeArguments() {
    List<byte[]> leaves = leafHashes(4);
    assertThatThrownBy(() -> MerkleTree.inclusionPath(leaves, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.inclusionPath(leaves, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.inclusionPath(List.of(), 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.consistencyPath(leaves, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.consistencyPath(leaves, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.root(leaves, 3, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.root(leaves, 0, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** A copy of {@code list} with {@code element} inserted at {@code at}. */
  private static List<byte[]> with(List<byte[]> list, int at, byte[] element) {
    List<byte[]> copy = new ArrayList<>(list);
    copy.add(at, element);
    return copy;
  }

  /** A deep copy of {@code list} with one bit of element {@code i} flipped. */
  private static List<byte[]> flipBit(List<byte[]> list, int i) {
    List<byte[]> copy = new ArrayList<>();
    for (byte[] h : list) {
      copy.add(h.clone());
    }
    copy.get(i)[0] ^= 8;
    return copy;
  }
}
