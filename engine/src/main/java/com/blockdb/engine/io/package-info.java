/** The narrow file-system interface the engine writes through, so crash tests can replace it. */
package com.blockdb.engine.io;
