package dev.mxbridge.core.network;

import java.util.Optional;

/**
 * Small named values that outlive a restart, in the bridge's own database: a polling network's position in its
 * stream (a Telegram {@code getUpdates} offset, a sync token), cursors, one-off flags. Grouped by namespace: use
 * your network's name, e.g. {@code telegram.offset}. Every call is a committed database write or read, so keep values
 * small and writes to what must survive a crash.
 *
 * <p>Threading: any thread.
 */
public interface KeyValueStore {

    /** The value, if set. */
    Optional<String> get(String namespace, String key);

    /** Sets or replaces a value; committed when this returns. */
    void put(String namespace, String key, String value);

    /** Removes a value; returns whether there was one. */
    boolean delete(String namespace, String key);
}
