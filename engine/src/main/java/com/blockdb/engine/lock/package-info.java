/**
 * Transaction locks: {@link com.blockdb.engine.lock.LockManager} grants SHARED and EXCLUSIVE locks
 * on (table, key) resources in fair FIFO order, and breaks a deadlock the moment the wait that
 * closes it begins by aborting the youngest transaction of the cycle.
 */
package com.blockdb.engine.lock;
