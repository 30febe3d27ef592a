package com.blockdb.engine.testing;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.ReadableFile;
import com.blockdb.engine.io.WritableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A file layer that passes every call to another; tests override the calls they watch or delay. */
public class ForwardingFileLayer implements FileLayer {

  protected final FileLayer real;

  public ForwardingFileLayer(FileLayer real) {
    this.real = real;
  }

  @Override
  public WritableFile create(Path file) throws IOException {
    return real.create(file);
  }

  @Override
  public WritableFile openAppend(Path file) throws IOException {
    return real.openAppend(file);
  }

  @Override
  public WritableFile openAppendAt(Path file, long position) throws IOException {
    return real.openAppendAt(file, position);
  }

  @Override
  public ReadableFile openRead(Path file) throws IOException {
    return real.openRead(file);
  }

  @Override
  public boolean exists(Path path) {
    return real.exists(path);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return real.list(dir);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    real.createDirectories(dir);
  }

  @Override
  public void delete(Path file) throws IOException {
    real.delete(file);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    real.rename(source, target);
  }

  @Override
  public void truncate(Path file, long length) throws IOException {
    real.truncate(file, length);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    real.syncDirectory(dir);
  }
}
