/** The commit log interface and the record format every replica applies in the same order. */
package com.blockdb.engine.commit;
