package dev.mxbridge.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that is known to fail on one homeserver implementation, at one assertion, for a stated reason: on that
 * implementation ({@link Homeserver#configuredImplementation()}) it still runs, and passes only if it fails with a
 * message containing {@link #failsWith()}; if it fails otherwise, that failure is reported, and if it passes the gap
 * has closed and the annotation must go. Elsewhere the test runs as usual.
 *
 * <pre>{@code
 * @Test
 * @HomeserverGap(on = Implementation.DENDRITE, failsWith = "waiting for the redaction",
 *         because = "Dendrite 0.13.8 sends no m.room.redaction events to application services")
 * void redactionsFollow() { ... }
 * }</pre>
 *
 * <p>Unlike a skip, the gap stays measured: the rest of the test before the failing assertion still has to pass.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(HomeserverGapExtension.class)
public @interface HomeserverGap {
    /** The implementation the test fails on. */
    Homeserver.Implementation on();

    /** A fragment of the expected failure's message, precise enough to name the failing assertion. */
    String failsWith();

    /** Why it fails there: what the homeserver or the bridge lacks. */
    String because();
}
