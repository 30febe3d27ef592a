package com.blockdb.jdbc.codec;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts dates and times to Calcite's zone-less internal values (days since 1970-01-01,
 * milliseconds of the day, milliseconds since 1970-01-01 00:00) by wall-clock arithmetic in UTC,
 * and parses their SQL literal forms. Every method returns null for a value it cannot convert.
 *
 * <p>A {@link java.sql.Date}, {@link java.sql.Time} or {@link java.sql.Timestamp} is a wall-clock
 * value that its factory ({@code valueOf}) pinned to an instant in the JVM's zone; reading its
 * wall-clock fields back ({@code toLocalDate()} etc.) undoes exactly that, so the stored value is
 * the date and time the caller wrote whatever the JVM's zone. Taking {@code getTime()} as UTC
 * instead would shift the date by a day east of Greenwich.
 */
final class DateTimeValues {
  static final int MILLIS_PER_DAY = 86_400_000;

  private static final Pattern DATE = Pattern.compile("(\\d{1,4})-(\\d{1,2})-(\\d{1,2})");
  private static final Pattern TIME =
      Pattern.compile("(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?");
  private static final Pattern TIMESTAMP = Pattern.compile("([0-9-]+)(?:(?: +|T)(.+))?");

  private DateTimeValues() {}

  /** Days since the epoch, or null if out of DATE's int range. */
  static Integer days(LocalDate d) {
    long days = d.toEpochDay();
    return days == (int) days ? (int) days : null;
  }

  static int millisOfDay(LocalTime t) {
    return (int) (t.toNanoOfDay() / 1_000_000);
  }

  /** java.sql.Time keeps milliseconds that toLocalTime() drops; zone offsets are whole seconds. */
  static int millisOfDay(java.sql.Time t) {
    return t.toLocalTime().toSecondOfDay() * 1000 + (int) Math.floorMod(t.getTime(), 1000L);
  }

  /** Milliseconds since the epoch of a wall-clock date-time taken as UTC, or null on overflow. */
  static Long epochMillis(LocalDateTime t) {
    try {
      return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1000L),
          t.getNano() / 1_000_000);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** A DATE literal body {@code YYYY-MM-DD}, or null. */
  static LocalDate parseDate(String s) {
    Matcher m = DATE.matcher(s);
    if (!m.matches()) {
      return null;
    }
    try {
      return LocalDate.of(num(m, 1), num(m, 2), num(m, 3));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A TIME literal body {@code HH:MM[:SS[.fff]]}; digits after milliseconds are dropped. */
  static LocalTime parseTime(String s) {
    Matcher m = TIME.matcher(s);
    if (!m.matches()) {
      return null;
    }
    try {
      int seconds = m.group(3) == null ? 0 : num(m, 3);
      String fraction = m.group(4) == null ? "" : m.group(4);
      int millis = Integer.parseInt((fraction + "000").substring(0, 3));
      return LocalTime.of(num(m, 1), num(m, 2), seconds, millis * 1_000_000);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A TIMESTAMP literal body {@code YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]]}, or null. */
  static LocalDateTime parseTimestamp(String s) {
    Matcher m = TIMESTAMP.matcher(s);
    if (!m.matches()) {
      return null;
    }
    LocalDate date = parseDate(m.group(1));
    LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : parseTime(m.group(2));
    return date == null || time == null ? null : LocalDateTime.of(date, time);
  }

  private static int num(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }
}
