package com.blockdb.jdbc.pushdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Disabled;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * Push-down never changes an answer: on random tables with composite primary keys of every key
 * type, random rows full of ordering traps and random key predicates (literals and parameters),
 * the default driver returns exactly the rows of {@code pushdown=false;fastpath=false}; a plain
 * single-table scan returns rows in primary key order, the order {@code ORDER BY} the key gives;
 * and a key equal to a stored one after normalization (-0.0 and 0.0, CHAR padding) is a duplicate.
 */
class PushDownEquivalenceProperties {
  private static final AtomicLong DATABASES = new AtomicLong();
  /**
   * Whether predicates may compare with NaN. Off while the point-SELECT fast path returns the NaN row
   * for {@code pk = ?} bound to NaN where Calcite (NaN = NaN is false) returns none; see
   * {@link #aNaNParameterFindsTheSameRowsWithAndWithoutTheFastPath}. NaN stays among the stored rows.
   */
  private static final boolean NAN_IN_PREDICATES = true;

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void pushDownAndFastPathsNeverChangeResults(@ForAll long seed) throws SQLException {
    Random rnd = new Random(seed);
    Table t = Table.random(rnd);
    String name = "mem:pushdown" + DATABASES.incrementAndGet();
    try (Connection fast = DriverManager.getConnection("jdbc:blockdb:" + name);
        Connection slow = DriverManager.getConnection("jdbc:blockdb:" + name + ";pushdown=false;fastpath=false")) {
      try (Statement s = fast.createStatement()) {
        s.executeUpdate(t.ddl());
      }
      List<Object[]> rows = t.insertRandomRows(fast, rnd, 1 + rnd.nextInt(25));
      String context = t.ddl() + " rows=" + rows.stream().map(Table::show).toList();

      // A duplicate after normalization (0.0 for -0.0, CHAR padded) is refused and writes nothing.
      Object[] twin = t.equivalentTwin(rows.get(rnd.nextInt(rows.size())));
      if (twin != null) {
        try (PreparedStatement ps = fast.prepareStatement(t.insertSql())) {
          t.bind(ps, twin);
          ps.executeUpdate();
          throw new AssertionError("duplicate key accepted: " + Table.show(twin) + " in " + context);
        } catch (SQLException e) {
          assertThat(e.getSQLState()).as("%s: %s", e.getMessage(), context).isEqualTo("23505");
        }
      }

      // Natural scan order is primary key order.
      List<String> natural = query(fast, "SELECT " + t.columnList() + " FROM T", List.of());
      List<String> ordered = query(fast, "SELECT " + t.columnList() + " FROM T ORDER BY " + t.keyList(), List.of());
      assertThat(natural).as("scan order vs ORDER BY key: %s", context).isEqualTo(ordered);
      assertThat(natural).as("row count: %s", context).hasSize(rows.size());
      assertThat(query(slow, "SELECT " + t.columnList() + " FROM T", List.of()))
          .as("full scan order: %s", context).isEqualTo(ordered);

      for (int q = 0; q < 4; q++) {
        List<Object> params = new ArrayList<>();
        boolean useParams = rnd.nextBoolean();
        String where = t.predicate(rnd, rows, useParams ? params : null, 2);
        String sql = "SELECT " + t.columnList() + " FROM T WHERE " + where;
        Outcome expected = outcome(slow, sql + " ORDER BY " + t.keyList(), params);
        Outcome actual = outcome(fast, sql + " ORDER BY " + t.keyList(), params);
        assertThat(actual).as("%s params=%s%n%s", sql, Table.show(params.toArray()), context).isEqualTo(expected);
        if (expected.rows != null) {
          // Without ORDER BY the rows still come in key order.
          assertThat(outcome(fast, sql, params)).as("unordered %s params=%s%n%s", sql, Table.show(params.toArray()), context)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Example
  void aNaNParameterFindsTheSameRowsWithAndWithoutTheFastPath() throws SQLException {
    String name = "mem:nan" + DATABASES.incrementAndGet();
    try (Connection fast = DriverManager.getConnection("jdbc:blockdb:" + name);
        Connection slow = DriverManager.getConnection("jdbc:blockdb:" + name + ";fastpath=false")) {
      try (Statement s = fast.createStatement()) {
        s.executeUpdate("CREATE TABLE T (K DOUBLE PRIMARY KEY, V INTEGER)");
        s.executeUpdate("INSERT INTO T VALUES (CAST('NaN' AS DOUBLE), 1), (1.5E0, 2)");
      }
      String sql = "SELECT K, V FROM T WHERE K = ?";
      assertThat(outcome(fast, sql, List.of(Double.NaN))).isEqualTo(outcome(slow, sql, List.of(Double.NaN)));
    }
  }

  /** Rows of a query, or the SQLState it failed with. */
  private record Outcome(List<String> rows, String sqlState) {}

  private static Outcome outcome(Connection c, String sql, List<Object> params) {
    try {
      return new Outcome(query(c, sql, params), null);
    } catch (SQLException e) {
      return new Outcome(null, e.getSQLState() + " " + e.getMessage());
    }
  }

  private static List<String> query(Connection c, String sql, List<Object> params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder sb = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            sb.append(i > 1 ? "|" : "").append(Table.showValue(rs.getObject(i)));
          }
          out.add(sb.toString());
        }
      }
      return out;
    }
  }

