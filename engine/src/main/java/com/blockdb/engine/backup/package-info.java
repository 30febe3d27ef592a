/**
 * Online backup and restore around {@link com.blockdb.engine.BlockDb#backup}: a directory sink, the
 * streamed archive format, and the checked copy that restore starts from (docs/FORMAT.md, "Backup").
 */
package com.blockdb.engine.backup;
