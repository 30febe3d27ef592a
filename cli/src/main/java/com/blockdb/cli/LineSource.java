package com.blockdb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Where the shell's command lines come from: a JLine prompt on a terminal, or plain stdin. */
interface LineSource extends AutoCloseable {
  String PROMPT = "blockdb> ";

  /** The next line, or null at end of input. */
  String readLine() throws IOException;

  @Override
  void close() throws IOException;

  /** A prompt with line editing and history on a terminal; otherwise stdin without a prompt. */
  static LineSource open(boolean terminal) throws IOException {
    if (terminal) {
      return new Prompt();
    }
    return lines(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  }

  /** Lines of a reader, no prompt: for pipes, scripts and tests. */
  static LineSource lines(Reader reader) {
    BufferedReader in = new BufferedReader(reader);
    return new LineSource() {
      @Override
      public String readLine() throws IOException {
        return in.readLine();
      }

      @Override
      public void close() {
        // stdin belongs to the process; closing it gains nothing.
      }
    };
  }

  /** The JLine prompt, with history kept in ~/.blockdb_history. */
  final class Prompt implements LineSource {
    // JLine reports trouble (e.g. an unwritable history file) through java.util.logging, with
    // stack traces; the shell works without it, so keep it quiet. Held so the level sticks.
    private static final Logger JLINE_LOG = Logger.getLogger("org.jline");

    private final Terminal terminal;
    private final LineReader reader;

    Prompt() throws IOException {
      JLINE_LOG.setLevel(Level.OFF);
      terminal = TerminalBuilder.builder().system(true).build();
      reader = LineReaderBuilder.builder().terminal(terminal).appName("blockdb")
          .variable(LineReader.HISTORY_FILE,
              Path.of(System.getProperty("user.home"), ".blockdb_history"))
          .build();
    }

    @Override
    public String readLine() {
      try {
        return reader.readLine(PROMPT);
      } catch (UserInterruptException e) {
        return ""; // Ctrl-C drops the line being typed, as in a shell.
      } catch (EndOfFileException e) {
        return null;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        reader.getHistory().save();
      } finally {
        terminal.close();
      }
    }
  }
}
