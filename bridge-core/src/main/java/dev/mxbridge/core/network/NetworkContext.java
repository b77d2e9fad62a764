package dev.mxbridge.core.network;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;

/** What the core gives a started network module. */
public interface NetworkContext {

    /**
     * Queues a remote event for Matrix. Returns at once; events of one remote room are bridged in the order pushed,
     * rooms concurrently. A failing delivery is retried with back-off, then reported in the Matrix room.
     */
    void push(RemoteEvent event);

    /**
     * Stores a remote event durably, then bridges it as {@link #push} does (in the same per-room order). The stage
     * completes once it is stored: a network that redelivers what it has not acknowledged (Slack's envelopes, a
     * Telegram {@code getUpdates} offset) acknowledges then, and a crash loses nothing; what a crash leaves unbridged
     * is bridged after the restart. While the homeserver is unreachable the event waits, and so does its room.
     *
     * <p>Threading: any thread; events of one remote room must be pushed from one thread at a time, in order.
     *
     * @param deliveryKey the network's id for this delivery (Slack's {@code event_id}, Telegram's {@code update_id});
     *                    an event whose key was stored before (within {@code journal.event_retention}) is dropped.
     *                    Without one, messages are still recognised by their remote id when bridged.
     * @return completes with true once stored, or with false for a known key; exceptionally if the store refused
     */
    CompletableFuture<Boolean> pushDurably(RemoteEvent event, Optional<String> deliveryKey);

    /** {@link #pushDurably(RemoteEvent, Optional)} without a delivery key. */
    default CompletableFuture<Boolean> pushDurably(RemoteEvent event) {
        return pushDurably(event, Optional.empty());
    }

    /**
     * The bridge's metrics registry (served at {@code /metrics}): where a network registers its own meters, such as
     * its connections and send rates. Name them after the network ({@code irc_}, {@code telegram_}).
     */
    MeterRegistry metrics();

    /** Every remote room linked to a Matrix room (portal or plumbed): what to rejoin or resubscribe at start-up. */
    java.util.List<RemoteRoomId> linkedRooms();

    /**
     * The ghost standing for a remote user, e.g. to build a {@code Mention} node for a remote mention; the inverse
     * is {@link #remoteUserOf}.
     */
    String ghostOf(RemoteUserId user);

    /**
     * The remote user a Matrix user stands for: a ghost's remote user, or the account of a Matrix user's login; for
     * rendering Matrix mentions (pills) as remote mentions.
     */
    java.util.Optional<RemoteUserId> remoteUserOf(String matrixUserId);

    /** Uploads media to the homeserver (as the bot); returns its {@code mxc://} URI. */
    String upload(byte[] content, String contentType, String filename);

    /**
     * Downloads media from the homeserver (as the bot), e.g. a file a Matrix user sent, to upload it to the network.
     *
     * @throws IllegalArgumentException if {@code mxcUri} is not an {@code mxc://} URI
     */
    dev.mxbridge.core.client.Media download(String mxcUri);

    /**
     * Completes a link the network asked to approve ({@link NetworkConnector.LinkDecision.Pending}), e.g. after a
     * channel operator agreed.
     */
    void completeLink(String matrixRoom, RemoteRoomId remote, String approvedBy);

    /**
     * Makes a link the operator configured (a static mapping) unless it exists: the bot joins the Matrix room
     * (public, or having invited the bot) and the room is linked as a plumbed room, with a notice there. Idempotent,
     * so call it at every start; removing a mapping from the configuration does not unlink (use {@code unlink}).
     *
     * @return whether a new link was made
     * @throws dev.mxbridge.core.client.MatrixException if the bot cannot join the room
     */
    boolean ensureLink(String matrixRoom, RemoteRoomId remote);

    /**
     * The portal of a remote room, created if there is none (through {@link NetworkConnector#resolvePortal}), with
     * the Matrix user invited: for commands such as IRC's {@code join #channel key}.
     *
     * @return the Matrix room id
     * @throws NotBridgedException if the network refuses to bridge the room
     * @throws IllegalArgumentException if there is no such remote room
     */
    String openPortal(RemoteRoomId remote, String matrixUser) throws Exception;

