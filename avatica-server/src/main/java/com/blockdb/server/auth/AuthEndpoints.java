package com.blockdb.server.auth;

import com.blockdb.engine.BlockDbException;
import com.blockdb.jdbc.store.Database;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of login and user management (docs/API.md, "Auth"): {@code POST /api/v1/login},
 * {@code POST /api/v1/logout}, {@code GET|POST /api/v1/users}, and under
 * {@code /api/v1/users/{name}}: {@code GET}, {@code POST roles}, {@code PUT password},
 * {@code POST disable|enable}, {@code GET history}. Every other path is left unhandled for the next
 * handler. Bad input gets 400, 401, 403, 404, 405, 409 or 413 with a JSON error body, never 500.
 *
 * <p>Thread-safe: stateless apart from the authenticator, which is.
 */
public final class AuthEndpoints extends AbstractHandler {
  static final String LOGIN = "/api/v1/login";
  static final String LOGOUT = "/api/v1/logout";
  static final String USERS = "/api/v1/users";

  private static final Logger LOG = LoggerFactory.getLogger(AuthEndpoints.class);

  private final Database db;
  private final LedgerAuthenticator auth;

  public AuthEndpoints(Database db, LedgerAuthenticator auth) {
    this.db = db;
    this.auth = auth;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    if (!target.equals(LOGIN) && !target.equals(LOGOUT) && !target.equals(USERS)
        && !target.startsWith(USERS + "/")) {
      return;
    }
    baseRequest.setHandled(true);
    try {
      route(target, request, response);
    } catch (HttpError e) {
      JsonBodies.error(response, e.status(), e.getMessage());
    } catch (AuthenticationException e) {
      JsonBodies.error(response, e.status(), e.getMessage());
    } catch (UserManagementException e) {
      JsonBodies.error(response, e.status(), e.getMessage());
    } catch (BadMessageException e) {
      JsonBodies.error(response, e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 400,
          "bad request: " + e.getReason());
    } catch (BlockDbException e) {
      LOG.warn("{} {}: the database refused: {}", request.getMethod(), target, e.getMessage());
      JsonBodies.error(response, 503, "the database cannot serve this now: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.getMethod(), target, e);
      JsonBodies.error(response, 500, "internal error; the server log has the details");
    }
  }

  private void route(String target, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String method = request.getMethod();
    switch (target) {
      case LOGIN -> {
        allow(method, response, "POST");
        login(request, response);
      }
      case LOGOUT -> {
        allow(method, response, "POST");
        logout(request, response);
      }
      case USERS -> {
        allow(method, response, "GET", "POST");
        if (method.equals("GET")) {
          listUsers(request, response);
        } else {
          createUser(request, response);
        }
      }
      default -> userPath(target.substring(USERS.length() + 1), method, request, response);
    }
  }

  private void userPath(String rest, String method, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String[] parts = rest.split("/", -1);
    if (parts.length > 2 || !UserNames.wellFormed(parts[0])) {
      throw new HttpError(404, "no endpoint " + USERS + "/" + UserNames.printable(rest)
          + ": expected " + USERS + "/{name}[/roles|password|history|disable|enable]");
    }
    String name = parts[0];
    String action = parts.length == 2 ? parts[1] : "";
    switch (action) {
      case "" -> {
        allow(method, response, "GET");
        getUser(name, request, response);
      }
      case "roles" -> {
        allow(method, response, "POST");
        changeRoles(name, request, response);
      }
      case "password" -> {
        allow(method, response, "PUT");
        setPassword(name, request, response);
      }
      case "disable", "enable" -> {
        allow(method, response, "POST");
        Principal actor = principal(request);
        UserState u = action.equals("disable") ? auth.disable(actor, name) : auth.enable(actor, name);
        JsonBodies.reply(response, 200, user(u));
      }
      case "history" -> {
        allow(method, response, "GET");
        history(name, request, response);
      }
      default -> throw new HttpError(404, "no endpoint " + USERS + "/" + name + "/" + UserNames.printable(action));
    }
  }

  private static void allow(String method, HttpServletResponse response, String... methods) {
    for (String m : methods) {
      if (m.equals(method)) {
        return;
      }
    }
    response.setHeader("Allow", String.join(", ", methods));
    throw new HttpError(405, "method " + UserNames.printable(method) + " is not allowed here (allowed: "
        + String.join(", ", methods) + ")");
  }

  private Principal principal(HttpServletRequest request) {
    return auth.authenticate(request.getHeader("Authorization"));
  }

  private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    ObjectNode body = JsonBodies.read(request, "user", "password");
    LoginToken t = auth.login(JsonBodies.text(body, "user", true), JsonBodies.text(body, "password", true));
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("user", t.user());
    out.put("token", t.token());
    out.put("token_type", "Bearer");
    out.put("expires_at", t.expiresAt().toString());
    JsonBodies.reply(response, 200, out);
  }

