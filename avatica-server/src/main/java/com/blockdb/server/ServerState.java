package com.blockdb.server;

/** Where a server is in its life; {@code /health} reports it. */
public enum ServerState {
  /** Listening, opening the database (recovery may take a while): requests get 503. */
  STARTING,
  /** Serving. */
  UP,
  /** Shutting down: new requests are refused while those in flight finish. */
  STOPPING,
  /** Stopped: the database is closed. */
  STOPPED
}
