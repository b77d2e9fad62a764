package dev.mxbridge.core.network;

import java.util.Objects;

/**
 * A message on the remote network, unique within its {@link RemoteRoomId}. One remote message can become several
 * Matrix events (a caption and an image, a long text split in parts): each has a {@link #part()} index, 0 first.
 */
public record RemoteMessageId(String value, int part) {
    public RemoteMessageId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("remote message id must not be empty");
        }
        if (part < 0) {
            throw new IllegalArgumentException("part must not be negative");
        }
    }

    /** The first (or only) part of a message. */
    public static RemoteMessageId of(String value) {
        return new RemoteMessageId(value, 0);
    }

    /** The same message, another part. */
    public RemoteMessageId part(int index) {
        return new RemoteMessageId(value, index);
    }

    @Override
    public String toString() {
        return part == 0 ? value : value + "#" + part;
    }
}
