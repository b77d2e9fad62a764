package dev.mxbridge.core.registration;

import dev.mxbridge.core.BridgeException;
import java.util.List;

/** A registration that cannot be used; the message lists every problem found, one per line. */
public final class InvalidRegistrationException extends BridgeException {
    private final List<String> problems;

    public InvalidRegistrationException(String problem) {
        this(List.of(problem));
    }

    public InvalidRegistrationException(List<String> problems) {
        super("invalid registration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as a one-line message. */
    public List<String> problems() {
        return problems;
    }
}
