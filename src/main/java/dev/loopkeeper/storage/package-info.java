/** The SQLite database: connection pool, transactions, row mapping and versioned Flyway migrations. */
package dev.loopkeeper.storage;
