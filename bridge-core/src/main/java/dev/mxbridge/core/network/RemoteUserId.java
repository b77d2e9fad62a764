package dev.mxbridge.core.network;

import java.util.Objects;

/**
 * A user on the remote network, opaque to the core. Unique and stable within one bridge: it becomes the ghost's
 * Matrix id, so a network must not use something that changes (prefer an account id to a nickname where the
 * network has one).
 */
public record RemoteUserId(String value) {
    public RemoteUserId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("remote user id must not be empty");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
