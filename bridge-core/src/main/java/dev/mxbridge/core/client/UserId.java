package dev.mxbridge.core.client;

/**
 * A Matrix user id, {@code @localpart:server}.
 *
 * @param value the full id as the homeserver spells it
 */
public record UserId(String value) {

    public UserId {
        SigilId.require(value, '@', "user id");
    }

    /** The user id {@code @localpart:server}. */
    public static UserId of(String localpart, String server) {
        return new UserId(SigilId.of('@', localpart, server));
    }

    /** The part between {@code @} and the first {@code :}. */
    public String localpart() {
        return SigilId.localpart(value);
    }

    /** The server name, after the first {@code :} (may carry a port). */
    public String server() {
        return SigilId.server(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
