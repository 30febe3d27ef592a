package com.blockdb.server.auth;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.util.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The users and their roles as a versioned history in the ledger: every change is one entry of the
 * reserved engine table {@value #TABLE_ID} (format: {@link UserChangeCodec}), written once and never
 * overwritten, so the current state of a user is the fold of its entries and every access change is
 * covered by the ledger's digests and proofs like any row.
 *
 * <p>Thread-safe: readers see an immutable snapshot, swapped after each write; writes are serialized
 * on this object, and a change is planned against the state under that lock, so two admins cannot
 * interleave a check and a write. One instance per database. Changes written through another node
 * of a cluster reach this one through {@link #invalidate} (the node reports every change of the
 * users table): the next read reloads. A change planned against a state another node changed
 * meanwhile is refused by the engine (that version of the user exists), reloaded and planned again.
 */
final class UserLedger {
  /**
   * The engine table id of the users ledger: the first reserved id after the KV table (0) and the
   * SQL catalog (1); ids below {@code Tables.FIRST_USER_TABLE} are never given to SQL tables.
   */
  static final int TABLE_ID = com.blockdb.engine.Tables.USERS;

  /** Decides the entries one change writes, from the state under the write lock. */
  @FunctionalInterface
  interface Plan {
    /**
     * The values to append for the user (in order; none to change nothing).
     *
     * @param current the user now, or null if it does not exist
     * @param all every user now, by name
     * @throws UserManagementException to refuse the change; nothing is written
     */
    List<UserChangeCodec.Value> plan(UserState current, Map<String, UserState> all);
  }

  /** Everything read so far: state and history per user, by name. */
  private record Snapshot(Map<String, UserState> users, Map<String, List<UserChange>> histories) {}

  /** Attempts of one change when other writers keep taking the user's next version. */
  private static final int MAX_ATTEMPTS = 3;

  private final BlockDb engine;
  private volatile Snapshot snapshot;
  /** Changes reported by {@link #invalidate}, and how many of them {@link #snapshot} reflects. */
  private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
  private volatile long loaded;

  UserLedger(BlockDb engine) {
    this.engine = engine;
    this.snapshot = load(engine);
  }

  private static Snapshot load(BlockDb engine) {
    Map<String, List<UserChange>> histories = new TreeMap<>();
    byte[] prefix = UserChangeCodec.allPrefix();
    // What this engine holds, with no cluster read barrier: reloads follow changes applied here.
    try (EntryIterator it = engine.scan(TABLE_ID, prefix, Bytes.prefixEnd(prefix), Long.MAX_VALUE)) {
      while (it.hasNext()) {
        UserChange c = decode(it.next());
        histories.computeIfAbsent(c.user(), u -> new ArrayList<>()).add(c);
      }
    }
    Map<String, UserState> users = new TreeMap<>();
    for (Map.Entry<String, List<UserChange>> h : histories.entrySet()) {
      UserState s = null;
      for (UserChange c : h.getValue()) {
        try {
          s = UserState.apply(s, c);
        } catch (IllegalArgumentException e) {
          throw corrupt(UserChangeCodec.key(c.user(), c.version()), c.sequence(), e.getMessage());
        }
      }
      users.put(h.getKey(), s);
      h.setValue(List.copyOf(h.getValue()));
    }
    return new Snapshot(Collections.unmodifiableMap(users), Collections.unmodifiableMap(histories));
  }

  private static UserChange decode(Entry e) {
    try {
      UserChangeCodec.Key k = UserChangeCodec.decodeKey(e.key());
      UserChangeCodec.Value v = UserChangeCodec.decodeValue(e.value());
      return new UserChange(e.sequence(), Instant.ofEpochMilli(e.commitTimestamp()), e.principal(),
          k.user(), k.version(), v.kind(), v.roles(), v.password());
    } catch (IllegalArgumentException ex) {
      throw corrupt(e.key(), e.sequence(), ex.getMessage());
    }
  }

  private static BlockDbException corrupt(byte[] key, long sequence, String problem) {
    return new BlockDbException(ErrorCode.CORRUPTION, "users ledger (table " + TABLE_ID + "), entry '"
        + Bytes.printable(key) + "' at sequence " + sequence + ": " + problem);
  }

  /** The users table changed under this ledger (written through another cluster node): reload on next read. */
  void invalidate() {
    changes.incrementAndGet();
  }

  private Snapshot current() {
    if (loaded != changes.get()) {
      reload();
    }
    return snapshot;
  }

  /**
   * Reloads unless another thread did meanwhile; readers wait for a reload in progress rather than
   * use the old state, and a change reported during the read leaves it out of date again.
   */
  private synchronized void reload() {
    long now = changes.get();
    if (loaded != now) {
      snapshot = load(engine);
      loaded = now;
    }
  }

  /** Whether no user was ever created. */
  boolean isEmpty() {
    return current().users.isEmpty();
  }

  /** Every user now (disabled ones included), by name. */
  Map<String, UserState> users() {
    return current().users;
  }

  /** A user now, or null if it never existed. */
  UserState user(String name) {
    return current().users.get(name);
  }

  /** A user's changes in version order (empty if it never existed). */
  List<UserChange> history(String name) {
    return current().histories.getOrDefault(name, List.of());
  }

  /** Every user's changes in ledger order (by sequence). */
  List<UserChange> history() {
    List<UserChange> all = new ArrayList<>();
    current().histories.values().forEach(all::addAll);
    all.sort(Comparator.comparingLong(UserChange::sequence));
    return all;
  }

  /**
   * A user as of ledger sequence {@code sequence}: the fold of its changes with a sequence at most
   * that; null if it did not exist yet.
   */
  UserState stateAt(String name, long sequence) {
    UserState s = null;
    for (UserChange c : history(name)) {
      if (c.sequence() > sequence) {
        break;
      }
      s = UserState.apply(s, c);
    }
    return s;
  }

  /**
   * Plans and appends one change of {@code user} as one atomic ledger transaction written by
   * {@code actor}; returns the user's new state (the current one if the plan wrote nothing).
   */
  synchronized UserState change(String user, String actor, Plan plan) {
    for (int attempt = 1; ; attempt++) {
      Snapshot s = current();
      UserState current = s.users.get(user);
      List<UserChangeCodec.Value> values = plan.plan(current, s.users);
      if (values.isEmpty()) {
        return current;
      }
      int version = current == null ? 0 : current.version();
      WriteBatch batch = new WriteBatch();
      List<byte[]> keys = new ArrayList<>();
      for (UserChangeCodec.Value v : values) {
        byte[] key = UserChangeCodec.key(user, ++version);
        keys.add(key);
        batch.putOwned(TABLE_ID, key, UserChangeCodec.encodeValue(v));
      }
      try {
        engine.write(batch, actor);
      } catch (DuplicateKeyException e) {
        // Another writer (a cluster node) took that version: plan again on what it wrote.
        invalidate();
        if (attempt < MAX_ATTEMPTS) {
          continue;
        }
        throw new IllegalStateException("users ledger: version " + (current == null ? 1 : current.version() + 1)
            + " of user '" + user + "' was written by another writer of this database " + MAX_ATTEMPTS
            + " times in a row; try again", e);
      }
      // The ledger assigned sequence and time: read them back, so memory holds exactly what is stored.
      UserState next = current;
      List<UserChange> history = new ArrayList<>(s.histories.getOrDefault(user, List.of()));
      for (byte[] key : keys) {
        UserChange c = decode(engine.getEntry(TABLE_ID, key, Long.MAX_VALUE));
        next = UserState.apply(next, c);
        history.add(c);
      }
      Map<String, UserState> users = new TreeMap<>(s.users);
      users.put(user, next);
      Map<String, List<UserChange>> histories = new TreeMap<>(s.histories);
      histories.put(user, List.copyOf(history));
      snapshot = new Snapshot(Collections.unmodifiableMap(users), Collections.unmodifiableMap(histories));
      return next;
    }
  }
}
