package dev.mxbridge.core.client;

import java.util.Objects;

/**
 * The {@code <sigil>localpart:server} grammar that {@link UserId} and {@link RoomAlias} share: the localpart runs to
 * the first {@code :}, the server name (which may carry a port) is the rest.
 */
final class SigilId {
    private SigilId() {
    }

    /**
     * Returns {@code value} if it is {@code <sigil>localpart:server} with a non-empty localpart; {@code what} names it
     * in the error.
     */
    static String require(String value, char sigil, String what) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.charAt(0) != sigil || value.indexOf(':') < 2) {
            throw new IllegalArgumentException(what + " must look like " + sigil + "localpart:server: " + value);
        }
        return value;
    }

    static String of(char sigil, String localpart, String server) {
        return sigil + localpart + ":" + server;
    }

    static String localpart(String value) {
        return value.substring(1, value.indexOf(':'));
    }

    static String server(String value) {
        return value.substring(value.indexOf(':') + 1);
    }
}
