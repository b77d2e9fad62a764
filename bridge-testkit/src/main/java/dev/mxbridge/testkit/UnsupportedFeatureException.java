package dev.mxbridge.testkit;

/**
 * A test asked a homeserver for a facility its implementation does not have, such as Synapse's shared-secret login
 * module on Dendrite. The message names the facility and the implementation; a test that needs the facility runs on
 * the implementation that has it.
 */
public final class UnsupportedFeatureException extends TestKitException {
    private final Homeserver.Implementation implementation;
    private final String feature;

    UnsupportedFeatureException(Homeserver.Implementation implementation, String feature) {
        super(implementation.id() + " has no " + feature + "; a test that needs it must run on "
                + (implementation == Homeserver.Implementation.SYNAPSE ? "another homeserver" : "synapse"));
        this.implementation = implementation;
        this.feature = feature;
    }

    /** The homeserver that lacks the facility. */
    public Homeserver.Implementation implementation() {
        return implementation;
    }

    /** The facility, in words. */
    public String feature() {
        return feature;
    }
}
