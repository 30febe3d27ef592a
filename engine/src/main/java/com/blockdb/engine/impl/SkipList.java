package com.blockdb.engine.impl;

import com.blockdb.engine.util.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The memtable's sorted map of unsigned byte-array keys: one writer thread at a time, any number
 * of readers without locks (the design of LevelDB's memtable). A new node is fully built before a
 * release store links it in, so a reader that reaches it through an acquire load sees its key,
 * value and links. Nothing is ever removed: a memtable is dropped whole once flushed.
 *
 * <p>Why not {@link java.util.concurrent.ConcurrentSkipListMap}: every put there searches from the
 * head, about twenty key comparisons with a cache miss each at half a million entries, and keys
 * arrive mostly in ascending order (a batch of sorted keys, sequential ids). Here the writer keeps
 * a finger, the path to its last insert; a key above the last one is searched from there, so an
 * append costs a few pointer reads and no comparison beyond the one with the last key.
 *
 * <p>Keys and values are copied into slabs of {@link #SLAB} bytes, each node pointing into one. A
 * memtable lives through many young collections; as two small arrays per entry it was most of what
 * each of them copied (pauses of 30-45 ms every quarter second under a bulk load). A slab is one
 * object per thousands of entries, and with G1's default regions (1 MiB up to a 2 GiB heap) it is
 * a humongous object, allocated straight into the old generation and never copied.
 */
final class SkipList {

  /** Levels: with one node in four promoted per level, enough for 4^20 entries. */
  static final int MAX_LEVEL = 20;

  private static final VarHandle NEXT = MethodHandles.arrayElementVarHandle(Node[].class);

  /** Bytes per slab; an entry larger than a quarter of it gets an array of its own. */
  static final int SLAB = 1 << 20;

  /**
   * A key and its value, {@code buf[off, off + keyLength)} and the {@code valueLength} bytes after
   * it, linked at levels {@code 0..next.length-1}; the entry type of iteration, whose getters copy.
   */
  static final class Node implements Map.Entry<byte[], byte[]> {
    final byte[] buf;
    final int off;
    final int keyLength;
    final int valueLength;
    final Node[] next;

    Node(byte[] buf, int off, int keyLength, int valueLength, int height) {
      this.buf = buf;
      this.off = off;
      this.keyLength = keyLength;
      this.valueLength = valueLength;
      this.next = new Node[height];
    }

    Node next(int level) {
      return (Node) NEXT.getAcquire(next, level);
    }

    /** The key's order against {@code key} (unsigned bytes, as {@link Bytes#compare}). */
    int compareTo(byte[] key) {
      return Arrays.compareUnsigned(buf, off, off + keyLength, key, 0, key.length);
    }

    int valueOffset() {
      return off + keyLength;
    }

    @Override
    public byte[] getKey() {
      return Arrays.copyOfRange(buf, off, off + keyLength);
    }

    @Override
    public byte[] getValue() {
      return Arrays.copyOfRange(buf, off + keyLength, off + keyLength + valueLength);
    }

    @Override
    public byte[] setValue(byte[] v) {
      throw new UnsupportedOperationException("memtable entries are immutable");
    }
  }

  private final Node head = new Node(null, 0, 0, 0, MAX_LEVEL);
  private byte[] slab = new byte[0]; // the writer's current slab; full ones stay referenced by their nodes
  private int slabUsed;
  /** Levels in use; raised before a taller node is linked, so readers may see it early (harmless). */
  private volatile int height = 1;
  private volatile int size;
  /**
   * The node with the largest key, set after it is linked. When keys arrive ascending (one writer
   * loading sequential ids), a search for a key above all of them is answered by comparing with
   * this node. (Several writers' ascending ranges interleave below it; the memtable's key filter
   * answers those lookups.)
   */
  private volatile Node last;

  // Writer-only state: the finger. fingerPath[l] is the rightmost node at level l whose key is at
  // most finger's key (head counts as smaller than every key); null finger: nothing inserted yet.
  private final Node[] fingerPath = new Node[MAX_LEVEL];
  private final Node[] preds = new Node[MAX_LEVEL]; // the writer's scratch: predecessors of a new node
  private Node finger;
  private long seed = 0x9E3779B97F4A7C15L;

  SkipList() {
    java.util.Arrays.fill(fingerPath, head);
  }

  /** Entries, as of the writer's last change. */
  int size() {
    return size;
  }

  /**
   * Maps {@code key} to {@code value}; writer thread only. The key must not be present (the
   * engine checks every key before it writes): a duplicate is refused with an exception.
   */
  void insert(byte[] key, byte[] value) {
    Node[] preds = this.preds;
    int top = height;
    if (finger != null && finger.compareTo(key) < 0) {
      // Every fingerPath[l] sorts before key: walk right from there. A step right at some level
      // lands past finger, and from then on the node reached is the better start below.
      Node x = null;
      for (int l = top - 1; l >= 0; l--) {
        Node start = x != null ? x : fingerPath[l];
        Node y = start;
        Node n;
        while ((n = y.next(l)) != null && n.compareTo(key) < 0) {
          y = n;
        }
        if (y != start || x != null) {
          x = y;
        }
        preds[l] = y;
      }
    } else {
      Node x = head;
      for (int l = top - 1; l >= 0; l--) {
        Node n;
        while ((n = x.next(l)) != null && n.compareTo(key) < 0) {
          x = n;
        }
        preds[l] = x;
      }
    }
    Node after = preds[0].next(0);
    if (after != null && after.compareTo(key) == 0) {
      throw new IllegalStateException("key " + Bytes.printable(key) + " is in the memtable already");
    }
    int h = randomHeight();
    if (h > top) {
      for (int l = top; l < h; l++) {
        preds[l] = head;
      }
      height = h;
    }
    Node node = copy(key, value, h);
    for (int l = 0; l < h; l++) {
      node.next[l] = preds[l].next[l]; // plain: published by the release stores below
    }
    for (int l = 0; l < h; l++) {
      NEXT.setRelease(preds[l].next, l, node);
    }
    size = size + 1;
    if (node.next[0] == null) {
      last = node;
    }
    // The new finger: the node itself below its height, its predecessors above.
    // Levels at or above the height in use hold head already (set at construction; the height only grows).
    int used = Math.max(h, top);
    for (int l = 0; l < used; l++) {
      fingerPath[l] = l < h ? node : preds[l];
    }
    finger = node;
  }

  /** A node holding copies of {@code key} and {@code value}, in the current slab if they fit. */
  private Node copy(byte[] key, byte[] value, int height) {
    int length = key.length + value.length;
    byte[] buf;
    int off;
    if (length > SLAB / 4) {
      buf = new byte[length];
      off = 0;
    } else {
      if (slabUsed + length > slab.length) {
        slab = new byte[SLAB];
        slabUsed = 0;
      }
      buf = slab;
      off = slabUsed;
      slabUsed += length;
    }
    System.arraycopy(key, 0, buf, off, key.length);
    System.arraycopy(value, 0, buf, off + key.length, value.length);
    return new Node(buf, off, key.length, value.length, height);
  }

  /** The node of {@code key}, or null. */
  Node find(byte[] key) {
    Node n = ceiling(key);
    return n != null && n.compareTo(key) == 0 ? n : null;
  }

  /**
   * The first node whose key is at least {@code key}, or null. It returns the node the level-0 walk
   * stopped at, never a second read of {@code x.next(0)}: the writer may link a node between x and
   * that node meanwhile, and a re-read would return it, smaller than {@code key} (find then missed a
   * key that was there).
   */
  Node ceiling(byte[] key) {
    Node largest = last;
    if (largest == null || largest.compareTo(key) < 0) {
      return null; // every key linked before this call began is below key (or there is none)
    }
    Node x = head;
    Node n = null;
    for (int l = height - 1; l >= 0; l--) {
      while ((n = x.next(l)) != null && n.compareTo(key) < 0) {
        x = n;
      }
    }
    return n;
  }

  /**
   * The entries with {@code from <= key < to} in key order; null bounds are open. Sees every entry
   * linked before it reaches its place, and may or may not see one linked later.
   */
  Iterator<Node> iterator(byte[] from, byte[] to) {
    Node first = from == null ? head.next(0) : ceiling(from);
    return new Iterator<>() {
      private Node n = first;

      @Override
      public boolean hasNext() {
        return n != null && (to == null || n.compareTo(to) < 0);
      }

      @Override
      public Node next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Node r = n;
        n = r.next(0);
        return r;
      }
    };
  }

  /** A height with P(h > k) = 4^-k, capped at {@link #MAX_LEVEL}. */
  private int randomHeight() {
    // xorshift64: the writer's own generator, so no shared state and no allocation.
    long s = seed;
    s ^= s << 13;
    s ^= s >>> 7;
    s ^= s << 17;
    seed = s;
    int h = 1 + Long.numberOfTrailingZeros(s | (1L << (2 * (MAX_LEVEL - 1)))) / 2;
    return Math.min(h, MAX_LEVEL);
  }
}