  /** A key column's SQL type and how to make, normalize, render and bind its values. */
  private record Col(String name, String kind, int p, int s) {
    String sqlType() {
      return switch (kind) {
        case "CHAR" -> "CHAR(" + p + ")";
        case "VARCHAR" -> "VARCHAR(12)";
        case "VARBINARY" -> "VARBINARY(8)";
        case "DECIMAL" -> "DECIMAL(" + p + "," + s + ")";
        default -> kind;
      };
    }

    Object randomValue(Random r) {
      switch (kind) {
        case "VARCHAR": {
          String[] traps = {"", " ", "a", "a ", "a  ", "ab", "b", "Z", "\uD83D\uDE00", "\uE000", "\uFFFF", "\u00e9",
              "a\uD83D\uDE00", "a\uFFFF", "%", "_", "a%b", "it's"};
          return traps[r.nextInt(traps.length)];
        }
        case "CHAR": {
          String[] parts = {"a", "b", " ", "\uE000", "A"};
          StringBuilder sb = new StringBuilder();
          int len = r.nextInt(p + 1);
          for (int i = 0; i < len; i++) {
            sb.append(parts[r.nextInt(parts.length)]);
          }
          return sb.toString();
        }
        case "INTEGER": {
          int[] traps = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, -1000, 255, 256};
          return r.nextBoolean() ? traps[r.nextInt(traps.length)] : r.nextInt(41) - 20;
        }
        case "BIGINT": {
          long[] traps = {Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE, 1L << 40, -(1L << 40)};
          return r.nextBoolean() ? traps[r.nextInt(traps.length)] : (long) (r.nextInt(41) - 20);
        }
        case "DECIMAL": {
          BigInteger max = BigInteger.TEN.pow(p).subtract(BigInteger.ONE);
          BigInteger unscaled = switch (r.nextInt(4)) {
            case 0 -> max;
            case 1 -> max.negate();
            case 2 -> BigInteger.ZERO;
            default -> BigInteger.valueOf(r.nextInt(2001) - 1000).mod(max.add(BigInteger.ONE))
                .multiply(BigInteger.valueOf(r.nextBoolean() ? 1 : -1));
          };
          return new BigDecimal(unscaled, s);
        }
        case "DOUBLE": {
          double[] traps = {-0.0, 0.0, Double.NaN, 1.5, -1.5, Double.MIN_VALUE, -Double.MAX_VALUE, 1e300,
              Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 2.0};
          return traps[r.nextInt(traps.length)];
        }
        case "DATE":
          return LocalDate.of(1960 + r.nextInt(3) * 5, 1 + r.nextInt(12), 1 + r.nextInt(28));
        case "TIMESTAMP":
          return LocalDateTime.of(1969 + r.nextInt(3), 12, 31, 23, 59, r.nextInt(60), r.nextInt(3) * 1_000_000);
        case "BOOLEAN":
          return r.nextBoolean();
        case "VARBINARY": {
          byte[][] traps = {{}, {0}, {0, 0}, {(byte) 0xFF}, {1}, {(byte) 0x80}, {0x7F}, {0, (byte) 0xFF}, {1, 2, 3}};
          return traps[r.nextInt(traps.length)].clone();
        }
        default:
          throw new IllegalStateException(kind);
      }
    }

    /** The value as the column stores it, for duplicate detection. */
    Object normalized(Object v) {
      return switch (kind) {
        case "CHAR" -> String.format("%-" + p + "s", v);
        case "DOUBLE" -> ((Double) v) == 0.0 ? 0.0 : v;
        case "VARBINARY" -> HexFormat.of().formatHex((byte[]) v);
        default -> v;
      };
    }

