package dev.mxbridge.core.client;

import java.util.Objects;

/**
 * A Matrix room id, {@code !opaque:server} (or {@code !opaque} from room version 12 on, which has no server part).
 *
 * @param value the full id as the homeserver spells it
 */
public record RoomId(String value) {

    public RoomId {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith("!") || value.length() < 2) {
            throw new IllegalArgumentException("room id must start with !: " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
