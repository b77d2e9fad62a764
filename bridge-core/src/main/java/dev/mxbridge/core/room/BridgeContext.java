package dev.mxbridge.core.room;

import dev.mxbridge.core.network.Links;
import dev.mxbridge.core.network.RoomMode;

import dev.mxbridge.core.client.CreateRoom;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.message.MappedMessage;
import dev.mxbridge.core.message.MessageMap;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.user.Ghosts;
import dev.mxbridge.core.user.Puppets;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * What a network module sees of the bridge ({@link NetworkContext}) and of its links ({@link Links}): pushing remote
 * events (to {@link RemoteToMatrix}), links and portals, the key-value store, sealing, media. Every method may be
 * called from any thread.
 */
final class BridgeContext implements NetworkContext, Links {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeContext.class);
    /** The store's namespace of the bot's private rooms with users ({@link #tell}), by user id. */
    private static final String PRIVATE_ROOMS = "core.private_rooms";
    /** Room admins (and creators) are above whatever a network's moderation gives. */
    private static final long ADMIN_LEVEL = 100;

    private final Parts parts;
    private final RemoteToMatrix remote;
    private final NetworkConnector network;
    private final Intent bot;
    private final RoomStore rooms;
    private final MessageMap messages;
    private final Ghosts ghosts;
    private final Portals portals;
    private final Optional<Puppets> puppets;
    private final EphemeralEvents ephemeral;
    private final MeterRegistry metrics;

    BridgeContext(Parts parts, RemoteToMatrix remote, EphemeralEvents ephemeral, MeterRegistry metrics) {
        this.ephemeral = ephemeral;
        this.metrics = metrics;
        this.parts = parts;
        this.remote = remote;
        this.network = parts.network();
        this.bot = parts.bot();
        this.rooms = parts.rooms();
        this.messages = parts.messages();
        this.ghosts = parts.ghosts();
        this.portals = parts.portals();
        this.puppets = parts.puppets();
    }

    @Override
    public void push(RemoteEvent event) {
        remote.push(event);
    }

    @Override
    public CompletableFuture<Boolean> pushDurably(RemoteEvent event, Optional<String> deliveryKey) {
        return remote.pushDurably(event, deliveryKey);
    }

    @Override
    public boolean ephemeralEvents() {
        return ephemeral.available();
    }

    @Override
    public MeterRegistry metrics() {
        return metrics;
    }

    @Override
    public JsonNode config() {
        return parts.networkConfig();
    }

    @Override
    public Links links() {
        return this;
    }

    @Override
    public void notice(String matrixRoom, String text) {
        bot.sendEvent(new RoomId(matrixRoom), "m.room.message", Contents.notice(text), "network-notice:" + UUID.randomUUID());
    }

    @Override
    public void tell(String matrixUser, String text) {
        UserId user = new UserId(matrixUser);
        String room = privateRoom(user, false);
        String membership = bot.stateContent(new RoomId(room), "m.room.member", user.value())
                .map(m -> m.path("membership").asString("")).orElse("");
        if (!membership.equals("join") && !membership.equals("invite")) {
            room = privateRoom(user, true); // they left it or rejected the invitation: a new one invites them again
        }
        notice(room, text);
    }

    /** The bot's private room with a user, opened the first time (or anew) and remembered in the store. */
    private synchronized String privateRoom(UserId user, boolean anew) {
        Optional<String> known = anew ? Optional.empty() : parts.store().get(PRIVATE_ROOMS, user.value());
        return known.orElseGet(() -> {
            String room = bot.createRoom(CreateRoom.builder().name(network.info().displayName() + " bridge")
                    .isDirect(true).preset(CreateRoom.Preset.TRUSTED_PRIVATE_CHAT).invite(user).build()).value();
            parts.store().put(PRIVATE_ROOMS, user.value(), room);
            return room;
        });
    }

    @Override
    public boolean setPowerLevel(RemoteRoomId remote, String matrixUser, long level) {
        boolean changed = false;
        for (String roomId : rooms.roomsFor(remote)) {
            if (rooms.room(roomId).map(r -> r.mode() != RoomMode.PORTAL).orElse(true)) {
                continue;
            }
            try {
                // in the room's lane: ghosts' levels are written there too, from what each read before
                changed |= this.remote.inLane(roomId, () -> setPowerLevel(new RoomId(roomId), matrixUser, level));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while setting a power level in " + roomId, e);
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        return changed;
    }

    private boolean setPowerLevel(RoomId room, String matrixUser, long level) {
        long now = PowerLevels.of(bot, room, new UserId(matrixUser));
        return now != level && now < ADMIN_LEVEL && PowerLevels.set(bot, room, Map.of(matrixUser, level));
    }

    @Override
    public long powerLevel(String matrixRoom, String userId) {
        return PowerLevels.of(bot, new RoomId(matrixRoom), new UserId(userId));
    }

    @Override
    public boolean moveLinks(RemoteRoomId from, RemoteRoomId to) {
        List<String> linked = rooms.roomsFor(from);
        for (String room : linked) {
            Optional<BridgedRoom> known = rooms.room(room);
            known.ifPresent(r -> rooms.link(room, r.mode(), r.alias(), to, "moved from " + from));
            rooms.unlink(room, from);
        }
        return !linked.isEmpty();
    }

    @Override
    public void unlink(String matrixRoom, RemoteRoomId remote) {
        Optional<BridgedRoom> room = rooms.room(matrixRoom);
        if (room.isEmpty() || !room.get().remotes().contains(remote)) {
            return;
        }
        rooms.unlink(matrixRoom, remote);
        if (rooms.room(matrixRoom).isEmpty()) {
            parts.leave(room.get());
        }
    }

    @Override
    public Optional<String> portalOf(RemoteRoomId remote) {
        return rooms.portalFor(remote).map(BridgedRoom::roomId);
    }

    @Override
    public List<String> roomsOf(RemoteRoomId remote) {
        return rooms.roomsFor(remote);
    }

    @Override
    public List<RemoteRoomId> remotesOf(String matrixRoom) {
        return rooms.room(matrixRoom).map(BridgedRoom::remotes).orElse(List.of());
    }

    @Override
    public Optional<RoomMode> modeOf(String matrixRoom) {
        return rooms.room(matrixRoom).map(BridgedRoom::mode);
    }

    @Override
    public List<RemoteMessageId> copiesOf(String matrixRoom, String eventId) {
        return messages.byEvent(matrixRoom, eventId).stream().map(MappedMessage::remoteId).toList();
    }

    @Override
    public List<RemoteRoomId> linkedRooms() {
        return rooms.linkedRemotes();
    }

    @Override
    public String ghostOf(dev.mxbridge.core.network.RemoteUserId user) {
        return ghosts.userId(user).value();
    }

    @Override
    public Optional<dev.mxbridge.core.network.RemoteUserId> remoteUserOf(String matrixUserId) {
        return ghosts.remoteId(matrixUserId).or(() -> puppets.flatMap(p -> p.logins(matrixUserId).stream().findFirst())
                .map(dev.mxbridge.core.network.UserLogin::remoteUser));
    }

    @Override
    public boolean redactSecret(String roomId, String eventId) {
        return parts.redactSecret(roomId, eventId);
    }

    @Override
    public dev.mxbridge.core.network.KeyValueStore store() {
        return parts.store();
    }

    @Override
    public String seal(dev.mxbridge.core.secret.Secret secret, String boundTo) {
        return parts.box().encrypt(secret, "network\0" + network.info().id() + "\0" + boundTo);
    }

    @Override
    public dev.mxbridge.core.secret.Secret open(String sealed, String boundTo) {
        return parts.box().decrypt(sealed, "network\0" + network.info().id() + "\0" + boundTo);
    }

    @Override
    public String upload(byte[] content, String contentType, String filename) {
        return bot.upload(content, contentType, filename).toString();
    }

    @Override
    public dev.mxbridge.core.client.Media download(String mxcUri) {
        return bot.download(MxcUri.parse(mxcUri));
    }

    @Override
    public void completeLink(String matrixRoom, RemoteRoomId remote, String approvedBy) {
        parts.linkPlumbed(matrixRoom, remote, approvedBy);
        bot.sendEvent(new RoomId(matrixRoom), "m.room.message", Contents.notice("Linked this room to " + remote
                + " (approved by " + approvedBy + ")."), "link-approved:" + remote + ":" + matrixRoom);
    }

    @Override
    public boolean ensureLink(String matrixRoom, RemoteRoomId remote) {
        if (rooms.room(matrixRoom).filter(r -> r.remotes().contains(remote)).isPresent()) {
            return false;
        }
        bot.join(new RoomId(matrixRoom));
        parts.linkPlumbed(matrixRoom, remote, "configuration");
        bot.sendEvent(new RoomId(matrixRoom), "m.room.message", Contents.notice("Linked this room to " + remote
                + " (a mapping in the bridge's configuration)."), "link-static:" + remote + ":" + matrixRoom);
        LOG.info("linked {} to {} (static mapping)", matrixRoom, remote);
        return true;
    }

    @Override
    public String openPortal(RemoteRoomId remote, String matrixUser) throws Exception {
        dev.mxbridge.core.network.RemoteRoomInfo info = network.resolvePortal(network.portalKey(remote))
                .orElseThrow(() -> new IllegalArgumentException("there is no " + network.info().displayName()
                        + " room " + remote));
        String roomId = portals.ensure(info).roomId();
        if (!bot.joinedMembers(new RoomId(roomId)).containsKey(new UserId(matrixUser))) {
            bot.invite(new RoomId(roomId), new UserId(matrixUser));
        }
        return roomId;
    }

    @Override
    public void removeFromPortal(RemoteRoomId remote, String matrixUser, String reason) {
        for (String roomId : rooms.roomsFor(remote)) {
            if (rooms.room(roomId).map(r -> r.mode() == RoomMode.PORTAL).orElse(false)
                    && bot.joinedMembers(new RoomId(roomId)).containsKey(new UserId(matrixUser))) {
                bot.kick(new RoomId(roomId), new UserId(matrixUser), reason);
                try {
                    // The kick comes back as the bot's own event, which is not handled: tell the network here.
                    network.membership(remote, matrixUser, new UserId(matrixUser).localpart(), false);
                } catch (Exception e) {
                    LOG.warn("could not tell the network that {} left {}: {}", matrixUser, remote, e.toString());
                }
            }
        }
    }
}
