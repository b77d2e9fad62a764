package dev.mxbridge.core.network;

import java.util.Objects;
import java.util.Optional;

/**
 * A room on the remote network: a channel, a group, or a direct chat. Most remote rooms are the same for every
 * Matrix user; a <b>per-login room</b> exists once for each login that receives it (a Slack DM as each of its
 * logged-in members sees it, a Telegram business chat, an IRC private conversation with a puppet) and names that
 * login's Matrix user as {@code receiver}. The core keeps a per-login room's portal, message map and membership apart
 * from other logins' copies, invites only the receiver, and sends only through the receiver's login.
 *
 * @param value    the network's id of the room; unique on the network, or among one login's rooms
 * @param receiver for a per-login room, the Matrix user whose login receives it
 */
public record RemoteRoomId(String value, Optional<String> receiver) {
    private static final char SEPARATOR = '\u001F';

    public RemoteRoomId {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(receiver, "receiver");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("remote room id must not be empty");
        }
        if (value.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("remote room id must not contain U+001F: " + value);
        }
        receiver.ifPresent(r -> {
            if (!r.startsWith("@") || r.indexOf(':') < 2 || r.indexOf(SEPARATOR) >= 0) {
                throw new IllegalArgumentException("receiver must be a Matrix user id, got " + r);
            }
        });
    }

    /** A room that is the same for every Matrix user. */
    public RemoteRoomId(String value) {
        this(value, Optional.empty());
    }

    /** A per-login room: {@code value} as {@code matrixUser}'s login receives it. */
    public static RemoteRoomId perLogin(String value, String matrixUser) {
        return new RemoteRoomId(value, Optional.of(matrixUser));
    }

    /** The form the store keeps: {@code value}, and for a per-login room the receiver after U+001F. */
    public String key() {
        return receiver.map(r -> value + SEPARATOR + r).orElse(value);
    }

    /** The inverse of {@link #key()}. */
    public static RemoteRoomId fromKey(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? new RemoteRoomId(key) : new RemoteRoomId(key.substring(0, at), Optional.of(key.substring(at + 1)));
    }

    /** The value, and for a per-login room its receiver: unique, readable, for logs and derived keys. */
    @Override
    public String toString() {
        return receiver.map(r -> value + " (" + r + ")").orElse(value);
    }
}
