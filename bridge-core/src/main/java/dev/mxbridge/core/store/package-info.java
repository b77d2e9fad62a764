/**
 * Persistence: {@link dev.mxbridge.core.store.Database} opens H2 (embedded, the default) or PostgreSQL with one
 * schema migrated by Flyway from {@code dev/mxbridge/core/store/migration}; {@link dev.mxbridge.core.store.JdbcKeyValueStore}
 * keeps small named values. The journal and, later, rooms, ghosts, logins and message maps live in the same database.
 */
package dev.mxbridge.core.store;
