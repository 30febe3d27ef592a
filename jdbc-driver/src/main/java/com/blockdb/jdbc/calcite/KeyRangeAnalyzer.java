package com.blockdb.jdbc.calcite;

import com.blockdb.engine.util.Bytes;
import com.blockdb.jdbc.schema.ColumnType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.NlsString;

/**
 * Turns a scan's filters into the narrowest {@link KeyRange} that still holds every row they
 * accept: equalities (and IN lists) on the leading key columns, then one range or
 * {@code LIKE 'prefix%'} on the next. Filters it does not understand are ignored (Calcite applies
 * them all afterwards anyway), so a wrong guess can only make a scan wider, never drop a row.
 */
final class KeyRangeAnalyzer {
  /** At most this many point gets from IN lists before falling back to a range. */
  private static final int MAX_POINTS = 1000;

  private KeyRangeAnalyzer() {}

  /** One comparison {@code key column op value} found among the filters. */
  private record Cond(int keyIndex, SqlKind op, Object value, String likePrefix, List<Object> inValues) {}

  static KeyRange analyze(KeySpace ks, List<RexNode> filters, DataContext root) {
    if (filters.isEmpty()) {
      return KeyRange.ALL;
    }
    try {
      return narrow(ks, filters, root);
    } catch (com.blockdb.jdbc.error.SqlStateException e) {
      return KeyRange.ALL; // a bound that cannot be encoded (e.g. too long): scan wide, Calcite filters
    }
  }

  private static KeyRange narrow(KeySpace ks, List<RexNode> filters, DataContext root) {
    RexBuilder rexBuilder = new RexBuilder(root.getTypeFactory());
    List<Cond> conds = new ArrayList<>();
    for (RexNode f : filters) {
      for (RexNode c : RelOptUtil.conjunctions(RexUtil.expandSearch(rexBuilder, null, f))) {
        Cond cond = condition(ks, c, root);
        if (cond != null) {
          conds.add(cond);
        }
      }
    }
    int n = ks.keyColumnCount();
    List<Object[]> prefixes = new ArrayList<>();
    prefixes.add(new Object[0]);
    int k = 0;
    for (; k < n; k++) {
      Cond eq = find(conds, k, SqlKind.EQUALS);
      Cond in = find(conds, k, SqlKind.IN);
      List<Object> values;
      if (eq != null) {
        values = List.of(eq.value);
      } else if (in != null && prefixes.size() * in.inValues.size() <= MAX_POINTS) {
        values = in.inValues;
      } else {
        break;
      }
      List<Object[]> next = new ArrayList<>();
      for (Object[] p : prefixes) {
        for (Object v : values) {
          Object[] q = Arrays.copyOf(p, p.length + 1);
          q[p.length] = v;
          next.add(q);
        }
      }
      prefixes = next;
    }
    if (k == n) {
      List<byte[]> keys = new ArrayList<>();
      for (Object[] p : prefixes) {
        keys.add(ks.encodeKey(p));
      }
      keys.sort(Bytes::compare);
      List<byte[]> distinct = new ArrayList<>();
      for (byte[] key : keys) {
        if (distinct.isEmpty() || !Arrays.equals(distinct.get(distinct.size() - 1), key)) {
          distinct.add(key);
        }
      }
      return KeyRange.points(distinct);
    }
    if (prefixes.size() != 1) {
      // An IN list on a leading column followed by a range: cover all of them with one range.
      return coverRange(ks, prefixes);
    }
    Object[] fixed = prefixes.get(0);
    byte[] base = fixed.length == 0 ? null : ks.encodePrefix(fixed);
    byte[] from = base;
    byte[] to = base == null ? null : Bytes.prefixEnd(base);
    // LIKE 'prefix%' on the next column
    for (Cond c : conds) {
      if (c.keyIndex == k && c.likePrefix != null) {
        byte[] p = ks.encodeStringPrefix(fixed, c.likePrefix);
        if (p != null && p.length > 0) {
          return KeyRange.range(p, Bytes.prefixEnd(p));
        }
      }
    }
    Object lower = null;
    Object upper = null;
    for (Cond c : conds) {
      if (c.keyIndex != k || c.value == null || !ks.rangeable(k, c.value)) {
        continue;
      }
      switch (c.op) {
        case GREATER_THAN:
        case GREATER_THAN_OR_EQUAL:
          if (lower == null || compare(ks, fixed, c.value, lower) > 0) {
            lower = c.value;
          }
          break;
        case LESS_THAN:
        case LESS_THAN_OR_EQUAL:
          if (upper == null || compare(ks, fixed, c.value, upper) < 0) {
            upper = c.value;
          }
          break;
        default:
          break;
      }
    }
    // Bounds are inclusive whatever the operator: the range stays a superset, Calcite filters exactly.
    if (lower != null) {
      from = ks.encodePrefix(append(fixed, lower));
    }
    if (upper != null) {
      to = Bytes.prefixEnd(ks.encodePrefix(append(fixed, upper)));
    }
    return from == null && to == null ? KeyRange.ALL : KeyRange.range(from, to);
  }

