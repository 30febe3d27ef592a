/** RFC 6962 / RFC 9162 Merkle tree hashing, audit paths and consistency proofs, and their verifiers. */
package com.blockdb.engine.merkle;
