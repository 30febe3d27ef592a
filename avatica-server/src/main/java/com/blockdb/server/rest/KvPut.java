package com.blockdb.server.rest;

/** One put of a request, decoded: the key and value bytes as they will be stored. */
record KvPut(byte[] key, byte[] value) {}
