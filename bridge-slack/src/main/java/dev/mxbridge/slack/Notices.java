package dev.mxbridge.slack;

import dev.mxbridge.core.client.CreateRoom;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.network.NetworkContext;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices from the bridge bot to one Matrix user, in a private room the bot opens with them once ("Slack bridge")
 * and remembers ({@code slack.notices}); they can answer there with commands such as {@code login}. Notices wait
 * until the bridge has started (the bot's intent comes after the network's start). Sending fails quietly but logged:
 * a notice must not stop what reported it.
 */
final class Notices {
    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);
    private static final String ROOMS = "slack.notices";

    private final CompletableFuture<Intent> bot = new CompletableFuture<>();
    private volatile NetworkContext context;

    void start(NetworkContext started) {
        context = started;
    }

    /** The bot, once the bridge runs. */
    void bot(Intent intent) {
        bot.complete(intent);
    }

    void tell(String matrixUser, String text) {
        bot.thenAcceptAsync(intent -> {
            try {
                context.notice(roomWith(intent, matrixUser), text);
            } catch (RuntimeException e) {
                LOG.warn("could not tell {}: {} ({})", matrixUser, text, e.toString());
            }
        }, r -> Thread.ofVirtual().name("slack-notice").start(r));
    }

    private synchronized String roomWith(Intent intent, String matrixUser) {
        return context.store().get(ROOMS, matrixUser).orElseGet(() -> {
            String room = intent.createRoom(CreateRoom.builder().name("Slack bridge").isDirect(true)
                    .preset(CreateRoom.Preset.TRUSTED_PRIVATE_CHAT).invite(new UserId(matrixUser)).build()).value();
            context.store().put(ROOMS, matrixUser, room);
            return room;
        });
    }
}
