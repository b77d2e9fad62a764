package dev.mxbridge.core;

import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.MatrixTransportException;
import dev.mxbridge.core.registration.Registration;
import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of both directions between the bridge and its homeserver: the bot is registered with the
 * {@code as_token} (homeserver → accepts our token), then the homeserver is asked to ping the bridge (homeserver →
 * reaches our url). Each failure is reported with its likely cause, and only a cause the registration can have is
 * blamed on the registration: a failed ping while transactions arrive is a homeserver hiccup, not a wrong url; a
 * homeserver without the ping endpoint (before Matrix 1.7, or Dendrite) is checked with {@code whoami} instead.
 */
final class HomeserverCheck {
    private static final Logger LOG = LoggerFactory.getLogger(HomeserverCheck.class);
    private static final int PING_ATTEMPTS = 3;

    private final MatrixClient matrix;
    private final Registration registration;
    private final URI homeserver;
    private final BooleanSupplier transactionsArrived;
    private final Duration firstRetry;

    /**
     * @param transactionsArrived whether a transaction has been stored since start-up
     * @param firstRetry          the wait before the second ping, doubling for the third
     */
    HomeserverCheck(MatrixClient matrix, Registration registration, URI homeserver, BooleanSupplier transactionsArrived,
                    Duration firstRetry) {
        this.matrix = matrix;
        this.registration = registration;
        this.homeserver = homeserver;
        this.transactionsArrived = transactionsArrived;
        this.firstRetry = firstRetry;
    }

    /** What the check concluded, as logged: a problem (a warning) or not. */
    record Outcome(boolean problem, String text) {
    }

    /** Runs the check and logs the outcome; never throws. */
    Outcome run() {
        Outcome outcome = check();
        if (outcome.problem()) {
            LOG.warn("{}", outcome.text());
        } else {
            LOG.info("{}", outcome.text());
        }
        return outcome;
    }

    private Outcome check() {
        try {
            matrix.bot().register();
        } catch (MatrixException e) {
            if (e.status() == 401 || e.is("M_UNKNOWN_TOKEN")) {
                return problem("the homeserver refuses the bridge's as_token (" + e.getMessage() + "): is the "
                        + "registration file loaded by the homeserver, and does it hold the same as_token as this bridge's?");
            }
            return problem("registering the bridge bot failed: " + e.getMessage());
        } catch (MatrixTransportException e) {
            return problem("cannot reach the homeserver at " + homeserver + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return problem("registering the bridge bot failed: " + e);
        }
        return ping();
    }

    private Outcome ping() {
        String url = registration.url().map(Object::toString).orElse("(no url in the registration)");
        for (int attempt = 1; ; attempt++) {
            try {
                Duration rtt = matrix.ping(registration.id());
                return fine("homeserver reaches the bridge (ping " + rtt.toMillis() + " ms)");
            } catch (MatrixException e) {
                if (e.is("M_UNRECOGNIZED") || e.status() == 404 || e.status() == 405) {
                    return withoutPing();
                }
                boolean unreached = e.is("M_CONNECTION_FAILED") || e.is("M_CONNECTION_TIMEOUT");
                if (unreached && transactionsArrived.getAsBoolean()) {
                    return fine("the homeserver's ping of the bridge failed (" + e.getMessage() + "), but its "
                            + "transactions arrive: it reaches the bridge at " + url);
                }
                if (attempt >= PING_ATTEMPTS) {
                    if (unreached) {
                        return problem("the homeserver could not reach the bridge at " + url + " (" + e.getMessage()
                                + "): is that url, from the registration, reachable from the homeserver?");
                    }
                    if (e.isForbidden()) {
                        return problem("the homeserver refused to ping appservice '" + registration.id() + "' ("
                                + e.getMessage() + "): does the registration's id match the one the homeserver loaded?");
                    }
                    return problem("the homeserver's ping of the bridge failed: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                if (attempt >= PING_ATTEMPTS) {
                    return problem("asking the homeserver at " + homeserver + " to ping the bridge failed: " + e);
                }
            }
            try {
                Thread.sleep(firstRetry.multipliedBy(1L << (attempt - 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return problem("the homeserver check was interrupted");
            }
        }
    }

    /** A homeserver without the ping (before Matrix 1.7, or Dendrite): whoami shows at least that the as_token works. */
    private Outcome withoutPing() {
        String noPing = "the homeserver has no appservice ping (Matrix 1.7)";
        try {
            return fine(noPing + "; the as_token works (whoami: " + matrix.bot().whoami().userId()
                    + "), and transactions show whether it reaches the bridge");
        } catch (MatrixException e) {
            if (e.status() == 401 || e.is("M_UNKNOWN_TOKEN")) {
                return problem(noPing + ", and it refuses the bridge's as_token in whoami (" + e.getMessage() + "): is "
                        + "the registration file loaded by the homeserver, and does it hold this bridge's as_token?");
            }
            return problem(noPing + ", and whoami with the bridge's as_token failed: " + e.getMessage());
        } catch (RuntimeException e) {
            return problem(noPing + ", and whoami with the bridge's as_token failed: " + e);
        }
    }

    private static Outcome problem(String text) {
        return new Outcome(true, text);
    }

    private static Outcome fine(String text) {
        return new Outcome(false, text);
    }
}
