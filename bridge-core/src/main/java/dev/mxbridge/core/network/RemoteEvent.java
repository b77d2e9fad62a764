package dev.mxbridge.core.network;

import java.time.Instant;
import java.util.Optional;

/**
 * Something that happened on the remote network, pushed by a network module with
 * {@link NetworkContext#push(RemoteEvent)}. The core delivers the events of one remote room in the order they were
 * pushed, as the right ghost, into every Matrix room linked to it.
 */
public sealed interface RemoteEvent {
    /** Where it happened. */
    RemoteRoomId room();

    /** Who did it. */
    RemoteUserId sender();

    /** When it happened on the remote network (becomes the Matrix event's timestamp). */
    Instant timestamp();

    /**
     * A new message.
     *
     * @param id      its remote id (its parts become separate Matrix events)
     * @param sender  its author; {@code senderName} is the display name to show for the ghost, if known
     * @param replyTo the message it answers, if any
     */
    record Message(RemoteRoomId room, RemoteUserId sender, Optional<String> senderName, RemoteMessageId id,
                   Instant timestamp, MessageContent content, Optional<RemoteMessageId> replyTo) implements RemoteEvent {
    }

    /** A message was changed. */
    record Edit(RemoteRoomId room, RemoteUserId sender, RemoteMessageId target, Instant timestamp,
                MessageContent content) implements RemoteEvent {
    }

    /** A reaction ({@code key}: an emoji or the network's name for one) was added to a message. */
    record Reaction(RemoteRoomId room, RemoteUserId sender, RemoteMessageId target, String key, Instant timestamp)
            implements RemoteEvent {
    }

    /** A message was deleted. */
    record Delete(RemoteRoomId room, RemoteUserId sender, RemoteMessageId target, Instant timestamp)
            implements RemoteEvent {
    }

    /** Someone joined, left, was kicked or banned; {@code sender} is the actor, {@code target} the member. */
    record Membership(RemoteRoomId room, RemoteUserId sender, RemoteUserId target, Change change,
                      Optional<String> reason, Instant timestamp) implements RemoteEvent {
        /** The kind of membership change. */
        public enum Change { JOIN, LEAVE, KICK, BAN, UNBAN }
    }

    /** The room's name or topic changed; absent fields did not change. */
    record RoomInfo(RemoteRoomId room, RemoteUserId sender, Optional<String> name, Optional<String> topic,
                    Instant timestamp) implements RemoteEvent {
    }

    /** A user started or stopped typing. */
    record Typing(RemoteRoomId room, RemoteUserId sender, boolean typing, Instant timestamp) implements RemoteEvent {
    }
}
