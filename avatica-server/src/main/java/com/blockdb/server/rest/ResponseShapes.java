package com.blockdb.server.rest;

import com.blockdb.engine.Digest;
import com.blockdb.engine.Entry;
import com.blockdb.engine.Options;
import com.blockdb.engine.Stats;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.util.Bytes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** The JSON documents the REST API answers with (docs/API.md gives each field). */
final class ResponseShapes {
  private ResponseShapes() {}

  /**
   * {@code key} as text, or as base64 with {@code key_encoding: "base64"} when it is not UTF-8, so
   * the client always gets the exact bytes back.
   */
  static void putKey(ObjectNode node, byte[] key) {
    String text = utf8OrNull(key);
    if (text != null) {
      node.put("key", text);
    } else {
      node.put("key", Base64Values.encode(key));
      node.put("key_encoding", "base64");
    }
  }

  /**
   * An entry of the KV table. The value is UTF-8 text unless {@code base64} is asked for, or the
   * value is not valid UTF-8: then it is base64, and {@code encoding} says so, rather than text
   * with replacement characters that would not be the stored bytes.
   */
  static ObjectNode entry(Entry e, long blockHeight, boolean base64) {
    ObjectNode n = JsonResponses.object();
    putKey(n, e.key());
    String text = base64 ? null : utf8OrNull(e.value());
    n.put("value", text != null ? text : Base64Values.encode(e.value()));
    n.put("encoding", text != null ? "utf8" : "base64");
    n.put("sequence", e.sequence());
    n.put("timestamp", e.commitTimestamp());
    n.put("principal", e.principal());
    if (blockHeight >= 0) {
      n.put("block", blockHeight);
    }
    return n;
  }

  static ObjectNode stats(Stats s) {
    ObjectNode n = JsonResponses.object();
    n.put("entries", s.entries());
    n.put("blocks", s.blocks());
    n.put("height", s.height());
    n.put("pending_entries", s.pendingEntries());
    n.put("sstables", s.sstables());
    n.put("sstable_bytes", s.sstableBytes());
    n.put("memtable_bytes", s.memtableBytes());
    n.put("wal_segments", s.walSegments());
    n.put("wal_bytes", s.walBytes());
    n.put("ledger_bytes", s.ledgerBytes());
    n.put("disk_bytes", s.diskBytes());
    n.put("fsyncs", s.fsyncs());
    n.put("commits", s.commits());
    n.put("flushes", s.flushes());
    n.put("compactions", s.compactions());
    n.put("stall_millis", s.stallMillis());
    n.put("point_gets", s.pointGets());
    n.put("data_blocks_read", s.dataBlocksRead());
    n.put("entries_scanned", s.entriesScanned());
    if (s.digest() != null) {
      n.set("digest", digest(s.digest()));
    }
    n.put("read_only", s.readOnlyReason() != null);
    if (s.readOnlyReason() != null) {
      n.put("read_only_reason", s.readOnlyReason());
    }
    if (s.durabilityWarning() != null) {
      n.put("durability_warning", s.durabilityWarning());
    }
    Options o = s.options();
    ObjectNode cfg = n.putObject("config");
    cfg.put("memtable_size_limit", o.memtableSizeLimit());
    cfg.put("wal_sync_interval", o.walSyncIntervalMs());
    cfg.put("compaction_threshold", o.compactionThreshold());
    cfg.put("blockchain_batch_size", o.blockchainBatchSize());
    cfg.put("block_interval_ms", o.blockIntervalMs());
    return n;
  }

  /** The digest fields, as {@link Digest#toJson()} names them. */
  static ObjectNode digest(Digest d) {
    ObjectNode n = JsonResponses.object();
    n.put("format", Digest.FORMAT);
    n.put("block_count", d.blockCount());
    n.put("height", d.blockCount() - 1);
    n.put("root", Bytes.hex(d.root()));
    return n;
  }

  static ObjectNode verify(VerifyResult r, Digest saved) {
    ObjectNode n = JsonResponses.object();
    n.put("ok", r.ok());
    n.put("blocks_verified", r.blocksChecked());
    n.put("entries_verified", r.entriesChecked());
    n.put("millis", r.millis());
    if (r.badBlock() >= 0) {
      n.put("first_bad_block", r.badBlock());
    }
    if (r.badKey() != null) {
      n.put("bad_key", r.badKey());
    }
    if (r.file() != null) {
      // The file's name only: where the data directory lives is the operator's business.
      String f = r.file();
      n.put("file", f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1));
    }
    if (saved != null) {
      n.set("saved_digest", digest(saved));
    }
    n.put("message", r.message());
    return n;
  }

  /** A verification that could not even walk the ledger (damage that stops it). */
  static ObjectNode verifyFailed(String message, long millis, Digest saved) {
    return verify(new VerifyResult(false, 0, 0, -1, null, null, message, millis), saved);
  }

  private static String utf8OrNull(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
