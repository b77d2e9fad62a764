package dev.mxbridge.example;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.handler.QueryHandler;
import dev.mxbridge.core.cli.BridgeCli;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.handler.EventHandler;
import dev.mxbridge.core.handler.InboundEvent;
import dev.mxbridge.core.client.MatrixException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tiny example network: the "remote side" is a ghost, {@code @_example_echo}, that repeats what people say. The
 * bot joins rooms it is invited to; each message there is answered by the ghost with the original's timestamp. Any
 * {@code @_example_*} user the homeserver asks about is registered on the spot.
 */
public final class EchoBridge implements EventHandler, QueryHandler {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Bridge bridge;
    private final Set<RoomId> ghostRooms = ConcurrentHashMap.newKeySet();

    EchoBridge(Bridge bridge) {
        this.bridge = bridge;
    }

    public static void main(String[] args) {
        System.exit(BridgeCli.run("example", args, EchoBridge::start));
    }

    /** Starts the echo bridge with the given configuration. */
    public static Bridge start(BridgeConfig config) {
        EchoBridge[] self = new EchoBridge[1];
        return Bridge.builder(config)
                .handler(b -> self[0] = new EchoBridge(b))
                .queries(b -> self[0])
                .start();
    }

    UserId echoGhost() {
        return UserId.of(bridge.config().appservice().userPrefix() + "echo", bridge.config().homeserver().domain());
    }

    @Override
    public void handle(InboundEvent event) {
        if (event.echo() || event.ephemeral() || event.roomId().isEmpty()) {
            return;
        }
        RoomId room = new RoomId(event.roomId().get());
        Intent bot = bridge.matrix().bot();
        if (event.type().equals("m.room.member") && event.stateKey().orElse("").equals(bot.userId().value())
                && event.content().path("membership").asString().equals("invite")) {
            bot.join(room);
        } else if (event.type().equals("m.room.message") && event.content().path("msgtype").asString().equals("m.text")) {
            Intent ghost = bridge.matrix().intent(echoGhost());
            if (ghostRooms.isEmpty() && ghost.register()) {
                ghost.setDisplayName("Echo");
            }
            if (!ghostRooms.contains(room)) { // one lane per room: no race on the same room
                try {
                    bot.invite(room, ghost.userId());
                } catch (MatrixException e) {
                    if (e.status() != 403) { // 403: already invited or joined
                        throw e;
                    }
                }
                ghost.join(room);
                ghostRooms.add(room);
            }
            ObjectNode content = JSON.createObjectNode().put("msgtype", "m.notice")
                    .put("body", "echo: " + event.content().path("body").asString());
            Instant sent = Instant.ofEpochMilli(event.json().path("origin_server_ts").asLong(System.currentTimeMillis()));
            ghost.withTimestamp(sent).sendEvent(room, "m.room.message", content, event.idempotencyKey());
        }
    }

    @Override
    public boolean queryUser(String userId) {
        Intent ghost = bridge.matrix().intent(new UserId(userId));
        if (ghost.register()) {
            ghost.setDisplayName(ghost.userId().localpart().substring(bridge.config().appservice().userPrefix().length()));
        }
        return true;
    }
}
