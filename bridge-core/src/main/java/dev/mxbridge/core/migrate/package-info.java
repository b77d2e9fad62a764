/**
 * Moving a bridge's database between engines (H2 and PostgreSQL, either way): {@link
 * dev.mxbridge.core.migrate.DatabaseMigration}. Both sides get their schema from the store's Flyway migrations; every
 * table is then copied in primary-key order, in batches, each batch committed with its progress row in the target
 * ({@code mxbridge_migration}), so a run that was interrupted resumes after the last committed batch. A table is
 * finished when its row count and an order-independent checksum of its rows agree on both sides. Not exported: the
 * command line ({@code migrate-db}) is its only user.
 */
package dev.mxbridge.core.migrate;
