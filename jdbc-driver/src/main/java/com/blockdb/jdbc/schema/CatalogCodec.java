package com.blockdb.jdbc.schema;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table definition as the JSON of its catalog ledger entry, format 1:
 * {@code {"format":1,"id":16,"name":"T","columns":[{"name":"ID","type":"INTEGER","typeId":4,
 * "precision":-1,"scale":0,"nullable":false}],"primaryKey":["ID"]}}. Fields are written in this
 * order with no whitespace, so one definition always gives the same bytes (the entry is hashed).
 * On reading, the type is taken from {@code typeId} (persistent); {@code type} is for people.
 */
public final class CatalogCodec {
  /** The only definition format so far. */
  public static final int FORMAT_1 = 1;

  /** Strict reading: trailing tokens and duplicate fields are corruption, not ignored. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private CatalogCodec() {}

  /** The definition's JSON bytes (UTF-8); refuses a definition {@link #decode} would refuse. */
  public static byte[] encode(TableDef t) {
    String problem = problem(t);
    if (problem != null) {
      throw new IllegalArgumentException("table definition " + t.name() + ": " + problem);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT_1);
    root.put("id", t.id());
    root.put("name", t.name());
    ArrayNode columns = root.putArray("columns");
    for (ColumnDef c : t.columns()) {
      ObjectNode col = columns.addObject();
      col.put("name", c.name());
      col.put("type", c.type().name());
      col.put("typeId", c.type().id());
      col.put("precision", c.precision());
      col.put("scale", c.scale());
      col.put("nullable", c.nullable());
    }
    ArrayNode pk = root.putArray("primaryKey");
    for (ColumnDef c : t.keyColumns()) {
      pk.add(c.name());
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write table definition " + t.name(), e);
    }
  }

  /** The definition in catalog entry bytes; SQLState XX001 if they are not a valid definition. */
  public static TableDef decode(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw corrupt("a table definition", "not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw corrupt("a table definition", "unreadable (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw corrupt("a table definition", "not a JSON object");
    }
    String name = root.path("name").isTextual() ? root.get("name").asText() : null;
    String what = name == null ? "a table definition" : "the definition of table " + name;
    if (!root.path("format").isInt() || root.get("format").asInt() != FORMAT_1) {
      throw corrupt(what, "unknown format " + root.get("format"));
    }
    if (name == null) {
      throw corrupt(what, "no table name");
    }
    int id = requireInt(root, "id", what);
    JsonNode columns = root.path("columns");
    if (!columns.isArray()) {
      throw corrupt(what, "no columns array");
    }
    List<ColumnDef> cols = new ArrayList<>();
    for (JsonNode c : columns) {
      cols.add(column(c, what));
    }
    JsonNode pkNode = root.path("primaryKey");
    if (!pkNode.isArray()) {
      throw corrupt(what, "no primaryKey array");
    }
    List<Integer> pk = new ArrayList<>();
    TableDef probe = new TableDef(id, name, cols, List.of(0));
    for (JsonNode k : pkNode) {
      int index = k.isTextual() ? probe.columnIndex(k.asText()) : -1;
      if (index < 0) {
        throw corrupt(what, "primary key column " + k + " is not a column");
      }
      pk.add(index);
    }
    if (pk.isEmpty()) {
      throw corrupt(what, "an empty primary key");
    }
    TableDef t = new TableDef(id, name, cols, pk);
    String problem = problem(t);
    if (problem != null) {
      throw corrupt(what, problem);
    }
    return t;
  }

  private static ColumnDef column(JsonNode c, String what) {
    if (!c.isObject() || !c.path("name").isTextual()) {
      throw corrupt(what, "a column without a name: " + c);
    }
    String name = c.get("name").asText();
    String where = "column " + name + ": ";
    int typeId = requireInt(c, "typeId", what);
    ColumnType type;
    try {
      type = ColumnType.ofId(typeId);
    } catch (IllegalArgumentException e) {
      throw corrupt(what, where + "unknown type id " + typeId);
    }
    if (!c.path("nullable").isBoolean()) {
      throw corrupt(what, where + "no nullable flag");
    }
    return new ColumnDef(name, type, requireInt(c, "precision", what), requireInt(c, "scale", what),
        c.get("nullable").asBoolean());
  }

  /** What makes a definition invalid, or null: shared by encode and decode so they agree. */
  private static String problem(TableDef t) {
    Set<String> names = new HashSet<>();
    for (ColumnDef c : t.columns()) {
      if (!names.add(c.name())) {
        return "column " + c.name() + " appears twice";
      }
      String p = columnProblem(c);
      if (p != null) {
        return "column " + c.name() + " " + p;
      }
    }
    Set<Integer> seen = new HashSet<>();
    for (int index : t.primaryKey()) {
      if (index < 0 || index >= t.columns().size()) {
        return "primary key index " + index + " is not a column";
      }
      if (!seen.add(index)) {
        return "primary key column " + t.columns().get(index).name() + " appears twice";
      }
      if (t.columns().get(index).nullable()) {
        return "primary key column " + t.columns().get(index).name() + " is nullable";
      }
    }
    return null;
  }

  private static String columnProblem(ColumnDef c) {
    switch (c.type()) {
      case VARCHAR, CHAR, VARBINARY -> {
        if (c.precision() != ColumnDef.UNBOUNDED && c.precision() < 1) {
          return "has length " + c.precision();
        }
        return c.scale() == 0 ? null : "has a scale";
      }
      case DECIMAL -> {
        if (c.precision() < 1 || c.precision() > ColumnDef.MAX_DECIMAL_PRECISION) {
          return "has precision " + c.precision() + " outside 1.."
              + ColumnDef.MAX_DECIMAL_PRECISION;
        }
        return c.scale() >= 0 && c.scale() <= c.precision() ? null
            : "has scale " + c.scale() + " outside 0.." + c.precision();
      }
      default -> {
        return c.precision() == ColumnDef.UNBOUNDED && c.scale() == 0 ? null
            : "has a length or scale its type does not take";
      }
    }
  }

  private static int requireInt(JsonNode node, String field, String what) {
    if (!node.path(field).isInt()) {
      throw corrupt(what, "field " + field + " is missing or not an int");
    }
    return node.get(field).asInt();
  }

  private static SqlStateException corrupt(String what, String problem) {
    return new SqlStateException("XX001", VendorCodes.CORRUPTION,
        "corrupt catalog entry, " + what + ": " + problem);
  }
}
