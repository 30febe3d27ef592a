package com.blockdb.engine.crash;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-thread intent files a {@link CrashWriter} leaves behind, and how the test reads them.
 *
 * <p>One line per event, each ending with {@code ;} so a line torn by the kill (no {@code ;}) is
 * ignored. Keys never contain spaces or {@code ;}.
 *
 * <pre>
 *   A &lt;n&gt; S &lt;key&gt;;                    attempt n: a single put (value {@link #valueFor})
 *   A &lt;n&gt; B &lt;key&gt; &lt;key&gt; ...;          attempt n: a batch of fresh keys
 *   A &lt;n&gt; D &lt;existing&gt; [&lt;fresh&gt; ...];  attempt n: re-put of a stored key (alone or in a batch with
 *                                      fresh keys): must fail with DuplicateKeyException
 *   A &lt;n&gt; I &lt;key&gt; ...;                attempt n: a batch naming one of its fresh keys twice: must fail
 *   K &lt;n&gt;;                            attempt n returned successfully (acknowledged)
 *   X &lt;n&gt;;                            attempt n failed with DuplicateKeyException
 *   E &lt;n&gt; &lt;message&gt;;                  attempt n (or 0: a read check) failed unexpectedly
 * </pre>
 *
 * Lines are appended with one unbuffered {@code write} each, never fsynced: SIGKILL keeps the page
 * cache, and what matters is the order of "attempted" and "acknowledged" relative to the write.
 */
final class IntentLog implements AutoCloseable {

  private final FileOutputStream out;

  IntentLog(Path file) throws IOException {
    this.out = new FileOutputStream(file.toFile(), true);
  }

  void line(String s) throws IOException {
    out.write((s + ";\n").getBytes(UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** The value written with a fresh key: derived from the key, 8..~330 bytes. */
  static String valueFor(String key) {
    int len = Math.floorMod(key.hashCode() * 31 + 7, 300);
    StringBuilder sb = new StringBuilder(len + key.length() + 8).append("v|").append(key).append('|');
    for (int i = 0; i < len; i++) {
      sb.append((char) ('a' + (i + key.length()) % 26));
    }
    return sb.toString();
  }

  /** The value of a deliberate duplicate re-put (must never be stored). */
  static String duplicateValueFor(String key) {
    return "DUP|" + key;
  }

  static String sanitize(String s) {
    return String.valueOf(s).replace(';', ',').replace('\n', ' ').replace('\r', ' ');
  }

  /** One attempted operation and what became of it. */
  static final class Op {
    final String file;
    final long n;
    final char type;
    final List<String> keys;
    boolean acked;
    boolean duplicateRejected;
    String error;

    Op(String file, long n, char type, List<String> keys) {
      this.file = file;
      this.n = n;
      this.type = type;
      this.keys = keys;
    }

    @Override
    public String toString() {
      return file + " op " + n + " " + type + " " + keys;
    }
  }

  /** The complete lines of one intent file, parsed; torn lines are skipped. */
  static List<Op> read(Path file, List<String> problems) throws IOException {
    String name = file.getFileName().toString();
    String text = new String(Files.readAllBytes(file), UTF_8);
    Map<Long, Op> ops = new HashMap<>();
    List<Op> order = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int li = 0; li < lines.length; li++) {
      String line = lines[li];
      if (!line.endsWith(";")) {
        if (!line.isEmpty() && li != lines.length - 1) {
          problems.add(name + ": malformed line in the middle of the file: " + line);
        }
        continue; // torn last line
      }
      String[] f = line.substring(0, line.length() - 1).split(" ");
      long n = Long.parseLong(f[1]);
      switch (f[0]) {
        case "A" -> {
          List<String> keys = new ArrayList<>();
          for (int i = 3; i < f.length; i++) {
            keys.add(f[i]);
          }
          Op op = new Op(name, n, f[2].charAt(0), List.copyOf(keys));
          if (ops.put(n, op) != null) {
            problems.add(name + ": attempt " + n + " logged twice");
          }
          order.add(op);
        }
        case "K", "X", "E" -> {
          Op op = ops.get(n);
          if (op == null) {
            if (f[0].equals("E")) {
              problems.add(name + ": child reported an unexpected error: " + line);
            } else {
              problems.add(name + ": outcome without an attempt: " + line);
            }
            continue;
          }
          if (op.acked || op.duplicateRejected || op.error != null) {
            problems.add(name + ": two outcomes for attempt " + n);
          }
          if (f[0].equals("K")) {
            op.acked = true;
          } else if (f[0].equals("X")) {
            op.duplicateRejected = true;
          } else {
            op.error = line;
          }
        }
        default -> problems.add(name + ": unknown line " + line);
      }
    }
    return order;
  }
}
