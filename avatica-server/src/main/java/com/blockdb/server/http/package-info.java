/**
 * HTTP helpers every endpoint of the server shares: the JSON error shape, the request body limit,
 * CORS, gzip for the clients that accept it.
 */
package com.blockdb.server.http;
