package dev.mxbridge.core.journal;

/**
 * Handles events from the homeserver. Called on a virtual thread, one event at a time per room, in the order the
 * homeserver sent them; different rooms run concurrently. Blocking calls are fine.
 *
 * <p>Throwing retries the event with back-off (the room waits, other rooms go on); after the configured number of
 * attempts it is recorded as failed with the exception's message. Delivery is at least once: after a crash,
 * events handled in the last moments before it are delivered again with {@link InboundEvent#replayed()} set.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(InboundEvent event) throws Exception;
}
