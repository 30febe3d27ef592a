package com.blockdb.sqltests;

import com.blockdb.sqltests.Command.Action;
import com.blockdb.sqltests.Command.ActionKind;
import com.blockdb.sqltests.Check.ExpectedLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns script text into commands. A SQL statement runs to the first line ending in {@code ;}; the
 * lines after it up to its first directive are the expected output that directive checks; a text
 * line after a directive starts the next statement. Comment ({@code #}, {@code --}) and blank lines
 * outside a statement are skipped. Not thread-safe: one parser per script.
 */
final class ScriptParser {
  private final String name;
  private final List<Command> commands = new ArrayList<>();
  private final List<ExpectedLine> block = new ArrayList<>();

  private StringBuilder sql;
  private int sqlLine;
  // The action whose checks are being read, with its checks so far.
  private int actionLine;
  private ActionKind actionKind;
  private String actionSql;
  private List<Check> checks;

  /** The names {@code !isolation} takes: the JDBC constants without {@code TRANSACTION_}. */
  static final List<String> ISOLATION_LEVELS =
      List.of("NONE", "READ_UNCOMMITTED", "READ_COMMITTED", "REPEATABLE_READ", "SERIALIZABLE");

  ScriptParser(String name) {
    this.name = name;
  }

  Script parse(String text) {
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      line(i + 1, lines[i]);
    }
    if (sql != null) {
      throw error(sqlLine, "statement does not end with ';'");
    }
    finishAction();
    return new Script(name, commands);
  }

  private void line(int no, String line) {
    if (sql != null) {
      sql.append('\n').append(line);
      if (line.stripTrailing().endsWith(";")) {
        endStatement();
      }
      return;
    }
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("--")) {
      return;
    }
    if (trimmed.startsWith("!")) {
      directive(no, trimmed);
      return;
    }
    if (actionKind != null && checks.isEmpty() && !actionKind.isConnectionCall()) {
      block.add(new ExpectedLine(no, line.stripTrailing()));
      return;
    }
    finishAction();
    sql = new StringBuilder(line);
    sqlLine = no;
    if (trimmed.endsWith(";")) {
      endStatement();
    }
  }

  private void endStatement() {
    String text = sql.toString().stripTrailing();
    startAction(sqlLine, ActionKind.STATEMENT, text.substring(0, text.length() - 1).strip());
    sql = null;
  }

  private void directive(int no, String trimmed) {
    int space = trimmed.indexOf(' ');
    String word = space < 0 ? trimmed : trimmed.substring(0, space);
    String args = space < 0 ? "" : trimmed.substring(space + 1).strip();
    switch (word) {
      case "!ok" -> rows(no, true, true);
      case "!unordered" -> rows(no, false, true);
      case "!ok-any" -> rows(no, true, false);
      case "!update" -> check(no, word, new Check.Update(no, counts(no, args)));
      case "!error" -> check(no, word, errorCheck(no, args));
      case "!types" -> check(no, word, new Check.Types(no, cells(no, word, args)));
      case "!columns" -> check(no, word, new Check.Columns(no, cells(no, word, args)));
      case "!execute" -> {
        noArgs(no, word, args);
        finishAction();
        startAction(no, ActionKind.EXECUTE, null);
      }
      case "!executeBatch" -> {
        noArgs(no, word, args);
        finishAction();
        startAction(no, ActionKind.EXECUTE_BATCH, null);
      }
      case "!prepare" -> {
        finishAction();
        String s = args.endsWith(";") ? args.substring(0, args.length() - 1).strip() : args;
        if (s.isEmpty()) {
          throw error(no, "!prepare needs a SQL statement");
        }
        commands.add(new Command.Prepare(no, s));
      }
      case "!bind" -> {
        finishAction();
        try {
          commands.add(new Command.Bind(no, BindValue.parseList(args)));
        } catch (IllegalArgumentException e) {
          throw error(no, e.getMessage());
        }
      }
      case "!addBatch" -> {
        noArgs(no, word, args);
        finishAction();
        commands.add(new Command.AddBatch(no));
      }
      case "!commit", "!rollback" -> {
        noArgs(no, word, args);
        finishAction();
        startAction(no, word.equals("!commit") ? ActionKind.COMMIT : ActionKind.ROLLBACK, null);
      }
      case "!autocommit" -> {
        if (!args.equals("on") && !args.equals("off")) {
          throw error(no, "!autocommit takes on or off");
        }
        finishAction();
        startAction(no, ActionKind.AUTOCOMMIT, args);
      }
      case "!isolation" -> {
        if (!ISOLATION_LEVELS.contains(args)) {
          throw error(no, "!isolation takes one of " + ISOLATION_LEVELS);
        }
        finishAction();
        startAction(no, ActionKind.ISOLATION, args);
      }
      case "!connection" -> {
        if (!args.matches("[A-Za-z0-9_]+")) {
          throw error(no, "!connection needs a name (letters, digits, _)");
        }
        finishAction();
        commands.add(new Command.UseConnection(no, args));
      }
      case "!connect" -> {
        noArgs(no, word, args);
        finishAction();
        commands.add(new Command.Connect(no));
      }
      default -> throw error(no, "unknown directive " + word);
    }
  }

  private void rows(int no, boolean ordered, boolean rowsChecked) {
    if (actionKind == null) {
      throw error(no, "directive without a statement before it");
    }
    if (!checks.isEmpty()) {
      throw error(no, "a result check must be the first directive after its statement");
    }
    if (rowsChecked && block.isEmpty()) {
      throw error(no, "expected output (a header line, then rows) is missing before this directive");
    }
    checks.add(new Check.Rows(no, block, ordered, rowsChecked));
    block.clear();
  }

  private void check(int no, String word, Check check) {
    if (actionKind == null) {
      throw error(no, word + " without a statement before it");
    }
    if (!block.isEmpty()) {
      throw error(block.get(0).line(),
          "text before " + word + " (is a statement missing its directive, or its ';'?)");
    }
    checks.add(check);
  }

  private Check.Error errorCheck(int no, String args) {
    String[] parts = args.split("\\s+", 3);
    if (args.isEmpty() || parts[0].length() != 5) {
      throw error(no, "!error needs a five-character SQLState");
    }
    Integer vendor = null;
    String message = null;
    if (parts.length > 1) {
      if (parts[1].matches("-?\\d+")) {
        vendor = Integer.valueOf(parts[1]);
        message = parts.length > 2 ? parts[2] : null;
      } else {
        message = args.substring(5).strip();
      }
    }
    return new Check.Error(no, parts[0], vendor, message);
  }

  private List<Long> counts(int no, String args) {
    if (args.isEmpty()) {
      return List.of(); // an empty batch's counts
    }
    try {
      return Arrays.stream(args.split("[\\s,]+")).map(Long::valueOf).toList();
    } catch (NumberFormatException e) {
      throw error(no, "!update counts must be integers: " + args);
    }
  }

  private List<String> cells(int no, String word, String args) {
    if (args.isEmpty()) {
      throw error(no, word + " needs its list on the same line, separated by ' | '");
    }
    return Arrays.stream(args.split("\\|")).map(String::strip).toList();
  }

  private void noArgs(int no, String word, String args) {
    if (!args.isEmpty()) {
      throw error(no, word + " takes no arguments");
    }
  }

  private void startAction(int line, ActionKind kind, String text) {
    actionLine = line;
    actionKind = kind;
    actionSql = text;
    checks = new ArrayList<>();
    block.clear();
  }

  private void finishAction() {
    if (actionKind == null) {
      return;
    }
    if (checks.isEmpty() && actionKind.isConnectionCall()) {
      checks.add(new Check.Success(actionLine));
    }
    if (checks.isEmpty()) {
      throw error(actionLine, "no directive (!ok, !update, !error ...) after this "
          + (actionKind == ActionKind.STATEMENT ? "statement" : "action"));
    }
    commands.add(new Action(actionLine, actionKind, actionSql, checks));
    actionKind = null;
    checks = null;
  }

  private ScriptFormatException error(int line, String problem) {
    return new ScriptFormatException(name, line, problem);
  }
}