  private static KeyRange coverRange(KeySpace ks, List<Object[]> prefixes) {
    byte[] lo = null;
    byte[] hi = null;
    for (Object[] p : prefixes) {
      byte[] b = ks.encodePrefix(p);
      byte[] e = Bytes.prefixEnd(b);
      if (lo == null || Bytes.compare(b, lo) < 0) {
        lo = b;
      }
      if (e == null || hi == null || Bytes.compare(e, hi) > 0) {
        hi = e;
      }
    }
    return KeyRange.range(lo, hi);
  }

  private static int compare(KeySpace ks, Object[] fixed, Object a, Object b) {
    return Bytes.compare(ks.encodePrefix(append(fixed, a)), ks.encodePrefix(append(fixed, b)));
  }

  private static Object[] append(Object[] fixed, Object v) {
    Object[] q = Arrays.copyOf(fixed, fixed.length + 1);
    q[fixed.length] = v;
    return q;
  }

  private static Cond find(List<Cond> conds, int k, SqlKind op) {
    for (Cond c : conds) {
      if (c.keyIndex == k && c.op == op) {
        return c;
      }
    }
    return null;
  }

  /** A condition on a key column, or null if {@code node} is not one we can use. */
  private static Cond condition(KeySpace ks, RexNode node, DataContext root) {
    if (!(node instanceof RexCall call)) {
      return null;
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case EQUALS:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL: {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        int k = keyIndex(ks, a);
        if (k < 0) {
          k = keyIndex(ks, b);
          if (k < 0) {
            return null;
          }
          RexNode t = a;
          a = b;
          b = t;
          kind = kind.reverse();
        }
        Object v = value(b, root);
        if (v == null) {
          return null;
        }
        Object exact = ks.exactKeyValue(k, v);
        if (exact == null) {
          return null;
        }
        return new Cond(k, kind, exact, null, null);
      }
      case LIKE: {
        if (call.getOperands().size() != 2) {
          return null; // LIKE ... ESCAPE: not pushed down
        }
        int k = keyIndex(ks, call.getOperands().get(0));
        Object p = value(call.getOperands().get(1), root);
        if (k < 0 || !(p instanceof String pattern) || ks.keyColumn(k).type() != ColumnType.VARCHAR) {
          return null;
        }
        String prefix = likePrefix(pattern);
        return prefix == null ? null : new Cond(k, SqlKind.LIKE, null, prefix, null);
      }
      case OR: {
        // x = a OR x = b OR ... (what IN lists become after expandSearch)
        int k = -1;
        List<Object> values = new ArrayList<>();
        for (RexNode d : call.getOperands()) {
          Cond c = condition(ks, d, root);
          if (c == null || c.op != SqlKind.EQUALS || (k >= 0 && c.keyIndex != k)) {
            return null;
          }
          k = c.keyIndex;
          values.add(c.value);
        }
        return k < 0 ? null : new Cond(k, SqlKind.IN, null, null, values);
      }
      default:
        return null;
    }
  }

  /** The literal prefix of a pattern {@code 'abc%'} with no other wildcard, or null. */
  static String likePrefix(String pattern) {
    int pct = pattern.indexOf('%');
    if (pct < 0 || pct != pattern.length() - 1) {
      return null;
    }
    String prefix = pattern.substring(0, pct);
    if (prefix.indexOf('_') >= 0 || prefix.isEmpty()) {
      return null;
    }
    return prefix;
  }

  private static int keyIndex(KeySpace ks, RexNode node) {
    if (!(node instanceof RexInputRef ref)) {
      return -1;
    }
    for (int i = 0; i < ks.keyColumnCount(); i++) {
      if (ks.keyColumnPosition(i) == ref.getIndex()) {
        return i;
      }
    }
    return -1;
  }

  /** The Java value of a literal or bound parameter (unwrapping a CAST), or null. */
  private static Object value(RexNode node, DataContext root) {
    if (node instanceof RexCall cast && cast.getKind() == SqlKind.CAST) {
      return null; // a cast's result is Calcite's to compute; stay wide rather than guess
    }
    if (node instanceof RexDynamicParam p) {
      return root.get(p.getName());
    }
    if (node instanceof RexLiteral lit) {
      if (lit.isNull()) {
        return null;
      }
      switch (lit.getType().getSqlTypeName()) {
        case CHAR:
        case VARCHAR:
          NlsString s = lit.getValueAs(NlsString.class);
          return s == null ? null : s.getValue();
        case BOOLEAN:
          return lit.getValueAs(Boolean.class);
        case TINYINT:
        case SMALLINT:
        case INTEGER:
        case BIGINT:
        case DECIMAL:
          return lit.getValueAs(BigDecimal.class);
        case DOUBLE:
        case FLOAT:
        case REAL:
          return lit.getValueAs(Double.class);
        case DATE:
        case TIME:
          return lit.getValueAs(Integer.class);
        case TIMESTAMP:
          return lit.getValueAs(Long.class);
        case BINARY:
        case VARBINARY:
          return lit.getValueAs(ByteString.class);
        default:
          return null;
      }
    }
    return null;
  }
}
