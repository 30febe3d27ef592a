package com.blockdb.engine.impl;

import com.blockdb.engine.util.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 */
final class SkipList {

  /** Levels: with one node in four promoted per level, enough for 4^20 entries. */
  static final int MAX_LEVEL = 20;

  private static final VarHandle NEXT = MethodHandles.arrayElementVarHandle(Node[].class);

  /** A key and its value, linked at levels {@code 0..next.length-1}; the entry type of iteration. */
  static final class Node implements Map.Entry<byte[], byte[]> {
    final byte[] key;
    final byte[] value;
    final Node[] next;

    Node(byte[] key, byte[] value, int height) {
      this.key = key;
      this.value = value;
      this.next = new Node[height];
    }

    Node next(int level) {
      return (Node) NEXT.getAcquire(next, level);
    }

    @Override
    public byte[] getKey() {
      return key;
    }

    @Override
    public byte[] getValue() {
      return value;
    }

    @Override
    public byte[] setValue(byte[] v) {
      throw new UnsupportedOperationException("memtable entries are immutable");
    }
  }

  private final Node head = new Node(null, null, MAX_LEVEL);
  /** Levels in use; raised before a taller node is linked, so readers may see it early (harmless). */
  private volatile int height = 1;
  private volatile int size;

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
    if (finger != null && Bytes.compare(key, finger.key) > 0) {
      // Every fingerPath[l] sorts before key: walk right from there. A step right at some level
      // lands past finger, and from then on the node reached is the better start below.
      Node x = null;
      for (int l = top - 1; l >= 0; l--) {
        Node start = x != null ? x : fingerPath[l];
        Node y = start;
        Node n;
        while ((n = y.next(l)) != null && Bytes.compare(n.key, key) < 0) {
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
        while ((n = x.next(l)) != null && Bytes.compare(n.key, key) < 0) {
          x = n;
        }
        preds[l] = x;
      }
    }
    Node after = preds[0].next(0);
    if (after != null && Bytes.compare(after.key, key) == 0) {
      throw new IllegalStateException("key " + Bytes.printable(key) + " is in the memtable already");
    }
    int h = randomHeight();
    if (h > top) {
      for (int l = top; l < h; l++) {
        preds[l] = head;
      }
      height = h;
    }
    Node node = new Node(key, value, h);
    for (int l = 0; l < h; l++) {
      node.next[l] = preds[l].next[l]; // plain: published by the release stores below
    }
    for (int l = 0; l < h; l++) {
      NEXT.setRelease(preds[l].next, l, node);
    }
    size = size + 1;
    // The new finger: the node itself below its height, its predecessors above.
    // Levels at or above the height in use hold head already (set at construction; the height only grows).
    int used = Math.max(h, top);
    for (int l = 0; l < used; l++) {
      fingerPath[l] = l < h ? node : preds[l];
    }
    finger = node;
  }

  /** The value of {@code key}, or null. */
  byte[] get(byte[] key) {
    Node n = ceiling(key);
    return n != null && Bytes.compare(n.key, key) == 0 ? n.value : null;
  }

  /** The first node whose key is at least {@code key}, or null. */
  Node ceiling(byte[] key) {
    Node x = head;
    for (int l = height - 1; l >= 0; l--) {
      Node n;
      while ((n = x.next(l)) != null && Bytes.compare(n.key, key) < 0) {
        x = n;
      }
    }
    return x.next(0);
  }

  /**
   * The entries with {@code from <= key < to} in key order; null bounds are open. Sees every entry
   * linked before it reaches its place, and may or may not see one linked later.
   */
  Iterator<Map.Entry<byte[], byte[]>> iterator(byte[] from, byte[] to) {
    Node first = from == null ? head.next(0) : ceiling(from);
    return new Iterator<>() {
      private Node n = first;

      @Override
      public boolean hasNext() {
        return n != null && (to == null || Bytes.compare(n.key, to) < 0);
      }

      @Override
      public Map.Entry<byte[], byte[]> next() {
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