  private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String header = request.getHeader("Authorization");
    principal(request);
    if (!(Credentials.parse(header) instanceof Credentials.Bearer b)) {
      throw new HttpError(400, "logout ends a bearer token: send Authorization: Bearer <token>");
    }
    auth.logout(b.token());
    response.setStatus(204);
    response.setHeader("Cache-Control", "no-store");
  }

  private void listUsers(HttpServletRequest request, HttpServletResponse response) throws IOException {
    List<UserState> users = auth.users(principal(request));
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    ArrayNode list = out.putArray("users");
    users.forEach(u -> list.add(user(u)));
    JsonBodies.reply(response, 200, out);
  }

  private void createUser(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Principal actor = principal(request);
    auth.require(actor, Permission.MANAGE_USERS);
    ObjectNode body = JsonBodies.read(request, "user", "password", "roles");
    UserState u = auth.createUser(actor, JsonBodies.text(body, "user", true),
        JsonBodies.text(body, "password", true), JsonBodies.roles(body, "roles"));
    JsonBodies.reply(response, 201, user(u));
  }

  private void getUser(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
    UserState u = auth.user(principal(request), name);
    if (u == null) {
      throw new UserManagementException(404, "user '" + name + "' does not exist");
    }
    JsonBodies.reply(response, 200, user(u));
  }

  private void changeRoles(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
    Principal actor = principal(request);
    auth.require(actor, Permission.MANAGE_USERS);
    ObjectNode body = JsonBodies.read(request, "grant", "revoke");
    UserState u = auth.changeRoles(actor, name, JsonBodies.roles(body, "grant"), JsonBodies.roles(body, "revoke"));
    JsonBodies.reply(response, 200, user(u));
  }

  private void setPassword(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
    Principal actor = principal(request);
    ObjectNode body = JsonBodies.read(request, "password", "current_password");
    UserState u = auth.setPassword(actor, name, JsonBodies.text(body, "password", true),
        JsonBodies.text(body, "current_password", false));
    JsonBodies.reply(response, 200, user(u));
  }

  private void history(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
    Principal actor = principal(request);
    long asOf = db.engine().lastSequence();
    long at = asOf;
    String atParam = request.getParameter("at");
    if (atParam != null) {
      try {
        at = Long.parseLong(atParam);
      } catch (NumberFormatException e) {
        at = -1;
      }
      if (at < 0) {
        throw new HttpError(400, "parameter 'at' must be a ledger sequence number (an integer >= 0), not '"
            + UserNames.printable(atParam) + "'");
      }
    }
    List<UserChange> changes = auth.history(actor, name);
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("user", name);
    out.put("at", at);
    ArrayNode list = out.putArray("changes");
    UserState state = null;
    for (UserChange c : changes) {
      if (c.sequence() > at) {
        break;
      }
      state = UserState.apply(state, c);
      ObjectNode o = list.addObject();
      o.put("sequence", c.sequence());
      o.put("time", c.time().toString());
      o.put("actor", c.actor());
      o.put("version", c.version());
      o.put("change", JsonBodies.kindName(c.kind()));
      o.set("roles", JsonBodies.roleArray(c.roles()));
      o.put("password_set", c.setsPassword());
    }
    if (state == null) {
      out.putNull("state");
    } else {
      out.set("state", user(state));
    }
    JsonBodies.reply(response, 200, out);
  }

  /** A user as JSON: never its password hash. */
  private static ObjectNode user(UserState u) {
    ObjectNode o = JsonBodies.JSON.createObjectNode();
    o.put("user", u.user());
    o.set("roles", JsonBodies.roleArray(u.roles()));
    o.put("enabled", u.enabled());
    o.put("version", u.version());
    o.put("last_sequence", u.lastSequence());
    return o;
  }
}
