package dev.mxbridge.core.network;

import java.util.Optional;

/**
 * The one interface a network module implements (one instance per bridge). The core calls it to resolve portals
 * and to send Matrix users' messages; the module pushes what happens remotely through the {@link NetworkContext}
 * it is started with.
 *
 * <pre>{@code
 * Bridge.builder(config).network(new MyConnector()).start();
 * }</pre>
 */
public interface NetworkConnector {

    /** Who the network is: its id (lowercase, e.g. {@code irc}) and name, for {@code m.bridge} and help texts. */
    NetworkInfo info();

    /** Called once the core is ready; keep the context to push remote events. */
    void start(NetworkContext context) throws Exception;

    /**
     * Someone joined {@code #<alias_prefix><key>:<domain>}: which remote room is that?
     *
     * @param key the alias localpart after the configured prefix, e.g. {@code #matrix} for {@code #_irc_#matrix}
     * @return the remote room, or empty to answer 404 and create nothing
     * @throws NotBridgedException if the room exists but may not be bridged: 404 as well, and the reason is given to
     *         someone trying to {@code link} it
     */
    Optional<RemoteRoomInfo> resolvePortal(String key) throws Exception;

    /** The alias key of a remote room's portal, the inverse of {@link #resolvePortal}. */
    String portalKey(RemoteRoomId room);

    /**
     * The connection that relays Matrix users who have no login of their own (relay bot), if the network offers
     * one. Without it, such users' messages are refused with a notice.
     */
    default Optional<NetworkClient> relay() {
        return Optional.empty();
    }

    /**
     * Matrix users joined or left a bridged room. Networks whose membership follows Matrix (IRC puppets joining
     * the channel) act on it; the default ignores it.
     *
     * @param joined true for a join, false for a leave, kick or ban
     */
    default void membership(RemoteRoomId room, String matrixUser, boolean joined) throws Exception {
    }

    /**
     * As {@link #membership(RemoteRoomId, String, boolean)}, with the member's display name in the room (their user
     * id's localpart if they have none), for networks that name a per-user connection after it (IRC nicks). The
     * default calls the three-argument form.
     */
    default void membership(RemoteRoomId room, String matrixUser, String displayName, boolean joined)
            throws Exception {
        membership(room, matrixUser, joined);
    }

    /**
     * The network's own connection for a Matrix user who has no login, if it keeps one (IRC: a puppet connected
     * because the user joined a portal). The core sends that user's messages through it, unprefixed, instead of the
     * relay; a login's client still comes first. The default has none.
     */
    default Optional<NetworkClient> clientFor(String matrixUser) {
        return Optional.empty();
    }

    /**
     * A room admin asks to link a Matrix room to a remote room (plumbing): allow, refuse with a reason, or ask for
     * approval on the remote side and complete later with {@link NetworkContext#completeLink}. Default: allow.
     */
    default LinkDecision approveLink(RemoteRoomInfo remote, String matrixRoom, String requestedBy) throws Exception {
        return new LinkDecision.Allow();
    }

    /** A link was removed (the remote side may want to leave or say goodbye). */
    default void unlinked(RemoteRoomId remote, String matrixRoom) throws Exception {
    }

    /** The answer to {@link #approveLink}. */
    sealed interface LinkDecision {
        /** Link now. */
        record Allow() implements LinkDecision {
        }

        /** Do not link; {@code reason} is shown to the requester. */
        record Deny(String reason) implements LinkDecision {
        }

        /** Approval was asked for on the remote side; {@code message} tells the requester what happens next. */
        record Pending(String message) implements LinkDecision {
        }
    }

    /**
     * Bot commands of this network (e.g. IRC's {@code nick}, {@code whois}, {@code storepass}), registered next to
     * the core's and subject to the same permission checks, usage answers and help.
     */
    default java.util.List<dev.mxbridge.core.command.Command> commands() {
        return java.util.List.of();
    }

    /** Called when the bridge stops. */
    default void stop() {
    }

    /**
     * A Matrix user's display name changed in a bridged room they are in: a network that names users after it (IRC
     * puppets' nicks) may rename them. Called for each such room, so repeated calls carry the same name.
     */
    default void displayNameChanged(String matrixUser, String displayName) throws Exception {
    }

    /**
     * A network where a Matrix user starts a private conversation by inviting a remote user's ghost to a direct chat
     * (a room created with {@code is_direct}): the ghost joins and the room becomes the portal of the conversation.
     */
    interface DirectChatsFromMatrix {
        /**
         * The per-login remote room ({@link RemoteRoomId#perLogin}) of a private conversation between the Matrix user
         * and the remote user, or empty if they cannot have one (the ghost then declines the invite).
         */
        java.util.Optional<RemoteRoomId> directChat(String matrixUser, RemoteUserId remote) throws Exception;
    }

    /**
     * A network that shows Matrix users' presence (IRC link mode: {@code AWAY}). Called with each {@code m.presence}
     * the homeserver pushes (ephemeral events, {@code receive_ephemeral}) for a Matrix user who is not one of the
     * bridge's own, on the room lane of presence; answer from state you keep and write without waiting: it is not
     * the user's activity, so a network must not reconnect anyone for it.
     */
    interface MatrixPresence {
        /** {@code away}: unavailable or offline, with the status message if any; else online. */
        void presence(String matrixUser, boolean away, java.util.Optional<String> statusMessage) throws Exception;
    }

    /**
     * A network that can tell when it does not work although the bridge runs (a token the network refused, a
     * connection that cannot be made): while {@link #problem} has one, the bridge is not ready ({@code /ready}
     * answers 503 with it, {@link dev.mxbridge.core.Bridge#problem()}). Called on every readiness check, from any
     * thread: answer from state you keep, without I/O.
     */
    interface Health {
        /** What keeps the network from working now, in words for an operator; empty while it works. */
        java.util.Optional<String> problem();
    }

    /**
     * @param id          lowercase network id, e.g. {@code irc}
     * @param displayName human name, e.g. {@code IRC}
     */
    record NetworkInfo(String id, String displayName) {
    }
}
