package com.blockdb.server.rest;

import com.blockdb.engine.Limits;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Decodes the JSON bodies of {@code put} and {@code batch} into {@link KvPut}s. Strict on purpose:
 * a ledger keeps what it is sent forever, so a typo (an unknown field, a duplicate field, a value
 * that is not a string, base64 that does not decode) is a 400 naming the field, never a guess.
 */
final class RequestBodies {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final Set<String> PUT_FIELDS = Set.of("key", "value", "encoding", "key_encoding");
  private static final Set<String> OPERATION_FIELDS =
      Set.of("type", "key", "value", "encoding", "key_encoding");

  private RequestBodies() {}

  /** The body as a JSON object; 400 when it is empty, malformed or not an object. */
  static JsonNode object(byte[] body) {
    if (body.length == 0) {
      throw HttpError.badRequest("the request body is empty; send a JSON object");
    }
    JsonNode node;
    try {
      node = STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw HttpError.badRequest("malformed JSON" + (at == null ? "" : " at line " + at.getLineNr()
          + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw HttpError.badRequest("malformed JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw HttpError.badRequest("the request body must be a JSON object");
    }
    return node;
  }

  /** {@code {key, value, encoding?, key_encoding?}}. */
  static KvPut put(byte[] body) {
    return put(object(body), "");
  }

  /** {@code {operations: [{type: "put", key, value, encoding?, key_encoding?}, ...]}}. */
  static List<KvPut> batch(byte[] body) {
    JsonNode root = object(body);
    onlyFields(root, Set.of("operations"), "");
    JsonNode ops = root.get("operations");
    if (ops == null || ops.isNull()) {
      throw HttpError.badRequest("missing field \"operations\"");
    }
    if (!ops.isArray()) {
      throw HttpError.badRequest("field \"operations\" must be an array");
    }
    if (ops.isEmpty()) {
      throw HttpError.badRequest("field \"operations\" is empty; a batch needs at least one put");
    }
    List<KvPut> puts = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      String where = "operations[" + i + "].";
      JsonNode op = ops.get(i);
      if (!op.isObject()) {
        throw HttpError.badRequest("operations[" + i + "] must be a JSON object");
      }
      onlyFields(op, OPERATION_FIELDS, where);
      String type = text(op, "type", where, true);
      if (!type.equals("put")) {
        throw HttpError.badRequest("field \"" + where + "type\" is '" + type
            + "'; the only operation is \"put\" (BlockDB is append-only: no updates or deletes)");
      }
      puts.add(put(op, where));
    }
    return puts;
  }

  private static KvPut put(JsonNode obj, String where) {
    if (where.isEmpty()) {
      onlyFields(obj, PUT_FIELDS, where);
    }
    byte[] key = bytes(obj, "key", "key_encoding", where);
    byte[] value = bytes(obj, "value", "encoding", where);
    if (key.length == 0) {
      throw HttpError.badRequest("field \"" + where + "key\" is empty; a key needs at least one byte");
    }
    if (key.length > Limits.MAX_KEY_BYTES) {
      throw HttpError.badRequest("field \"" + where + "key\" has " + key.length
          + " bytes, over the limit of " + Limits.MAX_KEY_BYTES + " bytes");
    }
    if (value.length > Limits.MAX_VALUE_BYTES) {
      throw HttpError.badRequest("field \"" + where + "value\" has " + value.length
          + " bytes, over the limit of " + Limits.MAX_VALUE_BYTES + " bytes");
    }
    return new KvPut(key, value);
  }

  /** A text field decoded as its encoding field says: UTF-8 bytes (the default) or base64. */
  private static byte[] bytes(JsonNode obj, String field, String encodingField, String where) {
    String text = text(obj, field, where, true);
    String encoding = text(obj, encodingField, where, false);
    if (encoding == null || encoding.equals("utf8") || encoding.equals("utf-8")) {
      return utf8(text, where + field);
    }
    if (encoding.equals("base64")) {
      return Base64Values.decode(text, where + field);
    }
    throw HttpError.badRequest("field \"" + where + encodingField + "\" is '" + encoding
        + "'; expected \"utf8\" or \"base64\"");
  }

  /** UTF-8 bytes; a lone surrogate (legal in a JSON escape, not in UTF-8) is refused, not replaced. */
  private static byte[] utf8(String text, String field) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest("field \"" + field + "\" holds a lone UTF-16 surrogate, which UTF-8 "
          + "cannot encode; send binary data with \"base64\" encoding");
    }
  }

  private static String text(JsonNode obj, String field, String where, boolean required) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw HttpError.badRequest("missing field \"" + where + field + "\"");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw HttpError.badRequest("field \"" + where + field + "\" must be a string, not "
          + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
    return v.textValue();
  }

  private static void onlyFields(JsonNode obj, Set<String> allowed, String where) {
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw HttpError.badRequest("unknown field \"" + where + name + "\"; expected "
            + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }
}
