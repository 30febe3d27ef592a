/**
 * HTTP helpers every endpoint of the server shares: the JSON error shape, the request body limit,
 * CORS.
 */
package com.blockdb.server.http;