    /** Removes a Matrix user from the portal of a remote room, if there is one (the bot kicks them, with reason). */
    void removeFromPortal(RemoteRoomId remote, String matrixUser, String reason);

    /**
     * Removes a Matrix message that carried a secret (a password given to a command).
     *
     * @return false if the bot may not redact it there: ask the user to delete it
     */
    boolean redactSecret(String roomId, String eventId);

    /** Small values that outlive a restart; use namespaces of your own, e.g. {@code irc.passwords}. */
    KeyValueStore store();

    /**
     * Seals a secret with the bridge's key (AES-GCM), bound to {@code boundTo} (e.g. the Matrix user and purpose),
     * for storing; {@link #open} with the same binding reverses it.
     */
    String seal(dev.mxbridge.core.secret.Secret secret, String boundTo);

    /** Opens a value sealed by {@link #seal} with the same binding. */
    dev.mxbridge.core.secret.Secret open(String sealed, String boundTo);

    /** The links between Matrix rooms and remote rooms, and the remote copies of Matrix messages. */
    Links links();

    /** The bot says {@code text} in a Matrix room (an {@code m.notice}). */
    void notice(String matrixRoom, String text);

    /**
     * The bot tells one Matrix user something (an {@code m.notice}) in their private room with the bot, which it
     * opens the first time and remembers, and opens anew if the user left it; the user can answer there with
     * commands. For what concerns that user alone: a kick or ban on the network, a login that stopped working.
     *
     * <p>Threading: any thread; waits for the homeserver.
     *
     * @throws dev.mxbridge.core.client.MatrixException if the homeserver refused (the user does not exist)
     */
    void tell(String matrixUser, String text);

    /**
     * A Matrix user's power level in a room, as the bot sees its state; a creator of a room of version 12 or later
     * outranks every level ({@link Long#MAX_VALUE}). For network commands that need room power, as {@code link} does.
     */
    long powerLevel(String matrixRoom, String userId);

    /**
     * Sets a Matrix user's power level in the portal of a remote room, as the network's moderation gave it (IRC ops
     * and voice of the user's own connection, where the operator enables it). Only in portals, which are the bridge's
     * rooms: a plumbed room's power levels belong to its admins. Room admins (100 and up) and creators are left as
     * they are.
     *
     * <p>Threading: any thread but one the core called the network on for that room (it waits for the room's turn
     * among the events bridged there), e.g. the network's own reader; waits for the homeserver.
     *
     * @return whether a power level changed
     */
    boolean setPowerLevel(RemoteRoomId remote, String matrixUser, long level);

    /**
     * Moves every link of a remote room to another id (a Telegram group that became a supergroup): the same Matrix
     * rooms, portal or plumbed, now bridge {@code to}. The message map stays with {@code from}.
     *
     * @return whether there was a link to move
     */
    boolean moveLinks(RemoteRoomId from, RemoteRoomId to);

    /**
     * Unlinks a Matrix room from a remote room, as the network asked (an unlink on the remote side). A room left
     * without links is left by its ghosts and the bot, and a portal's alias is freed.
     */
    void unlink(String matrixRoom, RemoteRoomId remote);

    /**
     * Whether the homeserver pushes Matrix users' typing and read receipts to the bridge: it promises to (its
     * {@code /_matrix/client/versions} lists Matrix v1.13 or later, and the registration has
     * {@code receive_ephemeral}), or one has arrived. Dendrite 0.13.8 sends none. A network that counts reading as
     * activity (an idle timeout) falls back to what it can observe without them: messages, joins, commands. Decided
     * before {@link NetworkConnector#start}; may turn true later, never false.
     */
    boolean ephemeralEvents();

    /** The {@code network:} section of the bridge's config. */
    JsonNode config();
}
