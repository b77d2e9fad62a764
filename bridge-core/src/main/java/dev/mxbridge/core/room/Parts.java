package dev.mxbridge.core.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.client.EventId;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.command.Permissions;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.message.MessageMap;
import dev.mxbridge.core.network.KeyValueStore;
import dev.mxbridge.core.network.Logins;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RoomMode;
import dev.mxbridge.core.seal.KeyFile;
import dev.mxbridge.core.seal.SecretBox;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.JdbcKeyValueStore;
import dev.mxbridge.core.user.DoublePuppets;
import dev.mxbridge.core.user.Ghosts;
import dev.mxbridge.core.user.LoginStore;
import dev.mxbridge.core.user.Puppets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * What the roles of a network bridge share ({@link MatrixToRemote}, {@link RemoteToMatrix}, {@link BridgeContext},
 * {@link PortalQueries}, {@link RoomCommands}): the network, the Matrix client, the stores, and the few actions more
 * than one of them takes. Thread-safe.
 *
 * @param ownActions what the bridge itself did through a remote client recently ({@code "edit <room> <id>"},
 *                   {@code "delete ..."}, {@code "react ..."}, {@code "unreact ..."}), so its echo is not bridged back
 * @param roomStates what the bridge last saw of rooms' membership and power levels
 */
record Parts(NetworkConnector network, MatrixClient matrix, Intent bot, RoomStore rooms, MessageMap messages,
             Ghosts ghosts, Portals portals, Optional<Puppets> puppets, DoublePuppets doublePuppets,
             Permissions permissions, SecretBox box, KeyValueStore store, JsonNode networkConfig, String relayFormat,
             Cache<String, Boolean> ownActions, RoomStates roomStates) {

    private static final Logger LOG = LoggerFactory.getLogger(Parts.class);

    static Parts create(NetworkConnector network, MatrixClient matrix, Database db, BridgeConfig config) {
        BridgeConfig.AppService as = config.appservice();
        String domain = config.homeserver().domain();
        Intent bot = matrix.bot();
        RoomStore rooms = new RoomStore(db);
        Ghosts ghosts = new Ghosts(db, matrix, as.userPrefix(), domain);
        SecretBox box = KeyFile.load(config.bridging().secretKey(), config.bridging().secretKeyFile());
        return new Parts(network, matrix, bot, rooms, new MessageMap(db), ghosts,
                new Portals(rooms, bot, ghosts, network, as.aliasPrefix(), domain),
                network instanceof Logins logins ? Optional.of(new Puppets(logins, new LoginStore(db, box))) : Optional.empty(),
                new DoublePuppets(db, box, matrix.config(), config.bridging().doublePuppetSecrets()),
                Permissions.fromConfig(config.bridging().permissions()), box, new JdbcKeyValueStore(db),
                config.network(), config.bridging().relayFormat(),
                Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(2)).maximumSize(100_000).build(),
                new RoomStates(db));
    }

    /** Redacts a message that carried a secret, or asks the user to, where the bot may not. */
    void forget(String roomId, String eventId, Consumer<String> reply) {
        if (!redactSecret(roomId, eventId)) {
            reply.accept("Please delete your message: it contains a secret.");
        }
    }

    /** Redacts a message as the bot; false if the bot may not. */
    boolean redactSecret(String roomId, String eventId) {
        try {
            bot.redact(new RoomId(roomId), new EventId(eventId), "contained a secret", "forget:" + eventId);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Ghosts and the bot leave; a portal's alias is removed so the remote room can get a fresh portal. */
    void leave(BridgedRoom room) {
        RoomId id = new RoomId(room.roomId());
        room.alias().ifPresent(alias -> bot.deleteAlias(new RoomAlias(alias)));
        for (UserId member : bot.joinedMembers(id).keySet()) {
            if (ghosts.remoteId(member.value()).isPresent()) {
                ghosts.left(member, id);
                try {
                    matrix.intent(member).leave(id);
                } catch (MatrixException e) {
                    // already gone
                }
            }
        }
        bot.leave(id);
    }

    /**
     * Links a room as plumbed and tells the network about the Matrix users already in it, as if they had just
     * joined: networks whose membership follows Matrix (IRC puppets) need them from the start.
     */
    void linkPlumbed(String matrixRoom, RemoteRoomId remote, String by) {
        rooms.link(matrixRoom, RoomMode.PLUMBED, Optional.empty(), remote, by);
        bot.joinedMembers(new RoomId(matrixRoom)).forEach((user, profile) -> {
            if (!user.equals(bot.userId()) && ghosts.remoteId(user.value()).isEmpty()) {
                try {
                    network.membership(remote, user.value(), profile.displayName().filter(n -> !n.isBlank())
                            .orElse(user.localpart()), true);
                } catch (Exception e) {
                    LOG.warn("could not tell the network that {} is in {}: {}", user, remote, e.toString());
                }
            }
        });
    }
}
