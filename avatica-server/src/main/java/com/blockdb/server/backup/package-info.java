/** The admin endpoint that streams an online backup of the database (docs/API.md, "Backup"). */
package com.blockdb.server.backup;
