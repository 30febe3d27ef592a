package com.blockdb.engine.wal;

import java.nio.file.Path;

/**
 * Bytes cut from the end of the last segment because a crash left them half-written; an offset of 0
 * means the whole file was dropped because its header never became durable.
 */
public record TornTail(Path file, long offset, long bytesDropped) {}
