package dev.mxbridge.core.client;

/** Whether a room is listed in the homeserver's public room directory. */
public enum Visibility {
    PUBLIC("public"),
    PRIVATE("private");

    private final String wire;

    Visibility(String wire) {
        this.wire = wire;
    }

    /** The value in JSON bodies. */
    public String wire() {
        return wire;
    }

    static Visibility fromWire(String wire) {
        return "public".equals(wire) ? PUBLIC : PRIVATE;
    }
}
