package com.blockdb.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the whole machine and of this JVM, from /proc (Linux; -1 elsewhere), so the report can
 * say how much CPU other processes (other builds, PostgreSQL's server) took during the run.
 */
final class Cpu {

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux that matters

  private Cpu() {}

  /** Busy seconds of all cores together (everything but idle and iowait), or -1. */
  static double machineBusySeconds() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / TICKS_PER_SECOND;
    } catch (Exception e) {
      return -1;
    }
  }

  /** CPU seconds (user + system) of this process, or -1. */
  static double processSeconds() {
    return processSeconds("self");
  }

  /** CPU seconds (user + system) of process {@code pid} (a number, or "self"), or -1. */
  static double processSeconds(String pid) {
    try {
      String s = Files.readString(Path.of("/proc", pid, "stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split("\\s+");
      // after "pid (comm) ": state is f[0]; utime is field 14 overall = f[11], stime f[12]
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (Exception e) {
      return -1;
    }
  }

  /** The 1-minute load average, or -1. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (Exception e) {
      return -1;
    }
  }

  /** CPU that other processes used during a stretch of this run, in cores (core-seconds per second). */
  static final class Window {
    private final long t0 = System.nanoTime();
    private final double machine0 = machineBusySeconds();
    private final double self0 = processSeconds();

    /** Others' average cores busy since this window opened, or NaN when /proc is not there. */
    double othersCores() {
      double wall = (System.nanoTime() - t0) / 1e9;
      if (machine0 < 0 || self0 < 0 || wall <= 0) {
        return Double.NaN;
      }
      return Math.max(0, (machineBusySeconds() - machine0) - (processSeconds() - self0)) / wall;
    }

    double seconds() {
      return (System.nanoTime() - t0) / 1e9;
    }

    /** This JVM's average cores busy since this window opened, or NaN. */
    double selfCores() {
      double wall = (System.nanoTime() - t0) / 1e9;
      return self0 < 0 || wall <= 0 ? Double.NaN : (processSeconds() - self0) / wall;
    }
  }
}
