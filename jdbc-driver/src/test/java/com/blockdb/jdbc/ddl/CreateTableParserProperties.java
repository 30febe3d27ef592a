package com.blockdb.jdbc.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random table definitions, rendered to SQL with random case, spacing, comments and quoting, parse
 * back to the same definition; random and mutated text never fails with anything but a
 * SqlStateException.
 */
class CreateTableParserProperties {

  /** A name as CREATE TABLE stores it and as it is written in SQL. */
  record Name(String stored, String written) {}

  /** A column type as written (tokens) and as parsed. */
  record TypeChoice(List<String> tokens, ColumnType type, int precision, int scale) {}

  /** A column: name, type and its NULL / NOT NULL declaration (null: none). */
  record Column(Name name, TypeChoice type, Boolean declaredNullable) {}

  private static final Set<String> SYMBOLS = Set.of("(", ")", ",", ".", ";");
  private static final List<String> SEPARATORS =
      List.of(" ", "  ", "\n", "\t", "\r\n", " /* a; 'comment' */ ", "/**/", "-- c; \"x\n", "// y;\n");

  @Property
  void renderedDefinitionsParseBack(
      @ForAll("names") Name table,
      @ForAll boolean qualified,
      @ForAll("names") Name schema,
      @ForAll boolean ifNotExists,
      @ForAll("columns") List<Column> columns,
      @ForAll Random random) {
    // The primary key: one column inline, or a constraint over a random ordered subset of the
    // columns not declared NULL (a NULL key column is an error, tested on its own).
    List<Column> shuffled = new ArrayList<>(columns);
    shuffled.removeIf(c -> Boolean.TRUE.equals(c.declaredNullable()));
    Collections.shuffle(shuffled, random);
    boolean inline = random.nextBoolean();
    List<Column> key = inline ? shuffled.subList(0, 1) : shuffled.subList(0, 1 + random.nextInt(shuffled.size()));

    List<String> tokens = new ArrayList<>(List.of("CREATE", "TABLE"));
    if (ifNotExists) {
      tokens.addAll(List.of("IF", "NOT", "EXISTS"));
    }
    if (qualified) {
      tokens.addAll(List.of(schema.written(), "."));
    }
    tokens.add(table.written());
    tokens.add("(");
    List<List<String>> elements = new ArrayList<>();
    for (Column c : columns) {
      List<String> element = new ArrayList<>(List.of(c.name().written()));
      element.addAll(c.type().tokens());
      List<List<String>> options = new ArrayList<>();
      if (c.declaredNullable() != null) {
        options.add(c.declaredNullable() ? List.of("NULL") : List.of("NOT", "NULL"));
      }
      if (inline && key.get(0) == c) {
        options.add(List.of("PRIMARY", "KEY"));
      }
      Collections.shuffle(options, random);
      options.forEach(element::addAll);
      elements.add(element);
    }
    if (!inline) {
      List<String> constraint = new ArrayList<>();
      if (random.nextBoolean()) {
        constraint.addAll(List.of("CONSTRAINT", "PK_" + random.nextInt(100)));
      }
      constraint.addAll(List.of("PRIMARY", "KEY", "("));
      for (int i = 0; i < key.size(); i++) {
        if (i > 0) {
          constraint.add(",");
        }
        constraint.add(key.get(i).name().written());
      }
      constraint.add(")");
      elements.add(random.nextInt(elements.size() + 1), constraint);
    }
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        tokens.add(",");
      }
      tokens.addAll(elements.get(i));
    }
    tokens.add(")");
    if (random.nextBoolean()) {
      tokens.add(";");
    }
    String sql = render(tokens, random);

    List<String> keyNames = key.stream().map(c -> c.name().stored()).toList();
    List<ColumnDef> expectedColumns =
        columns.stream()
            .map(
                c ->
                    new ColumnDef(
                        c.name().stored(),
                        c.type().type(),
                        c.type().precision(),
                        c.type().scale(),
                        !keyNames.contains(c.name().stored()) && !Boolean.FALSE.equals(c.declaredNullable())))
            .toList();
    CreateTable expected =
        new CreateTable(ifNotExists, qualified ? schema.stored() : null, table.stored(), expectedColumns, keyNames);

    assertThat(CreateTableParser.parse(sql)).as(sql).isEqualTo(expected);
    assertThat(StatementClassifier.checkAllowed(sql)).as(sql).isEqualTo(StatementKind.CREATE_TABLE);
  }

  @Property
  void randomTextFailsOnlyWithSqlStateException(@ForAll("sqlSoup") String sql) {
    assertOnlySqlStateExceptions(sql);
  }

  @Property
  void mutatedDefinitionsFailOnlyWithSqlStateException(
      @ForAll("sqlSoup") String insert, @ForAll @IntRange(max = 200) int at, @ForAll @IntRange(max = 8) int delete) {
    String valid =
        "CREATE TABLE \"t;\" (id BIGINT PRIMARY KEY, amount DECIMAL(10, 2) NOT NULL, note VARCHAR(20),"
            + " at TIMESTAMP(3)) -- end";
    int start = Math.min(at, valid.length());
    int end = Math.min(start + delete, valid.length());
    assertOnlySqlStateExceptions(valid.substring(0, start) + insert + valid.substring(end));
  }

  private static void assertOnlySqlStateExceptions(String sql) {
    StatementClassifier.classify(sql); // never throws
    for (Runnable call :
        List.<Runnable>of(
            () -> CreateTableParser.parse(sql),
            () -> StatementClassifier.checkAllowed(sql),
            () -> StatementClassifier.stripTrailingSemicolon(sql))) {
      try {
        call.run();
      } catch (SqlStateException e) {
        assertThat(e.sqlState()).as(sql).matches("[0-9A-Z]{5}");
        assertThat(e.getMessage()).as(sql).isNotBlank();
      }
    }
  }

  /** Joins tokens with random separators and writes every unquoted token in random case. */
  private static String render(List<String> tokens, Random random) {
    StringBuilder sql = new StringBuilder();
    if (random.nextBoolean()) {
      sql.append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
    }
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (i > 0) {
        boolean symbolNext = SYMBOLS.contains(token) || SYMBOLS.contains(tokens.get(i - 1));
        if (!(symbolNext && random.nextInt(3) == 0)) {
          sql.append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
        }
      }
      sql.append(token.startsWith("\"") ? token : randomCase(token, random));
    }
    if (random.nextBoolean()) {
      sql.append(random.nextBoolean() ? " -- trailing comment" : " /* trailing */ ");
    }
    return sql.toString();
  }

  private static String randomCase(String token, Random random) {
    StringBuilder s = new StringBuilder(token.length());
    for (char c : token.toCharArray()) {
      s.append(random.nextBoolean() ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return s.toString();
  }

  @Provide
  Arbitrary<Name> names() {
    Arbitrary<Name> unquoted =
        Combinators.combine(
                Arbitraries.chars().range('a', 'z').range('A', 'Z'),
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .withCharRange('A', 'Z')
                    .withCharRange('0', '9')
                    .withChars('_', '$')
                    .ofMaxLength(10))
            .as((first, rest) -> first + rest)
            .filter(n -> !ReservedWords.isReserved(n.toUpperCase(Locale.ROOT)))
            .map(n -> new Name(n.toUpperCase(Locale.ROOT), n));
    Arbitrary<Name> quoted =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('A', 'Z', ' ', '"', ';', '\'', '-', '/', '*', '(', ')', ',', '.', 'é', '_')
            .ofMinLength(1)
            .ofMaxLength(10)
            .map(n -> new Name(n, "\"" + n.replace("\"", "\"\"") + "\""));
    return Arbitraries.oneOf(unquoted, quoted)
        .filter(n -> !n.stored().toUpperCase(Locale.ROOT).startsWith(CreateTableParser.SYSTEM_COLUMN_PREFIX));
  }

  @Provide
  Arbitrary<List<Column>> columns() {
    Arbitrary<Boolean> nullability = Arbitraries.of(true, false).injectNull(0.4);
    Arbitrary<Column> column = Combinators.combine(names(), types(), nullability).as(Column::new);
    return column
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .uniqueElements(c -> c.name().stored())
        .filter(cs -> cs.stream().anyMatch(c -> !Boolean.TRUE.equals(c.declaredNullable())));
  }

  /** Every supported type in each of its spellings, with random lengths and precisions. */
  Arbitrary<TypeChoice> types() {
    Arbitrary<Integer> length = Arbitraries.integers().between(1, CreateTableParser.MAX_LENGTH);
    Arbitrary<List<String>> varchar =
        Arbitraries.of(List.of("VARCHAR"), List.of("CHARACTER", "VARYING"), List.of("CHAR", "VARYING"));
    Arbitrary<List<String>> chars = Arbitraries.of(List.of("CHAR"), List.of("CHARACTER"));
    Arbitrary<List<String>> varbinary = Arbitraries.of(List.of("VARBINARY"), List.of("BINARY", "VARYING"));
    Arbitrary<TypeChoice> decimal =
        Combinators.combine(
                Arbitraries.integers().between(1, ColumnDef.MAX_DECIMAL_PRECISION),
                Arbitraries.integers().between(0, ColumnDef.MAX_DECIMAL_PRECISION),
                Arbitraries.of("DECIMAL", "NUMERIC", "DEC"),
                Arbitraries.integers().between(0, 2))
            .as(CreateTableParserProperties::decimal);
    return Arbitraries.oneOf(
        withLength(varchar, length, ColumnType.VARCHAR),
        varchar.map(t -> new TypeChoice(t, ColumnType.VARCHAR, ColumnDef.UNBOUNDED, 0)),
        withLength(chars, length, ColumnType.CHAR),
        chars.map(t -> new TypeChoice(t, ColumnType.CHAR, 1, 0)),
        withLength(varbinary, length, ColumnType.VARBINARY),
        varbinary.map(t -> new TypeChoice(t, ColumnType.VARBINARY, ColumnDef.UNBOUNDED, 0)),
        simple(ColumnType.BOOLEAN, List.of("BOOLEAN")),
        simple(ColumnType.INTEGER, List.of("INTEGER"), List.of("INT")),
        simple(ColumnType.BIGINT, List.of("BIGINT")),
        decimal,
        simple(ColumnType.DOUBLE, List.of("DOUBLE"), List.of("DOUBLE", "PRECISION")),
        simple(ColumnType.DATE, List.of("DATE")),
        simple(
            ColumnType.TIME,
            List.of("TIME"),
            List.of("TIME", "(", "3", ")"),
            List.of("TIME", "WITHOUT", "TIME", "ZONE")),
        simple(
            ColumnType.TIMESTAMP,
            List.of("TIMESTAMP"),
            List.of("TIMESTAMP", "(", "3", ")"),
            List.of("TIMESTAMP", "(", "3", ")", "WITHOUT", "TIME", "ZONE")));
  }

  /** DECIMAL written bare (form 0), with a precision (1) or with precision and scale (2). */
  private static TypeChoice decimal(int precision, int anyScale, String word, int form) {
    int scale = anyScale % (precision + 1);
    if (form == 0) {
      int p = CreateTableParser.DEFAULT_DECIMAL_PRECISION;
      return new TypeChoice(List.of(word), ColumnType.DECIMAL, p, 0);
    }
    if (form == 1) {
      return new TypeChoice(List.of(word, "(", "" + precision, ")"), ColumnType.DECIMAL, precision, 0);
    }
    List<String> tokens = List.of(word, "(", "" + precision, ",", "" + scale, ")");
    return new TypeChoice(tokens, ColumnType.DECIMAL, precision, scale);
  }

  private static Arbitrary<TypeChoice> withLength(
      Arbitrary<List<String>> spellings, Arbitrary<Integer> length, ColumnType type) {
    return Combinators.combine(spellings, length)
        .as(
            (words, n) -> {
              List<String> tokens = new ArrayList<>(words);
              tokens.addAll(List.of("(", "" + n, ")"));
              return new TypeChoice(tokens, type, n, 0);
            });
  }

  @SafeVarargs
  private static Arbitrary<TypeChoice> simple(ColumnType type, List<String>... spellings) {
    return Arbitraries.of(List.of(spellings)).map(t -> new TypeChoice(t, type, ColumnDef.UNBOUNDED, 0));
  }

  @Provide
  Arbitrary<String> sqlSoup() {
    Arbitrary<String> fragment =
        Arbitraries.oneOf(
            Arbitraries.of(
                "CREATE", "TABLE", "IF", "NOT", "EXISTS", "(", ")", ",", ".", ";", "PRIMARY", "KEY", "NULL",
                "CONSTRAINT", "INT", "VARCHAR", "DECIMAL", "TIMESTAMP", "WITH", "TIME", "ZONE", "DOUBLE",
                "\"", "\"\"", "'", "''", "E'\\'", "--", "//", "/*", "*/", "\n", " ", "-", "0", "38", "65537",
                "99999999999999999999", "1.5e3", "x", "user", "ledger_a", "DEFAULT", "UNIQUE", "DELETE",
                "SELECT", "EXPLAIN", "PLAN", "FOR", "\u0000", "é"),
            Arbitraries.strings().ofMaxLength(3));
    return fragment.list().ofMaxSize(25).map(parts -> String.join(parts.size() % 2 == 0 ? " " : "", parts));
  }
}
