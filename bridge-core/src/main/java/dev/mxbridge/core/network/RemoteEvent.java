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
     * @param thread  the root message of the thread it belongs to, if any
     */
    record Message(RemoteRoomId room, RemoteUserId sender, Optional<String> senderName, RemoteMessageId id,
                   Instant timestamp, MessageContent content, Optional<RemoteMessageId> replyTo,
                   Optional<RemoteMessageId> thread) implements RemoteEvent {

        /** A message outside any thread. */
        public Message(RemoteRoomId room, RemoteUserId sender, Optional<String> senderName, RemoteMessageId id,
                       Instant timestamp, MessageContent content, Optional<RemoteMessageId> replyTo) {
            this(room, sender, senderName, id, timestamp, content, replyTo, Optional.empty());
        }
    }

    /** A message was changed. */
    record Edit(RemoteRoomId room, RemoteUserId sender, RemoteMessageId target, Instant timestamp,
                MessageContent content) implements RemoteEvent {
    }

    /** A reaction ({@code key}: an emoji or the network's name for one) was added to a message. */
    record Reaction(RemoteRoomId room, RemoteUserId sender, RemoteMessageId target, String key, Instant timestamp)
            implements RemoteEvent {
    }

    /** A reaction ({@code key}) that {@code sender} had added to a message was taken back. */
    record ReactionRemoved(RemoteRoomId room, RemoteUserId sender, RemoteMessageId target, String key, Instant timestamp)
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

    /**
     * The room's name, topic or avatar changed; absent fields did not change. Portals follow; plumbed rooms keep
     * their own.
     *
     * @param avatar the new avatar as an {@code mxc://} URI, or {@code ""} if the room no longer has one
     */
    record RoomInfo(RemoteRoomId room, RemoteUserId sender, Optional<String> name, Optional<String> topic,
                    Optional<String> avatar, Instant timestamp) implements RemoteEvent {
        /** A name or topic change. */
        public RoomInfo(RemoteRoomId room, RemoteUserId sender, Optional<String> name, Optional<String> topic,
                        Instant timestamp) {
            this(room, sender, name, topic, Optional.empty(), timestamp);
        }
    }

    /**
     * Who may join the remote room changed (IRC {@code +i}/{@code +k}, {@code +s}/{@code +p}). A portal follows: an
     * invite-only room gets join rule {@code invite}, history visible to members only from their join, and leaves
     * the room directory; an unlisted one leaves the directory. Plumbed rooms keep their own settings.
     */
    record Access(RemoteRoomId room, RemoteUserId sender, boolean inviteOnly, boolean listed, Instant timestamp)
            implements RemoteEvent {
    }

    /**
     * A remote user's profile changed. Pushed with any room the user is in (it orders the change with that room's
     * messages); applies to the ghost everywhere.
     *
     * @param displayName the new name, if it changed
     * @param avatar      the new avatar as an {@code mxc://} URI (upload it with {@link NetworkContext#upload}), if
     *                    it changed
     */
    record Profile(RemoteRoomId room, RemoteUserId sender, Optional<String> displayName, Optional<String> avatar,
                   Instant timestamp) implements RemoteEvent {
    }

    /** A remote user has read the room up to a message. */
    record Receipt(RemoteRoomId room, RemoteUserId sender, RemoteMessageId upTo, Instant timestamp) implements RemoteEvent {
    }

    /**
     * Remote users' standing in the room changed (IRC ops and voice): their ghosts get these Matrix power levels in
     * the room's portal; other users' levels are left alone. Plumbed rooms are not changed.
     *
     * @param levels the new power level per remote user (0, or the room's default, removes the entry)
     */
    record PowerLevels(RemoteRoomId room, RemoteUserId sender, java.util.Map<RemoteUserId, Integer> levels,
                       Instant timestamp) implements RemoteEvent {
        public PowerLevels {
            levels = java.util.Map.copyOf(levels);
        }
    }

    /**
     * A remote user went away or came back (IRC {@code away-notify}). Pushed with any room the user is in; applies to
     * the ghost's Matrix presence everywhere.
     *
     * @param away          whether the user is away ({@code unavailable} in Matrix) rather than here ({@code online})
     * @param statusMessage the away message, if any
     */
    record Presence(RemoteRoomId room, RemoteUserId sender, boolean away, Optional<String> statusMessage,
                    Instant timestamp) implements RemoteEvent {
    }

    /** A user started or stopped typing. */
    record Typing(RemoteRoomId room, RemoteUserId sender, boolean typing, Instant timestamp) implements RemoteEvent {
    }
}
