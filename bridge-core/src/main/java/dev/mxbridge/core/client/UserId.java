package dev.mxbridge.core.client;

import java.util.Objects;

/**
 * A Matrix user id, {@code @localpart:server}.
 *
 * @param value the full id as the homeserver spells it
 */
public record UserId(String value) {

    public UserId {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith("@") || value.indexOf(':') < 2) {
            throw new IllegalArgumentException("user id must look like @localpart:server: " + value);
        }
    }

    /** The user id {@code @localpart:server}. */
    public static UserId of(String localpart, String server) {
        return new UserId("@" + localpart + ":" + server);
    }

    /** The part between {@code @} and the first {@code :}. */
    public String localpart() {
        return value.substring(1, value.indexOf(':'));
    }

    /** The server name, after the first {@code :} (may carry a port). */
    public String server() {
        return value.substring(value.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
