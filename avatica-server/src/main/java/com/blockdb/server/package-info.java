/**
 * The {@code blockdb-server} process: settings ({@link com.blockdb.server.ServerSettingsResolver}),
 * the server's life ({@link com.blockdb.server.BlockDbServer}), the JDBC endpoint (Avatica over the
 * embedded driver, {@link com.blockdb.server.BlockDbMeta}) with authentication in front, health,
 * and the wiring of the HTTP features ({@link com.blockdb.server.ServerFeatures}).
 */
package com.blockdb.server;
