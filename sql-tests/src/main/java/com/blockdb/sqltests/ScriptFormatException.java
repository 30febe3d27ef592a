package com.blockdb.sqltests;

/** A script that does not follow the format; the message names the script and line. */
public class ScriptFormatException extends IllegalArgumentException {
  public ScriptFormatException(String script, int line, String problem) {
    super(script + ":" + line + ": " + problem);
  }
}
