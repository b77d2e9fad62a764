package dev.mxbridge.slack;

import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteRoomId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Where every Slack event enters the bridge, whichever way it came: translated, then stored through the core's
 * durable push with Slack's {@code event_id} as delivery key (the n-th further event made from one Slack event gets
 * {@code event_id#n}). The returned stage completes once all are stored — the moment to acknowledge the envelope or
 * answer the request — so a crash loses nothing and a redelivery is dropped as known.
 *
 * Events of the bot's own DM are not bridged: {@link BotDm} answers them.
 *
 * <p>Threading: one event at a time, so the events of a channel are pushed in the order they arrived.
 */
final class Intake {
    private final Inbound inbound;
    private final DirectChats direct;
    private final Predicate<RemoteRoomId> bridged;
    private final NetworkContext context;
    private final BotDm botDm;

    /** @param bridged whether a room's events are bridged at all (a channel in {@code deny_channels} is not) */
    Intake(Inbound inbound, DirectChats direct, BotDm botDm, Predicate<RemoteRoomId> bridged, NetworkContext context) {
        this.inbound = inbound;
        this.botDm = botDm;
        this.direct = direct;
        this.bridged = bridged;
        this.context = context;
    }

    synchronized CompletableFuture<Void> accept(JsonNode payload) {
        if (!payload.path("type").asString("").equals("event_callback") || botDm.handle(payload)) {
            return CompletableFuture.completedFuture(null);
        }
        String eventId = payload.path("event_id").asString("");
        List<RemoteEvent> events;
        try {
            events = direct.fanOut(inbound.translate(payload)).stream().filter(e -> bridged.test(e.room())).toList();
        } catch (SlackBridgeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?>[] stored = new CompletableFuture<?>[events.size()];
        for (int i = 0; i < events.size(); i++) {
            Optional<String> key = eventId.isEmpty() ? Optional.empty() : Optional.of(i == 0 ? eventId : eventId + "#" + i);
            stored[i] = context.pushDurably(events.get(i), key);
        }
        return CompletableFuture.allOf(stored);
    }
}
