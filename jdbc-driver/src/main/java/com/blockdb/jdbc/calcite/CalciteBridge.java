package com.blockdb.jdbc.calcite;

import com.blockdb.jdbc.store.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;

/**
 * Opens the Calcite connection behind each BlockDB connection: BlockDB's preparation, the
 * append-only parser, and schema {@code BLOCKDB} bound to the connection's session. Not registered
 * with {@link java.sql.DriverManager}: users only ever meet {@code jdbc:blockdb:}.
 */
public final class CalciteBridge extends Driver {
  private static final CalciteBridge INSTANCE = new CalciteBridge();
  private static final String PREFIX = "jdbc:blockdb-calcite:";

  private CalciteBridge() {
    super(BlockDbPrepare::new);
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return com.blockdb.jdbc.Version.driverVersion();
  }

  /** A Calcite connection whose default schema is {@code BLOCKDB} over {@code session}. */
  public static CalciteConnection open(Session session) throws SQLException {
    Properties info = new Properties();
    info.setProperty("parserFactory", AppendOnlyParserFactory.class.getName() + "#INSTANCE");
    info.setProperty("caseSensitive", "true");
    info.setProperty("typeSystem", BlockDbTypeSystem.class.getName() + "#INSTANCE");
    Connection c = INSTANCE.connect(PREFIX, info);
    CalciteConnection cc = c.unwrap(CalciteConnection.class);
    SchemaPlus root = cc.getRootSchema();
    SchemaPlus schema = root.add(BlockDbSchema.NAME, new BlockDbSchema(session));
    schema.setCacheEnabled(false);
    cc.setSchema(BlockDbSchema.NAME);
    return cc;
  }
}
