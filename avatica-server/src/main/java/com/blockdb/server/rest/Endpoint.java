package com.blockdb.server.rest;

import com.blockdb.server.auth.Permission;

/**
 * The REST endpoints: path, the one method each accepts, and the permission it needs. The path
 * template is also the {@code endpoint} tag of the request meters, so their number stays fixed
 * whatever keys clients ask for.
 */
enum Endpoint {
  PUT("/api/v1/put", "POST", Permission.WRITE),
  GET("/api/v1/get/{key}", "GET", Permission.READ),
  BATCH("/api/v1/batch", "POST", Permission.WRITE),
  DIGEST("/api/v1/digest", "GET", Permission.VERIFY),
  PROOF("/api/v1/proof/{key}", "GET", Permission.VERIFY),
  STATS("/stats", "GET", Permission.READ),
  VERIFY("/verify", "POST", Permission.VERIFY);

  private static final String KEY = "/{key}";

  private final String template;
  private final String method;
  private final Permission permission;
  /** For a keyed endpoint, the path without {@code /{key}}; else null. */
  private final String keyedBase;

  Endpoint(String template, String method, Permission permission) {
    this.template = template;
    this.method = method;
    this.permission = permission;
    this.keyedBase = template.endsWith(KEY) ? template.substring(0, template.length() - KEY.length()) : null;
  }

  /** The endpoint serving the raw (still percent-encoded) {@code path}, or null when none does. */
  static Endpoint match(String path) {
    if (path == null) {
      return null;
    }
    for (Endpoint e : values()) {
      if (e.keyedBase == null ? path.equals(e.template)
          : path.equals(e.keyedBase) || path.startsWith(e.keyedBase + "/")) {
        return e;
      }
    }
    return null;
  }

  /** The still-encoded key part of {@code path} (empty when the path ends at the endpoint). */
  String rawKey(String path) {
    return path.length() <= keyedBase.length() + 1 ? "" : path.substring(keyedBase.length() + 1);
  }

  String template() {
    return template;
  }

  String method() {
    return method;
  }

  Permission permission() {
    return permission;
  }
}
