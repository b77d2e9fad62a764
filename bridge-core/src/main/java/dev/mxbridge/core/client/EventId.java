package dev.mxbridge.core.client;

import java.util.Objects;

/**
 * A Matrix event id, {@code $opaque} (room versions 1 and 2 add {@code :server}).
 *
 * @param value the full id as the homeserver spells it
 */
public record EventId(String value) {

    public EventId {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith("$") || value.length() < 2) {
            throw new IllegalArgumentException("event id must start with $: " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
