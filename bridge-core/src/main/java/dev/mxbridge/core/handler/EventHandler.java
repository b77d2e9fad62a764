package dev.mxbridge.core.handler;

/**
 * Handles events from the homeserver. Called on a virtual thread, one event at a time per room, in the order the
 * homeserver sent them; different rooms run concurrently. Blocking calls are fine.
 *
 * <p>Throwing retries the event with back-off (the room waits, other rooms go on); after the configured number of
 * attempts it is recorded as failed with the exception's message and {@link #gaveUp} is called, so the handler can
 * tell the sender that their message was not delivered. Delivery is at least once: after a crash,
 * events handled in the last moments before it are delivered again with {@link InboundEvent#replayed()} set.
 *
 * <p>The bridge's own sends do not come back: room events from our bot and ghosts that change no state (messages,
 * reactions, redactions) are left out before the journal. Their state events (joins, profile changes) and ephemeral
 * events arrive, with {@link InboundEvent#echo()} set.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(InboundEvent event) throws Exception;

    /**
     * The event failed its last attempt and is recorded as failed; called once, on the room's lane, before the
     * room's next event. Should not throw (what it throws is logged). Default: nothing.
     *
     * @param cause what the last attempt threw
     */
    default void gaveUp(InboundEvent event, Throwable cause) {
    }
}
