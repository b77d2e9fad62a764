package dev.mxbridge.core.room;

import dev.mxbridge.core.network.RoomMode;

import com.github.benmanes.caffeine.cache.Cache;
import dev.mxbridge.core.client.EventId;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.MatrixTransportException;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.client.Visibility;
import dev.mxbridge.core.message.MappedMessage;
import dev.mxbridge.core.message.MessageMap;
import dev.mxbridge.core.remote.RemoteInbox;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.user.DoublePuppets;
import dev.mxbridge.core.user.Ghosts;
import dev.mxbridge.core.user.Puppets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import dev.mxbridge.core.order.Lanes;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remote → Matrix: remote events pushed by the network, in memory ({@link #push}) or through the remote inbox
 * ({@link #pushDurably}), are bridged in the lane of each Matrix room their remote room is linked to (see
 * {@link Lanes}) — the lane the journal hands that room's Matrix events to — so both directions of a room run in one
 * order. A remote room without a Matrix room yet has a lane of its own, where its portal is created; its events stay
 * in that lane until it has drained, so none overtakes another.
 *
 * <p>Threading: {@link #push} and {@link #pushDurably} may be called from any thread; events of one remote room keep
 * the order of those calls when the network makes them from one thread. The bridging itself runs in the lanes.
 */
final class RemoteToMatrix {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteToMatrix.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTEMPTS = 3;
    /** The lane key prefix of a remote room that has no Matrix room (yet); Matrix room ids start with '!'. */
    private static final String REMOTE_LANE = "remote\u001f";

    private final Lanes lanes;
    private final RemoteInbox remoteInbox;
    private final NetworkConnector network;
    private final MatrixClient matrix;
    private final Intent bot;
    private final RoomStore rooms;
    private final MessageMap messages;
    private final Ghosts ghosts;
    private final Portals portals;
    private final Optional<Puppets> puppets;
    private final DoublePuppets doublePuppets;
    private final Cache<String, Boolean> ownActions;
    /** Ghosts' presence set again every 25 s: Synapse lets a user who never syncs go offline after about 30 s. */
    private final GhostPresence presence;
    private final Counter remoteStored;
    private final Counter remoteDuplicates;

    RemoteToMatrix(Parts parts, RemoteInbox remoteInbox, Lanes lanes, MeterRegistry metrics) {
        this.lanes = lanes;
        this.remoteInbox = remoteInbox;
        this.network = parts.network();
        this.matrix = parts.matrix();
        this.bot = parts.bot();
        this.rooms = parts.rooms();
        this.messages = parts.messages();
        this.ghosts = parts.ghosts();
        this.portals = parts.portals();
        this.puppets = parts.puppets();
        this.doublePuppets = parts.doublePuppets();
        this.ownActions = parts.ownActions();
        this.presence = new GhostPresence((user, state) -> matrix.intent(new UserId(user))
                .setPresence(state.presence(), state.statusMessage()), Duration.ofSeconds(25), 1_000);
        this.remoteStored = Counter.builder("mxbridge_remote_events").tag("result", "stored")
                .description("remote events stored in the remote inbox").register(metrics);
        this.remoteDuplicates = Counter.builder("mxbridge_remote_events").tag("result", "duplicate")
                .description("remote events dropped because their delivery key was stored before").register(metrics);
    }

    /** Queues what an earlier run left unfinished in the remote inbox, and backfills new portals from now on. */
    void start() {
        portals.onCreated(this::backfill);
        List<RemoteInbox.Stored> unfinished = remoteInbox.unfinished();
        if (!unfinished.isEmpty()) {
            LOG.info("resuming {} unfinished remote events from the remote inbox", unfinished.size());
        }
        unfinished.forEach(s -> route(s.event(), s.seq()));
    }

    /**
     * Runs {@code work} in a Matrix room's lane, after what is queued there (so that it reads and writes the room's
     * state in turn with the bridging), and waits for it.
     */
    <T> T inLane(String roomId, java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        long queuedAt = System.currentTimeMillis();
        lanes.submit(roomId, new Lanes.Task() {
            @Override
            public void run() {
                try {
                    done.complete(work.call());
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            }

            @Override
            public long queuedAt() {
                return queuedAt;
            }
        });
        try {
            return done.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Stops refreshing ghosts' presence; the lanes are stopped by their owner. */
    void close() {
        presence.close();
    }

    void push(RemoteEvent event) {
        route(event, -1);
    }

    CompletableFuture<Boolean> pushDurably(RemoteEvent event, Optional<String> deliveryKey) {
        return remoteInbox.append(event, deliveryKey, stored -> route(event, stored.seq()))
                .whenComplete((fresh, failed) -> {
                    if (failed == null) {
                        (fresh ? remoteStored : remoteDuplicates).increment();
                    }
                });
    }

    /** Queues a new portal's history, oldest first, ahead of anything the network pushes later. */
    private void backfill(dev.mxbridge.core.network.RemoteRoomInfo info) {
        if (network instanceof dev.mxbridge.core.network.Backfill backfill) {
            try {
                backfill.history(info.id()).forEach(this::push);
            } catch (Exception e) {
                LOG.warn("backfill of {} failed: {}", info.id(), e.getMessage());
            }
        }
    }

    /**
     * Queues a remote event in the lanes it is bridged in: the remote room's own lane while that has work, else the
     * lane of each Matrix room the remote room is linked to, else (no Matrix room yet) the remote room's own lane.
     */
    private void route(RemoteEvent event, long seq) {
        Delivery delivery = new Delivery(event, seq, System.currentTimeMillis());
        String remoteLane = REMOTE_LANE + event.room().key();
        if (lanes.submitIfBusy(remoteLane, delivery.task(Optional.empty()))) {
            return;
        }
        List<String> targets = rooms.roomsFor(event.room());
        if (targets.isEmpty()) {
            lanes.submit(remoteLane, delivery.task(Optional.empty()));
            return;
        }
        delivery.pending.set(targets.size());
        delivery.first = targets.getFirst();
        for (String room : targets) {
            lanes.submit(room, delivery.task(Optional.of(room)));
        }
    }

    /**
     * One remote event on its way to Matrix, in one or more lanes.
     *
     * @param seq its row in the remote inbox, or -1 for an event pushed in memory only
     */
    private final class Delivery {
        final RemoteEvent event;
        final long seq;
        final long queuedAt;
        /** Lanes still to bridge it; the inbox row is completed when the last one has. */
        final AtomicInteger pending = new AtomicInteger(1);
        final java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        volatile String first;
        private Boolean own; // guarded by this

        Delivery(RemoteEvent event, long seq, long queuedAt) {
            this.event = event;
            this.seq = seq;
            this.queuedAt = queuedAt;
        }

        boolean durable() {
            return seq >= 0;
        }

        /** Whether the event is the echo of what the bridge did itself: decided once, by the first lane to ask. */
        synchronized boolean own() {
            if (own == null) {
                own = isOwn(event);
            }
            return own;
        }

        Lanes.Task task(Optional<String> room) {
            return new Lanes.Task() {
                @Override
                public void run() throws InterruptedException {
                    deliver(Delivery.this, room);
                }

                @Override
                public long queuedAt() {
                    return queuedAt;
                }
            };
        }

        void done() {
            if (pending.decrementAndGet() == 0 && durable() && !failed.get()) {
                remoteInbox.complete(seq);
            }
        }

        void fail(int attempts, Exception e) {
            if (durable() && failed.compareAndSet(false, true)) {
                remoteInbox.fail(seq, attempts, e.toString());
            }
            pending.decrementAndGet();
        }
    }

    /**
     * Bridges one remote event into one Matrix room (or, with none given, into every room its remote room is linked
     * to, creating the portal first for a message), retrying with back-off. An event from the remote inbox is retried
     * for as long as the homeserver cannot be reached (it is stored, and nothing after it in its lane may overtake
     * it); one pushed in memory is given up on after a few attempts. On shutdown an inbox event stays unfinished, to
     * be bridged after the restart.
     */
    private void deliver(Delivery delivery, Optional<String> room) throws InterruptedException {
        RemoteEvent event = delivery.event;
        for (int attempt = 1; ; attempt++) {
            try {
                if (!delivery.own()) {
                    if (room.isPresent()) {
                        if (rooms.roomsFor(event.room()).contains(room.get())) { // not unlinked since it was queued
                            toMatrix(event, room.get(), room.get().equals(delivery.first));
                        }
                    } else {
                        toEveryRoom(event);
                    }
                }
                delivery.done();
                return;
            } catch (Exception e) {
                boolean unreachable = e instanceof MatrixTransportException
                        || e instanceof MatrixException m && (m.status() >= 500 || m.isRateLimited());
                if (lanes.stopping()) {
                    throw new InterruptedException("stopping");
                }
                if (attempt >= ATTEMPTS && !(delivery.durable() && unreachable)) {
                    LOG.warn("could not bridge {} from {} after {} attempts: {}", event.getClass().getSimpleName(),
                            event.room(), attempt, e.toString());
                    delivery.fail(attempt, e);
                    return;
                }
                if (attempt == ATTEMPTS) {
                    LOG.warn("the homeserver cannot take {} from {} ({}); retrying until it can",
                            event.getClass().getSimpleName(), event.room(), e.toString());
                }
            }
            Thread.sleep(Math.min(200L << Math.min(attempt, 10), 30_000));
        }
    }

    /** Whether a remote event is the echo of the relay's or a puppet's action that the bridge itself took. */
    private boolean isOwn(RemoteEvent event) {
        if (network.relay().flatMap(NetworkClient::account).filter(event.sender()::equals).isPresent()) {
            return true; // the relay's own doing, already in Matrix
        }
        String own = switch (event) {
            case RemoteEvent.Edit e -> "edit " + e.room() + " " + e.target();
            case RemoteEvent.Delete d -> "delete " + d.room() + " " + d.target();
            case RemoteEvent.Reaction r -> "react " + r.room() + " " + r.target() + " " + r.key();
            case RemoteEvent.ReactionRemoved r -> "unreact " + r.room() + " " + r.target() + " " + r.key();
            default -> null;
        };
        return own != null && ownActions.asMap().remove(own) != null; // a puppet's echo of what we did for its user
    }

    /** Bridges into every room the remote room is linked to, creating its portal first for a message. */
    private void toEveryRoom(RemoteEvent event) throws Exception {
        List<String> targets = rooms.roomsFor(event.room());
        if (targets.isEmpty() && event instanceof RemoteEvent.Message) {
            Optional<dev.mxbridge.core.network.RemoteRoomInfo> info = network.resolvePortal(network.portalKey(event.room()));
            if (info.isEmpty()) {
                return;
            }
            targets = List.of(portals.ensure(info.get()).roomId());
        }
        for (String roomId : targets) {
            toMatrix(event, roomId, roomId.equals(targets.getFirst()));
        }
    }

    /**
     * Bridges a remote event into one Matrix room.
     *
     * @param first whether this is the first of the rooms it goes to (what is set once per user, not per room)
     */
    private void toMatrix(RemoteEvent event, String roomId, boolean first) throws Exception {
        RoomId room = new RoomId(roomId);
        switch (event) {
            case RemoteEvent.Message m -> {
                if (messages.byRemote(roomId, m.room(), m.id()).isPresent()) {
                    return; // an echo of our own send, or a replay after a reconnect
                }
                Intent ghost = senderIntent(m.sender(), m.senderName(), room);
                ObjectNode content = Contents.toMatrixContent(m.content());
                if (!ghost.userId().equals(ghosts.userId(m.sender()))) {
                    content.put(DoublePuppets.MARKER, network.info().id());
                }
                Optional<MappedMessage> replyTarget = m.replyTo().flatMap(r -> messages.byRemote(roomId, m.room(), r));
                Optional<MappedMessage> threadRoot = m.thread().flatMap(t -> messages.byRemote(roomId, m.room(), t));
                if (threadRoot.isPresent()) {
                    ObjectNode relation = content.putObject("m.relates_to").put("rel_type", "m.thread")
                            .put("event_id", threadRoot.get().eventId()).put("is_falling_back", replyTarget.isEmpty());
                    relation.putObject("m.in_reply_to").put("event_id", replyTarget.orElse(threadRoot.get()).eventId());
                } else {
                    replyTarget.ifPresent(target ->
                            content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", target.eventId()));
                }
                EventId sent = ghost.withTimestamp(m.timestamp()).sendEvent(room, "m.room.message", content,
                        "remote:" + m.room() + ":" + m.id());
                messages.record(new MappedMessage(roomId, sent.value(), m.room(), m.id(), ghost.userId().value()));
            }
            case RemoteEvent.Edit e -> {
                Optional<MappedMessage> target = messages.byRemote(roomId, e.room(), e.target());
                if (target.isEmpty()) {
                    return;
                }
                Intent ghost = ghosts.ensure(e.sender(), Optional.empty());
                ObjectNode newContent = Contents.toMatrixContent(e.content());
                ObjectNode content = newContent.deepCopy();
                content.put("body", "* " + newContent.path("body").asString());
                if (content.has("formatted_body")) {
                    content.put("formatted_body", "* " + newContent.path("formatted_body").asString());
                }
                content.set("m.new_content", newContent);
                content.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", target.get().eventId());
                ghost.withTimestamp(e.timestamp()).sendEvent(room, "m.room.message", content,
                        "edit:" + e.room() + ":" + e.target() + ":" + e.timestamp().toEpochMilli());
            }
            case RemoteEvent.Reaction r -> {
                Optional<MappedMessage> target = messages.byRemote(roomId, r.room(), r.target());
                if (target.isPresent()) {
                    Intent ghost = ghosts.ensure(r.sender(), Optional.empty());
                    ghosts.ensureJoined(ghost, room, bot);
                    EventId reacted = ghost.react(room, new EventId(target.get().eventId()), r.key(),
                            "reaction:" + r.room() + ":" + r.target() + ":" + r.sender() + ":" + r.key());
                    messages.record(new MappedMessage(roomId, reacted.value(), r.room(),
                            new ReactionKey(r.target(), r.sender().value(), r.key()).id(), ghost.userId().value()));
                }
            }
            case RemoteEvent.ReactionRemoved r -> {
                Optional<MappedMessage> reaction = messages.byRemote(roomId, r.room(),
                        new ReactionKey(r.target(), r.sender().value(), r.key()).id());
                if (reaction.isPresent()) {
                    matrix.intent(new UserId(reaction.get().sender())).redact(room,
                            new EventId(reaction.get().eventId()), "", "unreact:" + reaction.get().eventId());
                }
            }
            case RemoteEvent.Delete d -> {
                for (MappedMessage part : messages.byRemote(d.room(), d.target())) {
                    if (part.roomId().equals(roomId)) {
                        matrix.intent(new UserId(part.sender())).redact(room, new EventId(part.eventId()), "",
                                "delete:" + part.eventId());
                    }
                }
            }
            case RemoteEvent.Membership ms -> {
                if (ms.change() != RemoteEvent.Membership.Change.JOIN && ms.change() != RemoteEvent.Membership.Change.UNBAN) {
                    presence.forget(ghosts.userId(ms.target()).value()); // gone: its presence may decay
                }
                membership(room, ms);
            }
            case RemoteEvent.RoomInfo info -> {
                if (rooms.room(roomId).map(r -> r.mode() == RoomMode.PORTAL).orElse(false)) {
                    info.name().ifPresent(n -> bot.sendState(room, "m.room.name", "", JSON.createObjectNode().put("name", n)));
                    info.topic().ifPresent(t -> bot.sendState(room, "m.room.topic", "", JSON.createObjectNode().put("topic", t)));
                    info.avatar().ifPresent(a -> bot.sendState(room, "m.room.avatar", "", Portals.avatarState(a).content()));
                }
            }
            case RemoteEvent.Profile p -> {
                ghosts.ensure(p.sender(), p.displayName());
                p.avatar().filter(a -> a.startsWith("mxc://")).ifPresent(a -> ghosts.ensureAvatar(p.sender(), a));
            }
            case RemoteEvent.Receipt r -> {
                Optional<MappedMessage> upTo = messages.byRemote(roomId, r.room(), r.upTo());
                if (upTo.isPresent()) {
                    Intent ghost = ghosts.ensure(r.sender(), Optional.empty());
                    ghosts.ensureJoined(ghost, room, bot);
                    ghost.markRead(room, new EventId(upTo.get().eventId()));
                }
            }
            case RemoteEvent.PowerLevels pl -> powerLevels(room, pl);
            case RemoteEvent.Access access -> access(room, access);
            case RemoteEvent.Presence p -> {
                if (first) { // one user, one presence: set it once
                    Intent ghost = ghosts.ensure(p.sender(), Optional.empty());
                    presence.set(ghost.userId().value(),
                            new GhostPresence.State(p.away() ? "unavailable" : "online", p.statusMessage()));
                }
            }
            case RemoteEvent.Typing t -> {
                Intent ghost = ghosts.ensure(t.sender(), Optional.empty());
                ghosts.ensureJoined(ghost, room, bot);
                ghost.setTyping(room, t.typing(), java.time.Duration.ofSeconds(30));
            }
        }
    }

    /**
     * Who posts a remote user's message in Matrix: their ghost, or — when the remote account is a logged-in Matrix
     * user who can be double-puppeted and is in the room — that user's real Matrix account.
     */
    private Intent senderIntent(dev.mxbridge.core.network.RemoteUserId sender, Optional<String> name, RoomId room) {
        Optional<Intent> real = puppets.flatMap(p -> p.matrixUserOf(sender)).flatMap(doublePuppets::intent);
        if (real.isPresent() && bot.joinedMembers(room).containsKey(real.get().userId())) {
            return real.get();
        }
        Intent ghost = ghosts.ensure(sender, name);
        ghosts.ensureJoined(ghost, room, bot);
        return ghost;
    }

    /** A portal's join rule, history visibility and directory listing follow the remote room's access. */
    private void access(RoomId room, RemoteEvent.Access access) {
        if (rooms.room(room.value()).map(r -> r.mode() != RoomMode.PORTAL).orElse(true)) {
            return; // a plumbed room's settings belong to its admins
        }
        String rule = access.inviteOnly() ? "invite" : "public";
        if (!bot.stateContent(room, "m.room.join_rules", "").map(c -> c.path("join_rule").asString("")).orElse("").equals(rule)) {
            bot.sendState(room, "m.room.join_rules", "", JSON.createObjectNode().put("join_rule", rule));
        }
        String history = access.inviteOnly() ? "joined" : "shared";
        if (!bot.stateContent(room, "m.room.history_visibility", "")
                .map(c -> c.path("history_visibility").asString("")).orElse("").equals(history)) {
            bot.sendState(room, "m.room.history_visibility", "", JSON.createObjectNode().put("history_visibility", history));
        }
        Visibility visibility = access.listed() && !access.inviteOnly() ? Visibility.PUBLIC : Visibility.PRIVATE;
        if (bot.directoryVisibility(room) != visibility) {
            bot.setDirectoryVisibility(room, visibility);
        }
    }

    /** Sets the given ghosts' power levels in a portal (the bot's own and everyone else's stay as they are). */
    private void powerLevels(RoomId room, RemoteEvent.PowerLevels pl) {
        if (rooms.room(room.value()).map(r -> r.mode() != RoomMode.PORTAL).orElse(true)) {
            return; // a plumbed room's power levels belong to its admins
        }
        Map<String, Long> levels = new LinkedHashMap<>();
        pl.levels().forEach((user, level) -> levels.put(ghosts.userId(user).value(), level.longValue()));
        PowerLevels.set(bot, room, levels);
    }

    private void membership(RoomId room, RemoteEvent.Membership ms) {
        Intent target = ghosts.ensure(ms.target(), Optional.empty());
        String reason = ms.reason().orElse("");
        switch (ms.change()) {
            case JOIN -> ghosts.ensureJoined(target, room, bot);
            case LEAVE -> {
                target.leave(room);
                ghosts.left(target.userId(), room);
            }
            case KICK -> {
                bot.kick(room, target.userId(), reason);
                ghosts.left(target.userId(), room);
            }
            case BAN -> {
                bot.ban(room, target.userId(), reason);
                ghosts.left(target.userId(), room);
            }
            case UNBAN -> bot.unban(room, target.userId());
        }
    }
}
