package dev.mxbridge.core.network;

import dev.mxbridge.core.client.Media;
import java.util.Optional;

/**
 * One connection to the remote network: a user's own login (a puppet) or the bridge's relay account. Sends what
 * Matrix users do. Optional abilities are the capability interfaces ({@link Edits}, {@link Reactions},
 * {@link Deletions}, {@link TypingNotices}); the core checks for them and degrades gracefully (an edit becomes a
 * {@code * corrected} message where the network cannot edit).
 *
 * <p>Called on the room's virtual thread, one message at a time per Matrix room: blocking is fine.
 */
public interface NetworkClient {

    /**
     * Sends a message; returns its remote id, used to map later edits, replies, reactions and deletions.
     *
     * @throws Exception to have the core retry with back-off, then report the failure in the room
     */
    RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws Exception;

    /**
     * The remote account this client acts as, if known. Read from the {@linkplain NetworkConnector#relay() relay}:
     * every remote event whose sender is the relay's account is dropped before it reaches Matrix — its joins,
     * posts, edits and reactions — also those with ids the bridge never mapped (notices the module posts itself,
     * posts the network rewrote, the account used from another client). Without it, a message the bridge sent is
     * still recognised by its mapped id, but anything else the relay's account does appears in Matrix as a ghost of
     * the relay. Puppets' echoes are recognised by their mapped ids and by the actions the core remembers taking.
     */
    default java.util.Optional<RemoteUserId> account() {
        return java.util.Optional.empty();
    }

    /** Can change sent messages. */
    interface Edits {
        void edit(RemoteRoomId room, RemoteMessageId target, OutboundMessage replacement) throws Exception;
    }

    /** Can react to messages. */
    interface Reactions {
        void react(RemoteRoomId room, RemoteMessageId target, String key) throws Exception;
    }

    /** Can take back a reaction it added ({@code key} as given to {@link Reactions#react}). */
    interface ReactionRemovals {
        void unreact(RemoteRoomId room, RemoteMessageId target, String key) throws Exception;
    }

    /**
     * Can delete messages: what a Matrix redaction of a bridged message becomes (the remote side's word, as in
     * {@link RemoteEvent.Delete}, which is a remote deletion on its way to Matrix as a redaction).
     */
    interface Deletions {
        void delete(RemoteRoomId room, RemoteMessageId target) throws Exception;
    }

    /** Can show that someone is typing. */
    interface TypingNotices {
        void typing(RemoteRoomId room, boolean typing) throws Exception;
    }

    /** Can tell the network that the user has read a room up to a message. */
    interface ReadReceipts {
        void markRead(RemoteRoomId room, RemoteMessageId upTo) throws Exception;
    }

    /** Can change a remote room's topic. */
    interface Topics {
        void setTopic(RemoteRoomId room, String topic) throws Exception;
    }

    /**
     * Can give ranks on the network for Matrix power levels (IRC: {@code +o} for 50 and up, {@code +v} for 1 to
     * 49): someone changed power levels in a bridged room, and this is their own connection. {@code matrixUser} is a
     * ghost or a Matrix user; the client does nothing where its account may not set ranks or has no equivalent.
     */
    interface Ranks {
        void setPowerLevel(RemoteRoomId room, String matrixUser, int level) throws Exception;
    }

    /** Can rename a remote room: a Matrix user changed a bridged portal's name. */
    interface RoomNames {
        void setRoomName(RemoteRoomId room, String name) throws Exception;
    }

    /**
     * Can set a remote room's picture: a Matrix user changed a bridged room's avatar. The core downloads the image;
     * empty when the avatar was removed.
     */
    interface RoomAvatars {
        void setRoomAvatar(RemoteRoomId room, Optional<Media> avatar) throws Exception;
    }

    /**
     * A relay that also acts for Matrix users who have no connection of their own in what needs one: renaming a
     * portal ({@link RoomNames}), changing its avatar ({@link RoomAvatars}) and showing typing ({@link TypingNotices}),
     * each where it has that capability. The core then sends those of a user allowed to relay through the room's relay
     * (its {@code set-relay} user's login, else the network's relay) when it is such a client. Without this marker
     * only a user's own connection does them.
     */
    interface RelaysRoomChanges {
    }

    /**
     * Can remove a remote user from a remote room: a Matrix user kicked the user's ghost (or banned it, where the
     * client has no {@link Bans}). The client decides who acts on the network (e.g. the kicker's own connection if it
     * may, else the bridge's); where no one may, it does nothing and the ghost simply stays out of the Matrix room.
     */
    interface Kicks {
        void kick(RemoteRoomId room, RemoteUserId member, String reason) throws Exception;
    }

    /**
     * Can ban a remote user from a remote room and lift the ban: a Matrix user banned (or unbanned) the user's ghost.
     * As with {@link Kicks}, the client decides who acts on the network and does nothing where no one may. A client
     * without this capability is asked to {@link Kicks#kick kick} on a ban, and nothing on an unban.
     */
    interface Bans {
        /** Keeps the member out of the room (and removes them if in it), with the reason where the network shows one. */
        void ban(RemoteRoomId room, RemoteUserId member, String reason) throws Exception;

        /** Lets a banned member back: lifts what {@link #ban} set. */
        void unban(RemoteRoomId room, RemoteUserId member) throws Exception;
    }

    /**
     * Shows what a reply answers as a quote, for networks without (universally shown) replies: only then does the
     * core fetch the answered event and fill in {@link OutboundMessage#quote()}, which is empty for other clients.
     */
    interface QuotedReplies {
    }

    /**
     * A relay that shows each Matrix user under their own name (and avatar) through the network's bot API (the
     * "virtual user" strategy), instead of prefixing messages with the sender: the core then sends the content
     * unchanged with {@link OutboundMessage#relayed()} set and the sender's name and avatar filled in.
     */
    interface VirtualUsers {
    }

    /**
     * Can tell whether a message already arrived. The core asks before it sends a Matrix event again that may have
     * gone out already: one replayed after a crash (the remote network may have taken it just before) or retried
     * after an attempt whose outcome is unknown (a timeout). Without this capability such an event is sent again,
     * and the remote side may show it twice.
     *
     * <p>Threading: called on the Matrix room's lane, like {@code send}.
     */
    interface DeliveryCheck {
        /**
         * The remote id of {@code message} if it is already in {@code room}: found by {@link OutboundMessage#eventId()}
         * where the send attached it, or in the room's recent history.
         */
        Optional<RemoteMessageId> delivered(RemoteRoomId room, OutboundMessage message) throws Exception;
    }
}
