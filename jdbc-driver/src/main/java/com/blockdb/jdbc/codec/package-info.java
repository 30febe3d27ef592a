/**
 * Value codecs of BlockDB's SQL tables: {@link com.blockdb.jdbc.codec.ValueNormalizer} turns an
 * incoming value into its column's canonical Calcite-internal value, {@link
 * com.blockdb.jdbc.codec.KeyCodec} encodes primary keys so that unsigned byte order is SQL order,
 * and {@link com.blockdb.jdbc.codec.RowCodec} encodes the non-key columns of a row. The byte
 * layouts are documented in docs/FORMAT.md (section "SQL tables: keys and rows").
 */
package com.blockdb.jdbc.codec;
