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

    HomeserverCheck(MatrixClient matrix, Registration registration, URI homeserver, BooleanSupplier transactionsArrived) {
        this.matrix = matrix;
        this.registration = registration;
        this.homeserver = homeserver;
        this.transactionsArrived = transactionsArrived;
    }

    /** Runs the check and logs the outcome; never throws. */
    void run() {
        try {
            matrix.bot().register();
        } catch (MatrixException e) {
            if (e.status() == 401 || e.is("M_UNKNOWN_TOKEN")) {
                LOG.warn("the homeserver refuses the bridge's as_token ({}): is the registration file loaded by the "
                        + "homeserver, and does it hold the same as_token as this bridge's?", e.getMessage());
            } else {
                LOG.warn("registering the bridge bot failed: {}", e.getMessage());
            }
            return;
        } catch (MatrixTransportException e) {
            LOG.warn("cannot reach the homeserver at {}: {}", homeserver, e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("registering the bridge bot failed: {}", e.toString());
            return;
        }
        ping();
    }

    private void ping() {
        String url = registration.url().map(Object::toString).orElse("(no url in the registration)");
        for (int attempt = 1; ; attempt++) {
            try {
                Duration rtt = matrix.ping(registration.id());
                LOG.info("homeserver reaches the bridge (ping {} ms)", rtt.toMillis());
                return;
            } catch (MatrixException e) {
                if (e.is("M_UNRECOGNIZED") || e.status() == 404 || e.status() == 405) {
                    LOG.info("the homeserver has no appservice ping (Matrix 1.7); the as_token works (whoami: {}), and "
                            + "transactions show that it reaches the bridge", matrix.bot().whoami().userId());
                    return;
                }
                boolean unreached = e.is("M_CONNECTION_FAILED") || e.is("M_CONNECTION_TIMEOUT");
                if (unreached && transactionsArrived.getAsBoolean()) {
                    LOG.info("the homeserver's ping of the bridge failed ({}), but its transactions arrive: it reaches "
                            + "the bridge at {}", e.getMessage(), url);
                    return;
                }
                if (attempt >= PING_ATTEMPTS) {
                    if (unreached) {
                        LOG.warn("the homeserver could not reach the bridge at {} ({}): is that url, from the "
                                + "registration, reachable from the homeserver?", url, e.getMessage());
                    } else if (e.isForbidden()) {
                        LOG.warn("the homeserver refused to ping appservice '{}' ({}): does the registration's id "
                                + "match the one the homeserver loaded?", registration.id(), e.getMessage());
                    } else {
                        LOG.warn("the homeserver's ping of the bridge failed: {}", e.getMessage());
                    }
                    return;
                }
            } catch (RuntimeException e) {
                if (attempt >= PING_ATTEMPTS) {
                    LOG.warn("asking the homeserver at {} to ping the bridge failed: {}", homeserver, e.toString());
                    return;
                }
            }
            try {
                Thread.sleep(Duration.ofSeconds(1L << attempt));
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