    /** Another value that the column stores as the same key, or null if this one has none. */
    Object twin(Object v) {
      if (kind.equals("CHAR") && ((String) v).length() < p) {
        return v + " ";
      }
      if (kind.equals("CHAR") && ((String) v).endsWith(" ")) {
        return ((String) v).stripTrailing();
      }
      if (kind.equals("DOUBLE") && ((Double) v) == 0.0) {
        return Double.compare((Double) v, 0.0) == 0 ? -0.0 : 0.0;
      }
      if (kind.equals("DECIMAL")) {
        return ((BigDecimal) v).setScale(s + 1); // a trailing zero more: rescaled to s, the same key
      }
      return null;
    }

    /** A SQL literal for the value, or null if it has none (then a parameter is used). */
    String literal(Object v) {
      switch (kind) {
        case "VARCHAR":
        case "CHAR":
          return "'" + ((String) v).replace("'", "''") + "'";
        case "INTEGER":
        case "BIGINT":
          return v.toString();
        case "DECIMAL":
          return ((BigDecimal) v).toPlainString();
        case "DOUBLE": {
          double d = (Double) v;
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            return null;
          }
          return Double.toString(d).replace("E", "E").contains("E") ? Double.toString(d) : Double.toString(d) + "E0";
        }
        case "DATE":
          return "DATE '" + v + "'";
        case "TIMESTAMP":
          return "TIMESTAMP '" + java.sql.Timestamp.valueOf((LocalDateTime) v) + "'";
        case "BOOLEAN":
          return v.toString().toUpperCase();
        case "VARBINARY":
          return "X'" + HexFormat.of().formatHex((byte[]) v) + "'";
        default:
          throw new IllegalStateException(kind);
      }
    }

    /** The JDBC object to bind for the value. */
    Object jdbc(Object v) {
      return switch (kind) {
        case "DATE" -> java.sql.Date.valueOf((LocalDate) v);
        case "TIMESTAMP" -> java.sql.Timestamp.valueOf((LocalDateTime) v);
        default -> v;
      };
    }
  }

  /** A random table T(key columns..., V) with its primary key over the key columns. */
  private record Table(List<Col> keys) {
    private static final String[] KINDS = {"VARCHAR", "CHAR", "INTEGER", "BIGINT", "DECIMAL", "DOUBLE", "DATE",
        "TIMESTAMP", "BOOLEAN", "VARBINARY"};

    static Table random(Random r) {
      int n = 1 + r.nextInt(3);
      List<Col> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String kind = KINDS[r.nextInt(KINDS.length)];
        int p = kind.equals("CHAR") ? 1 + r.nextInt(3) : kind.equals("DECIMAL") ? 1 + r.nextInt(38) : 0;
        int s = kind.equals("DECIMAL") ? r.nextInt(Math.min(p, 6) + 1) : 0;
        keys.add(new Col("K" + i, kind, p, s));
      }
      return new Table(keys);
    }

    String ddl() {
      return "CREATE TABLE T (" + keys.stream().map(c -> c.name + " " + c.sqlType()).collect(Collectors.joining(", "))
          + ", V INTEGER, PRIMARY KEY (" + keyList() + "))";
    }

    String keyList() {
      return keys.stream().map(Col::name).collect(Collectors.joining(", "));
    }

    String columnList() {
      return keyList() + ", V";
    }

    String insertSql() {
      return "INSERT INTO T (" + columnList() + ") VALUES (" + "?, ".repeat(keys.size()) + "?)";
    }

    void bind(PreparedStatement ps, Object[] row) throws SQLException {
      for (int i = 0; i < keys.size(); i++) {
        ps.setObject(i + 1, keys.get(i).jdbc(row[i]));
      }
      ps.setObject(keys.size() + 1, row[keys.size()]);
    }

    /** Inserts up to {@code n} rows with keys distinct after normalization, as one batch. */
    List<Object[]> insertRandomRows(Connection c, Random r, int n) throws SQLException {
      Set<List<Object>> seen = new HashSet<>();
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < n * 3 && rows.size() < n; i++) {
        Object[] row = new Object[keys.size() + 1];
        List<Object> norm = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
          row[k] = keys.get(k).randomValue(r);
          norm.add(keys.get(k).normalized(row[k]));
        }
        row[keys.size()] = rows.size();
        if (seen.add(norm)) {
          rows.add(row);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(insertSql())) {
        for (Object[] row : rows) {
          bind(ps, row);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertThat(counts).hasSize(rows.size());
      }
      return rows;
    }

    Object[] equivalentTwin(Object[] row) {
      Object[] twin = row.clone();
      for (int k = 0; k < keys.size(); k++) {
        Object t = keys.get(k).twin(row[k]);
        if (t != null) {
          twin[k] = t;
          twin[keys.size()] = -1;
          return twin;
        }
      }
      return null;
    }

    /** A random predicate over the key columns; values come from stored rows or fresh random ones. */
    String predicate(Random r, List<Object[]> rows, List<Object> params, int depth) {
      if (depth > 0 && r.nextInt(3) == 0) {
        String op = r.nextBoolean() ? " AND " : " OR ";
        return "(" + predicate(r, rows, params, depth - 1) + op + predicate(r, rows, params, depth - 1) + ")";
      }
      if (depth > 0 && r.nextInt(3) == 0) {
        // Equalities on the leading key columns, then something on the next: what push-down is for.
        int lead = r.nextInt(keys.size());
        Object[] row = rows.get(r.nextInt(rows.size()));
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < lead; k++) {
          sb.append(keys.get(k).name).append(" = ").append(value(keys.get(k), row[k], params)).append(" AND ");
        }
        return sb.append(atom(r, rows, params, lead)).append(")").toString();
      }
      return atom(r, rows, params, r.nextInt(keys.size()));
    }

    private String atom(Random r, List<Object[]> rows, List<Object> params, int k) {
      Col c = keys.get(k);
      String[] ops = {"=", "<", "<=", ">", ">=", "BETWEEN", "IN", "LIKE", "<>"};
      String op = ops[r.nextInt(ops.length)];
      switch (op) {
        case "BETWEEN":
          return c.name + " BETWEEN " + value(c, pick(r, rows, k, c), params) + " AND " + value(c, pick(r, rows, k, c), params);
        case "IN": {
          int n = 1 + r.nextInt(4);
          List<String> vs = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            vs.add(value(c, pick(r, rows, k, c), params));
          }
          return c.name + " IN (" + String.join(", ", vs) + ")";
        }
        case "LIKE":
          if (c.kind.equals("VARCHAR") || c.kind.equals("CHAR")) {
            String v = (String) pick(r, rows, k, c);
            String prefix = v.isEmpty() ? "a" : v.substring(0, Math.min(v.length(), 1 + r.nextInt(2)));
            if (Character.isHighSurrogate(prefix.charAt(prefix.length() - 1)) && prefix.length() < v.length()) {
              prefix = v.substring(0, prefix.length() + 1);
            }
            return c.name + " LIKE " + value(c, prefix + "%", params);
          }
          return c.name + " = " + value(c, pick(r, rows, k, c), params);
        default:
          return c.name + " " + op + " " + value(c, pick(r, rows, k, c), params);
      }
    }

    private static Object pick(Random r, List<Object[]> rows, int k, Col c) {
      Object v = r.nextInt(4) == 0 ? c.randomValue(r) : rows.get(r.nextInt(rows.size()))[k];
      if (NAN_IN_PREDICATES || !(v instanceof Double d) || !d.isNaN()) {
        return v;
      }
      return 1.5; // keeps NaN out of predicates until the fast path's NaN point get is fixed
    }

    private static String value(Col c, Object v, List<Object> params) {
      String lit = c.literal(v);
      if (params == null && lit != null) {
        return lit;
      }
      if (params == null) {
        return "CAST('" + v + "' AS DOUBLE)";
      }
      params.add(c.jdbc(v));
      return "?";
    }

    static String show(Object[] row) {
      return java.util.Arrays.stream(row).map(Table::showValue).collect(Collectors.joining(",", "(", ")"));
    }

    static String showValue(Object v) {
      if (v instanceof byte[] b) {
        return "X'" + HexFormat.of().formatHex(b) + "'";
      }
      if (v instanceof String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char ch : s.toCharArray()) {
          sb.append(ch >= 0x20 && ch < 0x7F ? String.valueOf(ch) : String.format("\\u%04X", (int) ch));
        }
        return sb.append("'").toString();
      }
      if (v instanceof BigDecimal d) {
        return d.toPlainString();
      }
      return String.valueOf(v);
    }
  }
}
