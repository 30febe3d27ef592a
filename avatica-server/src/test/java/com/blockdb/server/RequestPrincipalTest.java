package com.blockdb.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.server.auth.Principal;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The request's principal: set for the call only, restored after a nested call and after a failure. */
class RequestPrincipalTest {
  private static final Principal ALICE = new Principal("alice", Set.of());
  private static final Principal BOB = new Principal("bob", Set.of());

  @Test
  void aCallRunsAsItsPrincipalAndNothingIsLeftAfterIt() {
    assertThat(RequestPrincipal.current()).isNull();
    String seen = RequestPrincipal.callAs(ALICE, "Basic a", () -> RequestPrincipal.current().user()
        + " " + RequestPrincipal.authorization());
    assertThat(seen).isEqualTo("alice Basic a");
    assertThat(RequestPrincipal.current()).isNull();
    assertThat(RequestPrincipal.authorization()).isNull();
  }

  @Test
  void aNestedCallRestoresTheOuterPrincipalAndHeaderEvenWhenItFails() {
    RequestPrincipal.callAs(ALICE, "Basic a", () -> {
      assertThatThrownBy(() -> RequestPrincipal.callAs(BOB, () -> {
        assertThat(RequestPrincipal.current()).isEqualTo(BOB);
        assertThat(RequestPrincipal.authorization()).isNull();
        throw new IllegalStateException("boom");
      })).hasMessage("boom");
      assertThat(RequestPrincipal.current()).isEqualTo(ALICE);
      assertThat(RequestPrincipal.authorization()).isEqualTo("Basic a");
      return null;
    });
    assertThat(RequestPrincipal.current()).isNull();
  }
}
