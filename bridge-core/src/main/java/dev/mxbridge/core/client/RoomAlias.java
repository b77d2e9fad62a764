package dev.mxbridge.core.client;

/**
 * A Matrix room alias, {@code #localpart:server}.
 *
 * @param value the full alias
 */
public record RoomAlias(String value) {

    public RoomAlias {
        SigilId.require(value, '#', "room alias");
    }

    /** The alias {@code #localpart:server}. */
    public static RoomAlias of(String localpart, String server) {
        return new RoomAlias(SigilId.of('#', localpart, server));
    }

    /** The part between {@code #} and the first {@code :}. */
    public String localpart() {
        return SigilId.localpart(value);
    }

    /** The server name, after the first {@code :}. */
    public String server() {
        return SigilId.server(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
