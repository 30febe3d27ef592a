/** Byte, checksum and hashing helpers shared by the engine's codecs. */
package com.blockdb.engine.util;
