package com.blockdb.engine.powerloss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Why the power-loss tests give each engine instance a {@link FencedFileLayer}: after
 * {@link FaultInjectingFileLayer#crash()} only the OPEN handles die. Path operations of the shared
 * layer still work for anyone, so a dead instance's threads could still delete, rename or create
 * files (and write through the new handle) in the state the next instance recovers from.
 */
class FencedFileLayerTest {

  private static final Path D = FaultInjectingFileLayer.ROOT.resolve("d");

  @Test
  void theSharedLayerLetsADeadInstanceChangeThePostCrashState() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
    fs.createDirectories(D);
    WritableFile old = fs.create(D.resolve("a"));
    old.append(ByteBuffer.wrap(new byte[] {1}));
    old.sync();
    fs.syncDirectory(D);
    fs.crash();
    assertThatThrownBy(() -> old.append(ByteBuffer.wrap(new byte[] {2}))).isInstanceOf(IOException.class);
    // ...but a "dead" caller can still do this, which a process that lost power never could:
    WritableFile fresh = fs.create(D.resolve("b"));
    fresh.append(ByteBuffer.wrap(new byte[] {3}));
    fresh.sync();
    fs.delete(D.resolve("a"));
    assertThat(fs.exists(D.resolve("a"))).isFalse();
    assertThat(fs.exists(D.resolve("b"))).isTrue();
  }

  @Test
  void theFenceStopsEverythingOnceThePowerWentOut() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1);
    FencedFileLayer before = new FencedFileLayer(fs);
    before.createDirectories(D);
    WritableFile w = before.create(D.resolve("a"));
    w.append(ByteBuffer.wrap(new byte[] {1}));
    w.sync();
    before.syncDirectory(D);
    fs.crash();
    assertThat(before.dead()).isTrue();
    assertThatThrownBy(() -> before.create(D.resolve("b"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> before.delete(D.resolve("a"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> before.rename(D.resolve("a"), D.resolve("c"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> before.truncate(D.resolve("a"), 0)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> before.syncDirectory(D)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> before.openAppend(D.resolve("a"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> before.list(D)).isInstanceOf(IOException.class);
    assertThat(fs.readFile(D.resolve("a"))).containsExactly(1);
    FencedFileLayer after = new FencedFileLayer(fs);
    assertThat(after.dead()).isFalse();
    after.create(D.resolve("b")).close();
    assertThat(after.list(D)).containsExactly("a", "b");
  }

  @Test
  void crashAtOperationLosesPowerJustBeforeThatOperation() throws IOException {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(2);
    FencedFileLayer layer = new FencedFileLayer(fs);
    layer.createDirectories(D);
    layer.crashAtOperation(2); // the second mutating operation from now
    WritableFile w = layer.create(D.resolve("a")); // the first: done
    assertThatThrownBy(() -> w.append(ByteBuffer.wrap(new byte[] {1}))).isInstanceOf(IOException.class)
        .hasMessageContaining("simulated power loss");
    assertThat(fs.crashCount()).isEqualTo(1);
    assertThat(fs.exists(D.resolve("a"))).as("an unsynced creation is lost").isFalse();
  }
}
