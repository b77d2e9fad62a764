package dev.mxbridge.core.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Client-Server API as one user (a ghost or the bot) sees it: every call asserts that user's identity. Obtained
 * from {@link MatrixClient#intent(UserId)}; cheap, immutable and thread-safe.
 *
 * <p><b>Transaction ids.</b> Calls that take a {@code txnKey} send with a transaction id derived from the acting
 * user and the key: {@code "mxb" + base64url(SHA-256(userId + "\0" + txnKey))} truncated to 128 bits. The key must
 * be stable for the logical event and unique among that user's events, e.g. the remote network's message id plus
 * a part number. A retry, even after a crash and restart, then reuses the transaction id and the homeserver
 * returns the event it already made instead of sending a duplicate. Ghosts never share transaction ids, because the
 * user is part of the hash.
 *
 * <p>Where a {@code reason} is taken, a blank reason is left out.
 */
public interface Intent {

    /** The user this intent acts as. */
    UserId userId();

    /**
     * An intent that sends events and state with {@code origin_server_ts} set to {@code timestamp} (the
     * application service {@code ts} parameter), e.g. the time a message was written on the remote network.
     */
    Intent withTimestamp(Instant timestamp);

    /**
     * Registers this user as an application-service user ({@code inhibit_login}, so no device is created).
     *
     * @return true if the user was created now, false if it already existed ({@code M_USER_IN_USE})
     */
    boolean register();

    Whoami whoami();

    /** This user's own profile. */
    Profile profile();

    /** Another user's profile; throws {@link MatrixException} {@code M_NOT_FOUND} for unknown users. */
    Profile profile(UserId user);

    void setDisplayName(String displayName);

    void setAvatarUrl(MxcUri avatarUrl);

    /** Removes this user's avatar. */
    void clearAvatarUrl();

    /** Creates a room with this user as creator; see {@link CreateRoom} for when this is retried. */
    RoomId createRoom(CreateRoom request);

    /** Joins a room this user can join (invited, or public). */
    RoomId join(RoomId room);

    /** Joins a room through the given servers (sent as both {@code via} and the older {@code server_name}). */
    RoomId join(RoomId room, List<String> via);

    RoomId join(RoomAlias alias);

    void invite(RoomId room, UserId user);

    void leave(RoomId room);

    void kick(RoomId room, UserId user, String reason);

    void ban(RoomId room, UserId user, String reason);

    void unban(RoomId room, UserId user);

    /**
     * Sends a message (or other non-state) event with a transaction id derived from {@code txnKey}.
     *
     * @return the id of the event, the same one on every retry with the same key
     */
    EventId sendEvent(RoomId room, String eventType, ObjectNode content, String txnKey);

    /** Sends a state event; {@code stateKey} is often empty. */
    EventId sendState(RoomId room, String eventType, String stateKey, ObjectNode content);

    /** Redacts {@code event} with a transaction id derived from {@code txnKey}. */
    EventId redact(RoomId room, EventId event, String reason, String txnKey);

    /** Annotates {@code target} with {@code key} (usually an emoji): an {@code m.reaction} event. */
    EventId react(RoomId room, EventId target, String key, String txnKey);

    /** Starts typing for at most {@code timeout}, or stops typing ({@code timeout} is then ignored). */
    void setTyping(RoomId room, boolean typing, Duration timeout);

    /** Sends an {@code m.read} receipt up to {@code event}. */
    void markRead(RoomId room, EventId event);

    /**
     * Sets this user's presence: {@code online}, {@code unavailable} (away) or {@code offline}, with a status message
     * (an away reason) if any.
     */
    void setPresence(String presence, java.util.Optional<String> statusMessage);

    /** Every current state event of the room, as full events. */
    List<ObjectNode> roomState(RoomId room);

    /** One event of the room as this user may see it ({@code GET /rooms/{room}/event/{id}}), or empty if not found. */
    Optional<ObjectNode> event(RoomId room, EventId event);

    /**
     * The room's events after {@code event}, oldest first, at most {@code max}, as this user may see them
     * ({@code GET /rooms/{room}/context/{event}} for a position, then {@code /messages} forwards in pages of up to
     * 100): what the journal's repair reads to find events that never arrived in a transaction.
     *
     * @throws MatrixException e.g. {@code M_FORBIDDEN} when this user cannot see the room, {@code M_NOT_FOUND} for an
     *         unknown event
     */
    List<ObjectNode> eventsAfter(RoomId room, EventId event, int max);

    /** The content of one state event, or empty if the room has none of that type and key. */
    Optional<ObjectNode> stateContent(RoomId room, String eventType, String stateKey);

    /** The joined members with their per-room display names and avatars. */
    Map<UserId, Profile> joinedMembers(RoomId room);

    /** The room an alias points at, or empty if the alias does not exist. */
    Optional<ResolvedAlias> resolveAlias(RoomAlias alias);

    /** Points {@code alias} at {@code room}; succeeds if it already does. */
    void createAlias(RoomAlias alias, RoomId room);

    /**
     * Deletes {@code alias}.
     *
     * @return false if the homeserver answered that there was no such alias (Synapse answers an application service
     *         with success either way, so true does not prove the alias existed)
     */
    boolean deleteAlias(RoomAlias alias);

    Visibility directoryVisibility(RoomId room);

    void setDirectoryVisibility(RoomId room, Visibility visibility);

    /**
     * Uploads media ({@code POST /_matrix/media/v3/upload}). Retried like the idempotent calls: a repeat after a
     * lost answer may leave an unused copy in the media repository, never a wrong message.
     *
     * @param filename the file name to record; blank for none
     */
    MxcUri upload(byte[] content, String contentType, String filename);

    /** Downloads media with authentication ({@code GET /_matrix/client/v1/media/download}). */
    Media download(MxcUri uri);
}
