/** The admin endpoint that streams an online backup of the database (docs/API-backup.md). */
package com.blockdb.server.backup;
