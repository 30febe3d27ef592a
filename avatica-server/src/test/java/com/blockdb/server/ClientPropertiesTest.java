package com.blockdb.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Only whitelisted client properties reach the server-side connection. */
class ClientPropertiesTest {
  @Test
  void propertiesThatWouldLoadClassesOrChooseTheUserAreDropped() {
    Map<String, String> client = new HashMap<>();
    client.put("model", "inline:{}");
    client.put("schemaFactory", "evil.Factory");
    client.put("parserFactory", "evil.Parser#INSTANCE");
    client.put("fun", "oracle");
    client.put("typeSystem", "evil.Types#INSTANCE");
    client.put("user", "admin");
    client.put("password", "secret");
    client.put("avatica_password", "secret");
    client.put("transaction_timeout", "0.001");
    client.put("fastpath", "false");
    Set<String> dropped = new TreeSet<>();
    Properties p = ClientProperties.filter(client, 30, dropped);
    assertThat(p.stringPropertyNames()).containsExactlyInAnyOrder("fastpath", "query_timeout");
    assertThat(p.getProperty("fastpath")).isEqualTo("false");
    assertThat(dropped).contains("model", "schemaFactory", "parserFactory", "fun", "typeSystem", "user",
        "password", "avatica_password", "transaction_timeout");
  }

  @Test
  void theClientMayOnlyLowerTheServersQueryTimeout() {
    Set<String> dropped = new TreeSet<>();
    assertThat(ClientProperties.filter(Map.of(), 30, dropped).getProperty("query_timeout")).isEqualTo("30");
    assertThat(ClientProperties.filter(Map.of("query_timeout", "5"), 30, dropped).getProperty("query_timeout"))
        .isEqualTo("5");
    assertThat(ClientProperties.filter(Map.of("query_timeout", "300"), 30, dropped).getProperty("query_timeout"))
        .isEqualTo("30");
    assertThat(ClientProperties.filter(Map.of("query_timeout", "0"), 30, dropped).getProperty("query_timeout"))
        .isEqualTo("30");
    assertThat(ClientProperties.filter(Map.of("query_timeout", "x"), 30, dropped).getProperty("query_timeout"))
        .isEqualTo("30");
    // With no server timeout (request_timeout = 0) the client's own applies.
    assertThat(ClientProperties.filter(Map.of("query_timeout", "7"), 0, dropped).getProperty("query_timeout"))
        .isEqualTo("7");
  }

  @Test
  void aFastpathValueOtherThanTrueOrFalseIsDropped() {
    Set<String> dropped = new TreeSet<>();
    Properties p = ClientProperties.filter(Map.of("fastpath", "maybe"), 30, dropped);
    assertThat(p.getProperty("fastpath")).isNull();
    assertThat(dropped).containsExactly("fastpath");
  }
}
