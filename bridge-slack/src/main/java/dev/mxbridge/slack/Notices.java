package dev.mxbridge.slack;

import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.network.NetworkContext;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices from the bridge bot to one Matrix user, in their private room with the bot ({@link NetworkContext#tell});
 * they can answer there with commands such as {@code login}. Notices wait until the bridge has started (the bot's
 * intent comes after the network's start). Sending fails quietly but logged: a notice must not stop what reported it.
 */
final class Notices {
    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);

    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private volatile NetworkContext context;

    void start(NetworkContext started) {
        context = started;
    }

    /** The bridge runs, with this bot. */
    void bot(Intent intent) {
        running.complete(null);
    }

    void tell(String matrixUser, String text) {
        running.thenRunAsync(() -> {
            try {
                context.tell(matrixUser, text);
            } catch (RuntimeException e) {
                LOG.warn("could not tell {}: {} ({})", matrixUser, text, e.toString());
            }
        }, r -> Thread.ofVirtual().name("slack-notice").start(r));
    }
}
