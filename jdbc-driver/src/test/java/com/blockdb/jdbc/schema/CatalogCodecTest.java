package com.blockdb.jdbc.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Table definitions survive the catalog's JSON exactly, always as the same bytes. */
class CatalogCodecTest {
  private static final TableDef SMALL = new TableDef(16, "T", List.of(
      ColumnDef.of("ID", ColumnType.INTEGER, false),
      new ColumnDef("PRICE", ColumnType.DECIMAL, 10, 2, true)), List.of(0));

  @Test
  void everyTypeRoundtrips() {
    List<ColumnDef> cols = new ArrayList<>();
    for (ColumnType type : ColumnType.values()) {
      cols.add(switch (type) {
        case VARCHAR, VARBINARY -> new ColumnDef(type + "_N", type, 20, 0, true);
        case CHAR -> new ColumnDef("C", type, 3, 0, false);
        case DECIMAL -> new ColumnDef("D", type, 38, 38, false);
        default -> ColumnDef.of(type.name(), type, type.ordinal() % 2 == 0);
      });
    }
    cols.add(ColumnDef.of("quoted \"name\" é", ColumnType.VARCHAR, true));
    TableDef t = new TableDef(4242, "Mixed Case", cols, List.of(5, 3, 1));
    TableDef back = CatalogCodec.decode(CatalogCodec.encode(t));
    assertThat(back).isEqualTo(t);
  }

  @Test
  void bytesAreDeterministicAndPinned() {
    byte[] bytes = CatalogCodec.encode(SMALL);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"format\":1,\"id\":16,"
        + "\"name\":\"T\",\"columns\":[{\"name\":\"ID\",\"type\":\"INTEGER\",\"typeId\":4,"
        + "\"precision\":-1,\"scale\":0,\"nullable\":false},{\"name\":\"PRICE\","
        + "\"type\":\"DECIMAL\",\"typeId\":6,\"precision\":10,\"scale\":2,\"nullable\":true}],"
        + "\"primaryKey\":[\"ID\"]}");
    TableDef copy = new TableDef(16, "T", new ArrayList<>(SMALL.columns()), List.of(0));
    assertThat(CatalogCodec.encode(copy)).isEqualTo(bytes);
    assertThat(CatalogCodec.encode(CatalogCodec.decode(bytes))).isEqualTo(bytes);
  }

  @Test
  void typeComesFromTypeId() {
    String json = json().replace("\"type\":\"INTEGER\"", "\"type\":\"RENAMED\"");
    assertThat(decode(json)).isEqualTo(SMALL);
  }

  @Test
  void unknownFormatIsCorruptionNamingTheTable() {
    assertCorrupt(json().replace("\"format\":1", "\"format\":2"))
        .hasMessageContaining("table T").hasMessageContaining("format 2");
  }

  @Test
  void invalidDefinitionsAreCorruption() {
    assertCorrupt(json().replace("\"typeId\":4", "\"typeId\":99"))
        .hasMessageContaining("table T").hasMessageContaining("ID").hasMessageContaining("99");
    assertCorrupt(json().replace("[\"ID\"]", "[\"NOPE\"]")).hasMessageContaining("NOPE");
    assertCorrupt(json().replace("[\"ID\"]", "[]")).hasMessageContaining("primary key");
    assertCorrupt(json().replace("[\"ID\"]", "[\"PRICE\"]")).hasMessageContaining("nullable");
    assertCorrupt(json().replace("\"precision\":10", "\"precision\":39"))
        .hasMessageContaining("PRICE");
    assertCorrupt(json().replace(",\"nullable\":true", "")).hasMessageContaining("nullable");
    assertCorrupt(json().replace("\"name\":\"PRICE\"", "\"name\":\"ID\""))
        .hasMessageContaining("twice");
    assertCorrupt(json() + "{}");
    assertCorrupt(json().replace("\"id\":16", "\"id\":16,\"id\":17"));
    assertCorrupt("[1]");
    assertCorrupt("");
    assertCorrupt("{\"format\":1");
  }

  @Test
  void encodeRefusesWhatDecodeWouldRefuse() {
    TableDef nullableKey = new TableDef(16, "T",
        List.of(ColumnDef.of("ID", ColumnType.INTEGER, true)), List.of(0));
    assertThatThrownBy(() -> CatalogCodec.encode(nullableKey))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ID");
  }

  private static String json() {
    return new String(CatalogCodec.encode(SMALL), StandardCharsets.UTF_8);
  }

  private static TableDef decode(String json) {
    return CatalogCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertCorrupt(
      String json) {
    return assertThatThrownBy(() -> decode(json)).as(json)
        .isInstanceOfSatisfying(SqlStateException.class, e -> {
          assertThat(e.sqlState()).isEqualTo("XX001");
          assertThat(e.vendorCode()).isEqualTo(VendorCodes.CORRUPTION);
        });
  }
}
