package dev.mxbridge.core.client;

import java.util.Objects;

/**
 * A Matrix room alias, {@code #localpart:server}.
 *
 * @param value the full alias
 */
public record RoomAlias(String value) {

    public RoomAlias {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith("#") || value.indexOf(':') < 2) {
            throw new IllegalArgumentException("room alias must look like #localpart:server: " + value);
        }
    }

    /** The alias {@code #localpart:server}. */
    public static RoomAlias of(String localpart, String server) {
        return new RoomAlias("#" + localpart + ":" + server);
    }

    /** The part between {@code #} and the first {@code :}. */
    public String localpart() {
        return value.substring(1, value.indexOf(':'));
    }

    /** The server name, after the first {@code :}. */
    public String server() {
        return value.substring(value.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
