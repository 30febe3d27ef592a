/** The ledger: canonical entries, block headers, the block file and the sealed-block index. */
package com.blockdb.engine.ledger;
