/**
 * The REST API (docs/API.md): JSON endpoints over the KV table and the ledger — put, get, atomic
 * batch, digest, inclusion proof, stats and verify — each authenticated, checked against its
 * permission, metered, and answered with a 4xx JSON error naming the problem when the request is
 * wrong.
 */
package com.blockdb.server.rest;
