package dev.mxbridge.core.room;

import dev.mxbridge.core.client.CreateRoom;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.client.StateEvent;
import dev.mxbridge.core.client.Visibility;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RoomMode;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates portal rooms: when someone joins an alias in our namespace (the homeserver's alias query), or when a
 * remote room with no portal gets its first event. The room gets the alias, name, topic, the bot as creator (power
 * level 100; in room version 12 creators outrank every power level, and listing them is refused), a join rule and history visibility matching the remote room, and {@code m.bridge} /
 * {@code uk.half-shot.bridge} state; it is listed in the directory when the remote room is public.
 */
public final class Portals {
    private static final Logger LOG = LoggerFactory.getLogger(Portals.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RoomStore rooms;
    private final Intent bot;
    private final NetworkConnector network;
    private final String aliasPrefix;
    private final String domain;
    private final ConcurrentHashMap<RemoteRoomId, ReentrantLock> creating = new ConcurrentHashMap<>();

    private final dev.mxbridge.core.user.Ghosts ghosts;
    private volatile java.util.function.Consumer<RemoteRoomInfo> onCreated = info -> { };

    public Portals(RoomStore rooms, Intent bot, dev.mxbridge.core.user.Ghosts ghosts, NetworkConnector network,
                   String aliasPrefix, String domain) {
        this.rooms = rooms;
        this.ghosts = ghosts;
        this.bot = bot;
        this.network = network;
        this.aliasPrefix = aliasPrefix;
        this.domain = domain;
    }

    /** Called after each new portal is recorded (the bridge starts a backfill there). */
    void onCreated(java.util.function.Consumer<RemoteRoomInfo> listener) {
        this.onCreated = listener;
    }

    /** Answers the homeserver's alias query: true once the portal exists, false (nothing created) otherwise. */
    public boolean onAliasQuery(String alias) throws Exception {
        RoomAlias a = new RoomAlias(alias);
        if (!a.server().equals(domain) || !a.localpart().startsWith(aliasPrefix)) {
            return false;
        }
        Optional<RemoteRoomInfo> remote;
        try {
            remote = network.resolvePortal(a.localpart().substring(aliasPrefix.length()));
        } catch (dev.mxbridge.core.network.NotBridgedException e) {
            LOG.info("no portal for {}: {}", alias, e.getMessage());
            return false;
        }
        if (remote.isEmpty()) {
            return false;
        }
        ensure(remote.get());
        return true;
    }

    /** The portal of a remote room, created if it has none. */
    public BridgedRoom ensure(RemoteRoomInfo info) {
        Optional<BridgedRoom> existing = rooms.portalFor(info.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        ReentrantLock lock = creating.computeIfAbsent(info.id(), k -> new ReentrantLock());
        lock.lock();
        try {
            return rooms.portalFor(info.id()).orElseGet(() -> create(info));
        } finally {
            lock.unlock();
        }
    }

    private BridgedRoom create(RemoteRoomInfo info) {
        ObjectNode bridgeInfo = bridgeState(info);
        String stateKey = "dev.mxbridge://" + network.info().id() + "/" + info.id().value();
        if (info.directFor().isPresent()) {
            return createDirect(info, info.directFor().get(), new StateEvent("m.bridge", stateKey, bridgeInfo));
        }
        String aliasLocalpart = aliasPrefix + network.portalKey(info.id());
        CreateRoom.Builder request = CreateRoom.builder()
                .name(info.name())
                .preset(info.inviteOnly() ? CreateRoom.Preset.PRIVATE_CHAT : CreateRoom.Preset.PUBLIC_CHAT)
                .visibility(info.listed() && !info.inviteOnly() ? Visibility.PUBLIC : Visibility.PRIVATE)
                .initialState(new StateEvent("m.bridge", stateKey, bridgeInfo))
                .initialState(new StateEvent("uk.half-shot.bridge", stateKey, bridgeInfo))
                .initialState(new StateEvent("m.room.history_visibility", "",
                        JSON.createObjectNode().put("history_visibility", info.inviteOnly() ? "joined" : "shared")));
        info.topic().ifPresent(request::topic);
        info.avatar().ifPresent(mxc -> request.initialState(avatarState(mxc)));
        // The alias only once the room exists: Synapse publishes a createRoom alias before the room's first events,
        // and a join by alias in between fails ("no servers in the room") without ever asking us.
        RoomId room = bot.createRoom(request.build());
        RoomAlias alias = RoomAlias.of(aliasLocalpart, domain);
        bot.createAlias(alias, room);
        bot.sendState(room, "m.room.canonical_alias", "", JSON.createObjectNode().put("alias", alias.value()));
        rooms.link(room.value(), RoomMode.PORTAL, Optional.of(alias.value()), info.id(), bot.userId().value());
        info.id().receiver().ifPresent(receiver -> bot.invite(room, new UserId(receiver))); // a per-login room's one user
        LOG.info("created portal {} ({}) for {}", alias.value(), room, info.id());
        onCreated.accept(info);
        return rooms.room(room.value()).orElseThrow();
    }

    /** A private chat: the remote user's ghost creates a direct-message room and invites the Matrix user and bot. */
    private BridgedRoom createDirect(RemoteRoomInfo info, RemoteRoomInfo.DirectChat dm, StateEvent bridgeState) {
        Intent ghost = ghosts.ensure(dm.remoteUser(), Optional.of(info.name()));
        RoomId room = ghost.createRoom(CreateRoom.builder().name(info.name())
                .preset(CreateRoom.Preset.TRUSTED_PRIVATE_CHAT).isDirect(true)
                .invite(bot.userId()).invite(new dev.mxbridge.core.client.UserId(dm.matrixUser()))
                .initialState(bridgeState).build());
        info.avatar().ifPresent(mxc -> ghost.sendState(room, "m.room.avatar", "", avatarState(mxc).content()));
        bot.join(room);
        rooms.link(room.value(), RoomMode.PORTAL, Optional.empty(), info.id(), ghost.userId().value());
        LOG.info("created private chat {} of {} with {}", room, dm.matrixUser(), dm.remoteUser());
        onCreated.accept(info);
        return rooms.room(room.value()).orElseThrow();
    }

    /** {@code m.room.avatar} with the given {@code mxc://} URI, or without one ({@code ""}: removed). */
    static StateEvent avatarState(String mxc) {
        ObjectNode content = JSON.createObjectNode();
        if (!mxc.isEmpty()) {
            content.put("url", mxc);
        }
        return new StateEvent("m.room.avatar", "", content);
    }

    private ObjectNode bridgeState(RemoteRoomInfo info) {
        ObjectNode content = JSON.createObjectNode();
        content.put("bridgebot", bot.userId().value());
        content.putObject("protocol").put("id", network.info().id()).put("displayname", network.info().displayName());
        ObjectNode channel = content.putObject("channel").put("id", info.id().value()).put("displayname", info.name());
        info.externalUrl().ifPresent(url -> channel.put("external_url", url));
        return content;
    }
}
