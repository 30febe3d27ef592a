package com.blockdb.jdbc;

import org.apache.calcite.avatica.DriverVersion;

/** The product and driver names and versions that DatabaseMetaData reports. */
public final class Version {
  public static final String PRODUCT_NAME = "BlockDB";
  public static final String DRIVER_NAME = "BlockDB JDBC Driver";
  public static final int MAJOR = 0;
  public static final int MINOR = 1;
  public static final String VERSION = resolve();

  private Version() {}

  private static String resolve() {
    String v = Version.class.getPackage() == null ? null : Version.class.getPackage().getImplementationVersion();
    return v == null ? MAJOR + "." + MINOR + ".0-SNAPSHOT" : v;
  }

  /** Avatica's description of this driver. */
  public static DriverVersion driverVersion() {
    return new DriverVersion(DRIVER_NAME, VERSION, PRODUCT_NAME, VERSION, false, MAJOR, MINOR, MAJOR, MINOR);
  }
}
