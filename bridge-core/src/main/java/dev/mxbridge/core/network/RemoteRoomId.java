package dev.mxbridge.core.network;

import java.util.Objects;

/**
 * A room on the remote network, opaque to the core. Unique within one bridge: a network serving several remote
 * servers or workspaces includes that in the id (e.g. {@code libera/#matrix}, {@code T0123/C0456}).
 */
public record RemoteRoomId(String value) {
    public RemoteRoomId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("remote room id must not be empty");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
