package dev.mxbridge.core.handler;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An event from the homeserver as a handler sees it.
 *
 * @param seq       the journal's sequence number (arrival order)
 * @param txnId     the homeserver transaction that brought it
 * @param roomId    its room, empty for presence
 * @param ephemeral whether it is an EDU (typing, receipt, presence) rather than a room event
 * @param echo      whether our own bot or one of our ghosts sent it (only state and ephemeral events: their other room
 *                  events are left out, see {@link EventHandler})
 * @param replayed  whether it may have been handled before a restart: loaded from the journal at start-up, or
 *                  arriving in the first transaction stored after start-up or found by the start-up timeline repair
 *                  (the previous run may have handled those while their transaction was being stored); effects must
 *                  be idempotent (as sends with stable transaction keys are)
 * @param attempt   1 for the first try, more on retries after the handler threw
 * @param json      the event exactly as the homeserver sent it
 */
public record InboundEvent(long seq, String txnId, Optional<String> roomId, boolean ephemeral, boolean echo,
                           boolean replayed, int attempt, JsonNode json) {

    /** The event type, e.g. {@code m.room.message}. */
    public String type() {
        return json.path("type").asString("");
    }

    /** The sender's user id; empty for EDUs that have none. */
    public String sender() {
        return json.path("sender").asString("");
    }

    /** The event id; empty for EDUs. */
    public Optional<String> eventId() {
        JsonNode id = json.get("event_id");
        return id == null || !id.isString() ? Optional.empty() : Optional.of(id.asString());
    }

    /** The state key, present only on state events. */
    public Optional<String> stateKey() {
        JsonNode key = json.get("state_key");
        return key == null || !key.isString() ? Optional.empty() : Optional.of(key.asString());
    }

    /** The event content; a missing node when there is none. */
    public JsonNode content() {
        return json.path("content");
    }

    /**
     * A key that identifies this event across redeliveries: the event id, or for EDUs the transaction and position.
     * Use it as the transaction key of whatever the handler sends, so a redelivery does not send twice.
     */
    public String idempotencyKey() {
        return eventId().orElse("txn:" + txnId + ":" + seq);
    }
}
