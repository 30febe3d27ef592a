package com.blockdb.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random user-management sequences against a plain model: the users ledger's current state, its
 * state at every earlier point, and its state after a restart are all what the model says.
 */
class UserHistoryProperties {

  /** One user-management request. */
  sealed interface Action {
    String user();
  }

  /** Create a user with password 0. */
  record Create(String user, Set<Role> roles) implements Action {}

  /** Grant and revoke in one request. */
  record ChangeRoles(String user, Set<Role> grant, Set<Role> revoke) implements Action {}

  /** Set password number n. */
  record SetPassword(String user, int password) implements Action {}

  /** Disable a user. */
  record Disable(String user) implements Action {}

  /** Enable a user. */
  record Enable(String user) implements Action {}

  /** What the model says a user is. */
  record ModelUser(Set<Role> roles, boolean enabled, String password, int version) {}

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<String> names = Arbitraries.of("u0", "u1", "u2");
    Arbitrary<Set<Role>> roles = Arbitraries.of(Role.class).set().ofMaxSize(4);
    Arbitrary<Action> action = Arbitraries.oneOf(
        Combinators.combine(names, roles).as(Create::new),
        Combinators.combine(names, roles, roles).as(ChangeRoles::new),
        Combinators.combine(names, Arbitraries.integers().between(0, 3)).as(SetPassword::new),
        names.map(Disable::new),
        names.map(Enable::new));
    return action.list().ofMaxSize(25);
  }

  @Property
  void theLedgerFoldsToTheModelAtEveryPoint(@ForAll("actions") List<Action> actions) {
    try (AuthFixture f = new AuthFixture()) {
      Map<String, ModelUser> model = new TreeMap<>();
      List<Long> points = new ArrayList<>();
      List<Map<String, ModelUser>> snapshots = new ArrayList<>();
      for (Action a : actions) {
        Integer refused = expectedRefusal(a, model);
        if (refused != null) {
          assertThatThrownBy(() -> apply(f, a)).as(a.toString())
              .isInstanceOfSatisfying(UserManagementException.class, e -> assertThat(e.status()).isEqualTo(refused));
        } else {
          apply(f, a);
          step(a, model);
        }
        points.add(f.db.engine().lastSequence());
        snapshots.add(new TreeMap<>(model));
        assertMatches(f, model, Long.MAX_VALUE, f.auth);
      }
      for (int i = 0; i < points.size(); i++) {
        assertMatches(f, snapshots.get(i), points.get(i), f.auth);
      }
      LedgerAuthenticator restarted = f.reopen(AuthFixture.settings());
      assertThat(restarted.history(f.admin)).isEqualTo(f.auth.history(f.admin));
      assertMatches(f, model, Long.MAX_VALUE, restarted);
      for (Map.Entry<String, ModelUser> e : model.entrySet()) {
        String header = Credentials.basicHeader(e.getKey(), e.getValue().password());
        if (e.getValue().enabled()) {
          assertThat(restarted.authenticate(header).roles()).isEqualTo(e.getValue().roles());
        } else {
          assertThatThrownBy(() -> restarted.authenticate(header)).isInstanceOf(AuthenticationException.class);
        }
      }
    }
  }

  private static String password(int n) {
    return "password-" + n;
  }

  private static void apply(AuthFixture f, Action a) {
    if (a instanceof Create c) {
      f.auth.createUser(f.admin, c.user(), password(0), c.roles());
    } else if (a instanceof ChangeRoles c) {
      f.auth.changeRoles(f.admin, c.user(), c.grant(), c.revoke());
    } else if (a instanceof SetPassword s) {
      f.auth.setPassword(f.admin, s.user(), password(s.password()), null);
    } else if (a instanceof Disable d) {
      f.auth.disable(f.admin, d.user());
    } else {
      f.auth.enable(f.admin, a.user());
    }
  }

  /** The status the model expects the action to be refused with, or null. */
  private static Integer expectedRefusal(Action a, Map<String, ModelUser> model) {
    if (a instanceof Create c) {
      return model.containsKey(c.user()) ? 409 : null;
    }
    if (a instanceof ChangeRoles c) {
      Set<Role> both = EnumSet.noneOf(Role.class);
      both.addAll(c.grant());
      both.retainAll(c.revoke());
      if ((c.grant().isEmpty() && c.revoke().isEmpty()) || !both.isEmpty()) {
        return 400;
      }
    }
    return model.containsKey(a.user()) ? null : 404;
  }

  private static void step(Action a, Map<String, ModelUser> model) {
    ModelUser u = model.get(a.user());
    if (a instanceof Create c) {
      model.put(c.user(), new ModelUser(c.roles(), true, password(0), 1));
    } else if (a instanceof ChangeRoles c) {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      roles.addAll(u.roles());
      int version = u.version();
      if (!roles.containsAll(c.grant())) {
        version++;
      }
      roles.addAll(c.grant());
      if (c.revoke().stream().anyMatch(roles::contains)) {
        version++;
      }
      roles.removeAll(c.revoke());
      model.put(c.user(), new ModelUser(roles, u.enabled(), u.password(), version));
    } else if (a instanceof SetPassword s) {
      model.put(s.user(), new ModelUser(u.roles(), u.enabled(), password(s.password()), u.version() + 1));
    } else if (a instanceof Disable) {
      model.put(a.user(), new ModelUser(u.roles(), false, u.password(), u.version() + (u.enabled() ? 1 : 0)));
    } else {
      model.put(a.user(), new ModelUser(u.roles(), true, u.password(), u.version() + (u.enabled() ? 0 : 1)));
    }
  }

  private static void assertMatches(AuthFixture f, Map<String, ModelUser> expected, long at, LedgerAuthenticator auth) {
    for (String name : List.of("u0", "u1", "u2")) {
      UserState s = auth.stateAt(f.admin, name, at);
      ModelUser m = expected.get(name);
      if (m == null) {
        assertThat(s).as(name + " at " + at).isNull();
        continue;
      }
      assertThat(s).as(name + " at " + at).isNotNull();
      assertThat(s.roles()).as(name + " roles at " + at).isEqualTo(m.roles());
      assertThat(s.enabled()).as(name + " enabled at " + at).isEqualTo(m.enabled());
      assertThat(s.version()).as(name + " version at " + at).isEqualTo(m.version());
      assertThat(s.password().matches(m.password())).as(name + " password at " + at).isTrue();
      assertThat(UserState.fold(auth.history(f.admin, name).stream()
          .filter(c -> c.sequence() <= at).toList())).isEqualTo(s);
    }
  }
}
