package dev.mxbridge.example;

import dev.mxbridge.core.client.Media;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test network driven by the test itself: any key is a room, {@code pm-<localpart>} keys are private chats with
 * that Matrix user, {@code dm:<matrix user>:<chat>} keys are per-login chats ({@link RemoteRoomId#perLogin}) received by
 * that user's login, sends to {@code down-*} rooms always fail, while {@link #virtualRelay} is set the relay shows
 * each Matrix user under their own name ({@link NetworkClient.VirtualUsers}, as IRC's RELAYMSG), links to {@code approval-*} rooms wait for approval and to {@code forbidden-*} rooms are refused;
 * whatever the relay is asked to send, the room names and avatars set from Matrix, Matrix users' joins and leaves, and
 * the kicks and ranks given through a Matrix user's own connection are recorded.
 */
final class ScriptedNetwork implements NetworkConnector {
    final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
    /** The remote room of each message in {@link #sent}, at the same index. */
    final List<RemoteRoomId> sentTo = new CopyOnWriteArrayList<>();
    final List<RemoteMessageId> readUpTo = new CopyOnWriteArrayList<>();
    /** Room details set from Matrix: "name <room> <name>", "avatar <room> <type> <bytes>" or "avatar <room> none". */
    final List<String> roomChanges = new CopyOnWriteArrayList<>();
    /** Matrix users' presence in bridged rooms: "join <room> <user>" or "leave <room> <user>". */
    final List<String> memberships = new CopyOnWriteArrayList<>();
    /** Kicks and ranks from Matrix: "kick <room> <remote user> <reason>", "rank <room> <matrix user> <level>". */
    final List<String> moderation = new CopyOnWriteArrayList<>();
    /** Avatars ({@code mxc://}) of remote rooms, by key. */
    final java.util.Map<String, String> pictures = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Whether the relay shows Matrix users under their own names. */
    volatile boolean virtualRelay;
    volatile NetworkContext context;

    @Override
    public NetworkInfo info() {
        return new NetworkInfo("example", "Scripted");
    }

    @Override
    public void start(NetworkContext value) {
        this.context = value;
    }

    @Override
    public Optional<RemoteRoomInfo> resolvePortal(String key) {
        if (key.startsWith("dm:")) {
            int last = key.lastIndexOf(':');
            String receiver = key.substring(3, last);
            return Optional.of(RemoteRoomInfo.direct(RemoteRoomId.perLogin(key.substring(last + 1), receiver), "Dana",
                    new RemoteUserId("dana"), receiver));
        }
        if (key.startsWith("pm-")) {
            return Optional.of(RemoteRoomInfo.direct(new RemoteRoomId(key), "Dana", new RemoteUserId("dana"),
                    "@" + key.substring(3) + ":localhost"));
        }
        RemoteRoomInfo room = RemoteRoomInfo.named(new RemoteRoomId(key), key);
        return Optional.of(pictures.containsKey(key) ? room.withAvatar(pictures.get(key)) : room);
    }

    @Override
    public String portalKey(RemoteRoomId room) {
        return room.receiver().map(r -> "dm:" + r + ":" + room.value()).orElse(room.value());
    }

    @Override
    public LinkDecision approveLink(RemoteRoomInfo remote, String matrixRoom, String requestedBy) {
        if (remote.id().value().startsWith("forbidden-")) {
            return new LinkDecision.Deny("the remote room's owners said no");
        }
        if (remote.id().value().startsWith("approval-")) {
            return new LinkDecision.Pending("Asked the remote room's operators; the link is made when they agree.");
        }
        return new LinkDecision.Allow();
    }

    @Override
    public void membership(RemoteRoomId room, String matrixUser, boolean joined) {
        memberships.add((joined ? "join " : "leave ") + room.value() + " " + matrixUser);
    }

    @Override
    public Optional<NetworkClient> relay() {
        return Optional.of(virtualRelay ? new VirtualRelay() : new Relay());
    }

    /**
     * Hal (and every {@code @hal...} user) has a connection of his own (as IRC users get puppets), so the room
     * details he sets can go out and his per-login chats can be answered.
     */
    @Override
    public Optional<NetworkClient> clientFor(String matrixUser) {
        return matrixUser.startsWith("@hal") ? Optional.of(new Relay()) : Optional.empty();
    }

    RemoteMessageId nextId() {
        return RemoteMessageId.of("s" + ids.incrementAndGet());
    }

    static MessageContent text(String text) {
        return MessageContent.Text.of(text);
    }

    /** Shows each Matrix user under their own name, so messages and edits go out unprefixed, with the name apart. */
    private final class VirtualRelay extends Relay implements NetworkClient.VirtualUsers, NetworkClient.Edits {
        @Override
        public void edit(RemoteRoomId room, RemoteMessageId target, OutboundMessage replacement) {
            sentTo.add(room);
            sent.add(replacement);
        }
    }

    private class Relay implements NetworkClient, NetworkClient.ReadReceipts, NetworkClient.RoomNames,
            NetworkClient.RoomAvatars, NetworkClient.Kicks, NetworkClient.Ranks {
        @Override
        public void kick(RemoteRoomId room, RemoteUserId member, String reason) {
            moderation.add("kick " + room.value() + " " + member.value() + " " + reason);
        }

        @Override
        public void setPowerLevel(RemoteRoomId room, String matrixUser, int level) {
            moderation.add("rank " + room.value() + " " + matrixUser + " " + level);
        }

        @Override
        public void setRoomName(RemoteRoomId room, String name) {
            roomChanges.add("name " + room.value() + " " + name);
        }

        @Override
        public void setRoomAvatar(RemoteRoomId room, Optional<Media> avatar) {
            roomChanges.add("avatar " + room.value() + " " + avatar.map(m -> m.contentType() + " " + m.content().length)
                    .orElse("none"));
        }

        @Override
        public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) {
            if (room.value().startsWith("down-")) {
                throw new IllegalStateException("the remote server is down");
            }
            sentTo.add(room);
            sent.add(message);
            return nextId();
        }

        @Override
        public Optional<RemoteUserId> account() {
            return Optional.of(new RemoteUserId("relay"));
        }

        @Override
        public void markRead(RemoteRoomId room, RemoteMessageId upTo) {
            readUpTo.add(upTo);
        }
    }
}
