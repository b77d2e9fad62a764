package dev.mxbridge.core.room;

import dev.mxbridge.core.network.Links;
import dev.mxbridge.core.network.RoomMode;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.handler.QueryHandler;
import dev.mxbridge.core.client.EventId;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.MatrixTransportException;
import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.client.Visibility;
import dev.mxbridge.core.command.CommandMessage;
import dev.mxbridge.core.command.Commands;
import dev.mxbridge.core.command.Outcome;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.command.PermissionLevel;
import dev.mxbridge.core.command.Permissions;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.handler.EventHandler;
import dev.mxbridge.core.handler.InboundEvent;
import dev.mxbridge.core.message.MappedMessage;
import dev.mxbridge.core.message.MessageMap;
import dev.mxbridge.core.remote.RemoteInbox;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.network.Logins;
import dev.mxbridge.core.network.ThirdPartyLookup;
import dev.mxbridge.core.seal.KeyFile;
import dev.mxbridge.core.seal.SecretBox;
import dev.mxbridge.core.user.DoublePuppets;
import dev.mxbridge.core.user.Ghosts;
import dev.mxbridge.core.user.LoginStore;
import dev.mxbridge.core.user.Puppets;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bridges one network: Matrix events from the journal go to the network's clients, remote events pushed by the
 * network go to Matrix as ghosts, portals are created on alias queries and first remote events, and every
 * bridged message is mapped both ways. Events of one Matrix room, and of one remote room, are handled in order.
 */
public final class NetworkBridge implements EventHandler, QueryHandler, NetworkContext, Links {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkBridge.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REMOTE_ATTEMPTS = 3;

    private final NetworkConnector network;
    private final MatrixClient matrix;
    private final Intent bot;
    private final RoomStore rooms;
    private final MessageMap messages;
    private final Ghosts ghosts;
    private final Portals portals;
    private final JsonNode networkConfig;
    private final Lanes<RemoteRoomId, RemoteTask> remoteLanes = new Lanes<>("remote", this::deliver);
    private final RemoteInbox remoteInbox;
    /** Ghosts' presence set again every 25 s: Synapse lets a user who never syncs go offline after about 30 s. */
    private final GhostPresence presence;
    private final Counter remoteStored;
    private final Counter remoteDuplicates;
    private volatile boolean closed;
    private final Cache<String, String> displayNames = Caffeine.newBuilder().maximumSize(100_000).build();
    /**
     * Striped per-remote-room locks. A send to a remote room and the recording of its id happen under the room's
     * lock, and remote events of that room are delivered under it too: a network that reports our own message back
     * before {@code send} returned still finds it mapped, and the echo is dropped.
     */
    private final java.util.concurrent.locks.ReentrantLock[] remoteLocks = new java.util.concurrent.locks.ReentrantLock[256];

    {
        for (int i = 0; i < remoteLocks.length; i++) {
            remoteLocks[i] = new java.util.concurrent.locks.ReentrantLock();
        }
    }

    private java.util.concurrent.locks.ReentrantLock lockOf(RemoteRoomId room) {
        return remoteLocks[Math.floorMod(room.hashCode(), remoteLocks.length)];
    }

    private final Permissions permissions;
    private final Commands commands;
    private final String relayFormat;
    private final Optional<Puppets> puppets;
    private final SecretBox box;
    private final dev.mxbridge.core.network.KeyValueStore store;
    private final DoublePuppets doublePuppets;
    /** What the bridge itself did through a remote client recently, so its echo is not bridged back. */
    private final java.util.Map<String, Set<String>> typingUsers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Cache<String, Boolean> ownActions = Caffeine.newBuilder()
            .expireAfterWrite(java.time.Duration.ofMinutes(2)).maximumSize(100_000).build();

    public NetworkBridge(NetworkConnector network, MatrixClient matrix, Database db, BridgeConfig config,
                         MeterRegistry metrics) {
        BridgeConfig.AppService as = config.appservice();
        String domain = config.homeserver().domain();
        this.network = network;
        this.matrix = matrix;
        this.bot = matrix.bot();
        this.rooms = new RoomStore(db);
        this.messages = new MessageMap(db);
        this.remoteInbox = new RemoteInbox(db, config.journal().eventRetention());
        this.presence = new GhostPresence((user, state) -> matrix.intent(new UserId(user))
                .setPresence(state.presence(), state.statusMessage()), Duration.ofSeconds(25), 1_000);
        this.remoteStored = Counter.builder("mxbridge_remote_events").tag("result", "stored")
                .description("remote events stored in the remote inbox").register(metrics);
        this.remoteDuplicates = Counter.builder("mxbridge_remote_events").tag("result", "duplicate")
                .description("remote events dropped because their delivery key was stored before").register(metrics);
        this.ghosts = new Ghosts(db, matrix, as.userPrefix(), domain);
        this.portals = new Portals(rooms, bot, ghosts, network, as.aliasPrefix(), domain);
        this.networkConfig = config.network();
        this.permissions = Permissions.fromConfig(config.bridging().permissions());
        this.relayFormat = config.bridging().relayFormat();
        SecretBox box = KeyFile.load(config.bridging().secretKey(), config.bridging().secretKeyFile());
        this.box = box;
        this.store = new dev.mxbridge.core.store.JdbcKeyValueStore(db);
        this.puppets = network instanceof Logins logins ? Optional.of(new Puppets(logins, new LoginStore(db, box))) : Optional.empty();
        this.doublePuppets = new DoublePuppets(db, box, matrix.config(), config.bridging().doublePuppetSecrets());
        this.commands = RoomCommands.create(this, config.bridging(), permissions);
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

    /** Starts the network module with this bridge as its context, then reconnects stored logins. */
    public void start() throws Exception {
        portals.onCreated(this::backfill);
        List<RemoteInbox.Stored> unfinished = remoteInbox.unfinished();
        if (!unfinished.isEmpty()) {
            LOG.info("resuming {} unfinished remote events from the remote inbox", unfinished.size());
        }
        unfinished.forEach(s -> remoteLanes.submit(s.event().room(), new RemoteTask(s.event(), s.seq())));
        network.start(this);
        puppets.ifPresent(Puppets::connectAll);
    }

    Optional<Puppets> puppets() {
        return puppets;
    }

    DoublePuppets doublePuppets() {
        return doublePuppets;
    }

    public RoomStore rooms() {
        return rooms;
    }

    public MessageMap messages() {
        return messages;
    }

    public Ghosts ghosts() {
        return ghosts;
    }

    // ---- Matrix → remote -------------------------------------------------------------------------------------

    @Override
    public void handle(InboundEvent event) throws Exception {
        if (event.echo() || event.roomId().isEmpty() || event.content().has(DoublePuppets.MARKER)) {
            return; // our own ghosts, or a user's real account driven by us (double puppeting)
        }
        String room = event.roomId().get();
        if (event.ephemeral()) {
            switch (event.type()) {
                case "m.typing" -> typingFromMatrix(event, room);
                case "m.receipt" -> receiptsFromMatrix(event, room);
                default -> {
                }
            }
            return;
        }
        switch (event.type()) {
            case "m.room.member" -> {
                if (event.stateKey().orElse("").equals(bot.userId().value())
                        && event.content().path("membership").asString().equals("invite")) {
                    bot.join(new RoomId(room));
                    bot.stateContent(new RoomId(room), "m.room.create", "")
                            .map(c -> c.path("predecessor").path("room_id").asString(""))
                            .filter(old -> !old.isEmpty())
                            .ifPresent(old -> upgraded(old, room));
                }
                event.stateKey().ifPresent(user -> displayNames.invalidate(room + " " + user));
                memberFromMatrix(event, room);
            }
            case "m.room.topic", "m.room.name", "m.room.avatar" -> roomDetailsFromMatrix(event, room);
            case "m.room.power_levels" -> powerLevelsFromMatrix(event, room);
            case "m.room.message" -> {
                if (!command(event, room)) {
                    fromMatrix(event, room);
                }
            }
            case "m.room.tombstone" -> upgraded(room, event.content().path("replacement_room").asString(""));
            case "m.room.redaction" -> redactionFromMatrix(event, room);
            case "m.reaction" -> reactionFromMatrix(event, room);
            default -> {
            }
        }
    }

    /**
     * A Matrix message, edit, reaction or redaction that could not be delivered after every retry: the sender gets
     * a notice in reply, so nothing is lost silently.
     */
    @Override
    public void gaveUp(InboundEvent event, Throwable cause) {
        Optional<String> roomId = event.roomId().filter(r -> rooms.room(r).isPresent());
        Optional<String> eventId = event.eventId();
        if (event.ephemeral() || event.echo() || roomId.isEmpty() || eventId.isEmpty()
                || !Set.of("m.room.message", "m.reaction", "m.room.redaction").contains(event.type())) {
            return;
        }
        String reason = Optional.ofNullable(cause.getMessage()).filter(m -> !m.isBlank())
                .orElse(cause.getClass().getSimpleName());
        ObjectNode content = notice("Not delivered to " + network.info().displayName() + ": " + reason);
        content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", eventId.get());
        content.putObject("m.mentions").putArray("user_ids").add(event.sender());
        bot.sendEvent(new RoomId(roomId.get()), "m.room.message", content, "undelivered:" + eventId.get());
    }

    /** The message a reply answers, as the bot sees it: author, their name in the room, plain text. */
    private Optional<OutboundMessage.Quote> quote(String roomId, String eventId) {
        try {
            return bot.event(new RoomId(roomId), new EventId(eventId))
                    .filter(e -> e.path("type").asString("").equals("m.room.message"))
                    .map(e -> {
                        String author = e.path("sender").asString("");
                        JsonNode content = e.path("content").has("m.new_content") ? e.path("content").path("m.new_content") : e.path("content");
                        return new OutboundMessage.Quote(author, displayName(roomId, author),
                                MatrixHtml.fromContent(content).toPlainText());
                    });
        } catch (RuntimeException e) {
            LOG.debug("no quote for the reply to {}: {}", eventId, e.toString());
            return Optional.empty();
        }
    }

    /** Runs a bot command; true if the message was one (and so is not bridged). */
    private boolean command(InboundEvent event, String roomId) {
        JsonNode content = event.content();
        if (!content.path("msgtype").asString("").equals("m.text") || content.has("m.relates_to")) {
            return false;
        }
        boolean management = rooms.room(roomId).isEmpty();
        int[] replies = {0};
        String eventId = event.eventId().orElse("");
        java.util.function.Consumer<String> reply = text -> bot.sendEvent(new RoomId(roomId), "m.room.message",
                notice(text), "reply:" + eventId + ":" + replies[0]++);
        String body = content.path("body").asString("");
        if (management && puppets.isPresent() && !body.startsWith(commands.prefix())) {
            boolean secret = puppets.get().expectsSecret(event.sender());
            try {
                if (puppets.get().answer(event.sender(), body, reply)) {
                    if (secret) {
                        forget(roomId, eventId, reply);
                    }
                    return true;
                }
            } catch (Exception e) {
                puppets.get().cancel(event.sender());
                reply.accept("Login failed: " + e.getMessage());
                return true;
            }
        }
        Outcome outcome = commands.handle(new CommandMessage(new UserId(event.sender()), new RoomId(roomId), body,
                management, eventId), reply::accept);
        return outcome.consumed();
    }

    /** Redacts a message that carried a secret, or asks the user to, where the bot may not. */
    void forget(String roomId, String eventId, java.util.function.Consumer<String> reply) {
        if (!redactSecret(roomId, eventId)) {
            reply.accept("Please delete your message: it contains a secret.");
        }
    }

    private void fromMatrix(InboundEvent event, String roomId) throws Exception {
        Optional<BridgedRoom> room = rooms.room(roomId);
        String eventId = event.eventId().orElseThrow();
        if (room.isEmpty()) {
            return;
        }
        // Only an event seen before (replayed after a restart, or retried after a failure) can have reached some
        // of its remote rooms already: first deliveries skip the lookup.
        boolean seenBefore = event.replayed() || event.attempt() > 1;
        Set<RemoteRoomId> done = seenBefore ? messages.byEvent(roomId, eventId).stream().map(MappedMessage::remoteRoom)
                .collect(java.util.stream.Collectors.toSet()) : Set.of();
        if (done.containsAll(room.get().remotes())) {
            return; // already bridged before a restart, or before the failure that made this a retry
        }
        if (!permissions.allows(event.sender(), PermissionLevel.RELAY)) {
            return; // not allowed to use the bridge: nothing of theirs leaves Matrix
        }
        Optional<NetworkClient> puppet = ownClient(event.sender());
        Optional<NetworkClient> client = puppet.or(() -> relayFor(room.get()));
        if (client.isEmpty()) {
            bot.sendEvent(new RoomId(roomId), "m.room.message", notice("Your message was not bridged: you have no "
                    + network.info().displayName() + " login and this room has no relay."), "refused:" + eventId);
            return;
        }
        boolean relayed = puppet.isEmpty();
        boolean virtualUser = relayed && client.get() instanceof NetworkClient.VirtualUsers;
        JsonNode content = event.content();
        String name = displayName(roomId, event.sender());
        Optional<String> avatar = virtualUser ? avatar(roomId, event.sender()) : Optional.empty();
        JsonNode relation = content.path("m.relates_to");
        if (relation.path("rel_type").asString("").equals("m.replace")) {
            editFromMatrix(event, roomId, name, relayed, relayed && !virtualUser, client.get(),
                    relation.path("event_id").asString(""), done);
            return;
        }
        MessageContent body = relayed && !virtualUser ? relayed(relayFormat, name, event.sender(), toContent(content)) : toContent(content);
        String inReplyTo = content.path("m.relates_to").path("m.in_reply_to").path("event_id").asString("");
        String threadRoot = relation.path("rel_type").asString("").equals("m.thread") ? relation.path("event_id").asString("") : "";
        // every linked remote room's copy of what this answers, looked up once for all of them
        List<MappedMessage> replyTargets = inReplyTo.isEmpty() ? List.of() : messages.byEvent(roomId, inReplyTo);
        List<MappedMessage> threadRoots = threadRoot.isEmpty() ? List.of() : messages.byEvent(roomId, threadRoot);
        boolean fallingBack = relation.path("is_falling_back").asBoolean(false);
        Optional<OutboundMessage.Quote> quote = inReplyTo.isEmpty() || fallingBack
                || !(client.get() instanceof NetworkClient.QuotedReplies) ? Optional.empty() : quote(roomId, inReplyTo);
        Optional<String> refusedFor = Optional.empty();
        for (RemoteRoomId remote : room.get().remotes()) {
            if (done.contains(remote)) {
                continue;
            }
            if (!reaches(remote, event.sender(), !relayed)) {
                refusedFor = remote.receiver();
                continue;
            }
            Optional<RemoteMessageId> replyTo = inRemoteRoom(replyTargets, remote);
            Optional<RemoteMessageId> thread = inRemoteRoom(threadRoots, remote);
            var lock = lockOf(remote);
            lock.lock();
            try {
                OutboundMessage out = new OutboundMessage(event.sender(), name, avatar, body, replyTo, relayed, thread,
                        quote, eventId);
                RemoteMessageId sent = seenBefore ? delivered(client.get(), remote, out).orElse(null) : null;
                if (sent == null) {
                    sent = client.get().send(remote, out);
                }
                messages.record(new MappedMessage(roomId, eventId, remote, sent, event.sender()));
            } finally {
                lock.unlock();
            }
        }
        if (refusedFor.isPresent()) {
            bot.sendEvent(new RoomId(roomId), "m.room.message", notice("Not delivered to " + network.info().displayName()
                    + ": this is " + refusedFor.get() + "'s private chat, and only their own login writes to it."),
                    "refused-per-login:" + eventId);
        }
    }

    /**
     * For an event that may have gone out before (replayed after a crash, or retried after an uncertain attempt):
     * the remote copy, where the client can tell ({@link NetworkClient.DeliveryCheck}).
     */
    private static Optional<RemoteMessageId> delivered(NetworkClient client, RemoteRoomId remote, OutboundMessage out)
            throws Exception {
        if (client instanceof NetworkClient.DeliveryCheck check) {
            Optional<RemoteMessageId> found = check.delivered(remote, out);
            found.ifPresent(id -> LOG.info("{} had reached {} before (as {}): not sent again", out.eventId(), remote, id));
            return found;
        }
        return Optional.empty();
    }

    /**
     * Whether an action of {@code actor} may reach {@code remote}: a per-login room takes only its receiver's own
     * login ({@code ownLogin}), never a relay or another user's.
     */
    private static boolean reaches(RemoteRoomId remote, String actor, boolean ownLogin) {
        return remote.receiver().map(receiver -> ownLogin && receiver.equals(actor)).orElse(true);
    }

    /** The copy, among a Matrix event's mapped copies, that is in one remote room. */
    private static Optional<RemoteMessageId> inRemoteRoom(List<MappedMessage> copies, RemoteRoomId remote) {
        return copies.stream().filter(m -> m.remoteRoom().equals(remote)).map(MappedMessage::remoteId).findFirst();
    }

    /** An edit: the network's own edit where it can, else a {@code * corrected} message (degraded, not dropped). */
    /**
     * An {@code m.replace} from Matrix: an edit where the client can edit, else a corrected copy ("* ...").
     *
     * @param name     the sender's display name, which the network may show (virtual users) or log
     * @param relayed  whether it goes out through a relay rather than the sender's own login
     * @param prefixed whether the relay format puts the name into the text (a relay without virtual users)
     */
    private void editFromMatrix(InboundEvent event, String roomId, String name, boolean relayed, boolean prefixed,
                                NetworkClient client, String targetId, Set<RemoteRoomId> done) throws Exception {
        JsonNode newContent = event.content().has("m.new_content") ? event.content().get("m.new_content") : event.content();
        MessageContent replacement = prefixed ? relayed(relayFormat, name, event.sender(), toContent(newContent)) : toContent(newContent);
        List<MappedMessage> targets = messages.byEvent(roomId, targetId);
        for (RemoteRoomId remote : rooms.room(roomId).orElseThrow().remotes()) {
            if (done.contains(remote) || !reaches(remote, event.sender(), !relayed)) {
                continue;
            }
            Optional<RemoteMessageId> remoteTarget = inRemoteRoom(targets, remote);
            OutboundMessage out = new OutboundMessage(event.sender(), name, Optional.empty(), replacement, Optional.empty(),
                    relayed, Optional.empty(), Optional.empty(), event.eventId().orElseThrow());
            RemoteMessageId edited;
            if (client instanceof NetworkClient.Edits edits && remoteTarget.isPresent()) {
                ownActions.put("edit " + remote + " " + remoteTarget.get(), Boolean.TRUE);
                edits.edit(remote, remoteTarget.get(), out);
                edited = remoteTarget.get();
            } else {
                MessageContent corrected = new MessageContent.Text(MessageContent.Text.Kind.TEXT,
                        FormattedText.plain("* " + replacement.plainText()));
                edited = client.send(remote, new OutboundMessage(event.sender(), name, Optional.empty(), corrected,
                        Optional.empty(), relayed, Optional.empty(), Optional.empty(), event.eventId().orElseThrow()));
            }
            messages.record(new MappedMessage(roomId, event.eventId().orElseThrow(), remote, edited, event.sender()));
        }
    }

    /** A real Matrix user joined or left a bridged room: networks whose membership follows Matrix are told. */
    private void memberFromMatrix(InboundEvent event, String roomId) throws Exception {
        String user = event.stateKey().orElse("");
        Optional<BridgedRoom> room = rooms.room(roomId);
        if (room.isPresent() && !user.equals(event.sender()) && ghosts.remoteId(user).isPresent()) {
            kickFromMatrix(event, room.get(), ghosts.remoteId(user).get());
            return;
        }
        if (room.isEmpty() || user.equals(bot.userId().value()) || ghosts.remoteId(user).isPresent()) {
            return;
        }
        String membership = event.content().path("membership").asString("");
        String previous = event.json().path("unsigned").path("prev_content").path("membership").asString("");
        boolean joined = membership.equals("join");
        if (joined == previous.equals("join")) {
            return; // a profile change, or no change of presence in the room
        }
        String name = event.content().path("displayname").asString("");
        String displayName = name.isBlank() ? new UserId(user).localpart() : name;
        for (RemoteRoomId remote : room.get().remotes()) {
            if (reaches(remote, user, true)) {
                network.membership(remote, user, displayName, joined);
            }
        }
    }

    /** A Matrix user kicked or banned a ghost: the remote user is removed where the network can. */
    private void kickFromMatrix(InboundEvent event, BridgedRoom room, dev.mxbridge.core.network.RemoteUserId member)
            throws Exception {
        String membership = event.content().path("membership").asString("");
        String previous = event.json().path("unsigned").path("prev_content").path("membership").asString("");
        boolean removed = membership.equals("ban") || membership.equals("leave") && previous.equals("join");
        if (!removed || !permissions.allows(event.sender(), PermissionLevel.RELAY)) {
            return;
        }
        ghosts.left(new UserId(event.stateKey().orElseThrow()), new RoomId(room.roomId()));
        Optional<NetworkClient> own = ownClient(event.sender());
        Optional<NetworkClient> client = own.or(network::relay);
        if (client.isPresent() && client.get() instanceof NetworkClient.Kicks kicks) {
            for (RemoteRoomId remote : room.remotes()) {
                if (reaches(remote, event.sender(), own.isPresent())) {
                    kicks.kick(remote, member, event.content().path("reason").asString(""));
                }
            }
        }
    }

    /**
     * A topic, name or avatar set in a bridged room goes to the remote rooms, through the sender's own login if they
     * have one, where the network can take it. A plumbed room's name and avatar are its own: only topics go out.
     */
    private void roomDetailsFromMatrix(InboundEvent event, String roomId) throws Exception {
        Optional<BridgedRoom> room = rooms.room(roomId);
        Optional<NetworkClient> client = ownClient(event.sender());
        if (room.isEmpty() || client.isEmpty() || event.stateKey().filter(String::isEmpty).isEmpty()) {
            return;
        }
        boolean portal = room.get().mode() == RoomMode.PORTAL;
        JsonNode content = event.content();
        for (RemoteRoomId remote : room.get().remotes()) {
            if (!reaches(remote, event.sender(), true)) {
                continue;
            }
            switch (client.get()) {
                case NetworkClient.Topics t when event.type().equals("m.room.topic") ->
                        t.setTopic(remote, content.path("topic").asString(""));
                case NetworkClient.RoomNames n when portal && event.type().equals("m.room.name") ->
                        n.setRoomName(remote, content.path("name").asString(""));
                case NetworkClient.RoomAvatars a when portal && event.type().equals("m.room.avatar") ->
                        a.setRoomAvatar(remote, MxcUri.tryParse(content.path("url").asString(""))
                                .map(mxc -> bot.download(mxc)));
                default -> {
                }
            }
        }
    }

    /**
     * Power levels changed by a Matrix user: each user whose level changed gets the matching rank on the network,
     * through the sender's own connection (a login's client, or the network's connection for them), never the relay.
     */
    private void powerLevelsFromMatrix(InboundEvent event, String roomId) throws Exception {
        Optional<BridgedRoom> room = rooms.room(roomId);
        Optional<NetworkClient> client = ownClient(event.sender());
        if (room.isEmpty() || client.isEmpty() || !(client.get() instanceof NetworkClient.Ranks ranks)) {
            return;
        }
        JsonNode now = event.content();
        JsonNode before = event.json().path("unsigned").path("prev_content");
        int defaultNow = now.path("users_default").asInt(0);
        int defaultBefore = before.path("users_default").asInt(0);
        Set<String> users = new java.util.TreeSet<>();
        now.path("users").properties().forEach(e -> users.add(e.getKey()));
        before.path("users").properties().forEach(e -> users.add(e.getKey()));
        for (String user : users) {
            int level = now.path("users").path(user).asInt(defaultNow);
            if (user.equals(bot.userId().value()) || level == before.path("users").path(user).asInt(defaultBefore)) {
                continue;
            }
            for (RemoteRoomId remote : room.get().remotes()) {
                if (reaches(remote, event.sender(), true)) {
                    ranks.setPowerLevel(remote, user, level);
                }
            }
        }
    }

    /** Typing of a logged-in user goes out through their own connection. */
    private void typingFromMatrix(InboundEvent event, String roomId) throws Exception {
        Optional<BridgedRoom> room = rooms.room(roomId);
        if (room.isEmpty()) {
            return;
        }
        java.util.Set<String> typing = new java.util.HashSet<>();
        event.content().path("user_ids").forEach(u -> typing.add(u.asString()));
        Set<String> before = typingUsers.getOrDefault(roomId, Set.of());
        typingUsers.put(roomId, typing);
        for (String user : union(typing, before)) {
            Optional<NetworkClient> client = typing.contains(user) ? ownClient(user) : loginClient(user);
            if (client.isPresent() && client.get() instanceof NetworkClient.TypingNotices notices
                    && typing.contains(user) != before.contains(user)) {
                for (RemoteRoomId remote : room.get().remotes()) {
                    if (reaches(remote, user, true)) {
                        notices.typing(remote, typing.contains(user));
                    }
                }
            }
        }
    }

    /** A user's login client, if they have one. */
    private Optional<NetworkClient> loginClient(String user) {
        return puppets.flatMap(p -> p.clientFor(user));
    }

    /**
     * A user's own connection: their login's client, or the network's connection for them. Asking the network
     * counts as activity there (an IRC puppet idle-disconnected comes back), so it is asked only for what the user
     * actively did: messages, typing, reading.
     */
    private Optional<NetworkClient> ownClient(String user) {
        return loginClient(user).or(() -> network.clientFor(user));
    }

    /**
     * Read receipts go out through the reader's own connection, for messages the bridge knows; reading counts as
     * activity on networks that keep a connection per user.
     */
    private void receiptsFromMatrix(InboundEvent event, String roomId) throws Exception {
        if (rooms.room(roomId).isEmpty()) {
            return;
        }
        for (var receipt : event.content().properties()) {
            List<MappedMessage> targets = messages.byEvent(roomId, receipt.getKey());
            if (targets.isEmpty()) {
                continue;
            }
            for (var reader : receipt.getValue().path("m.read").properties()) {
                Optional<NetworkClient> client = ownClient(reader.getKey());
                if (client.isPresent() && client.get() instanceof NetworkClient.ReadReceipts receipts) {
                    for (MappedMessage target : targets) {
                        if (reaches(target.remoteRoom(), reader.getKey(), true)) {
                            receipts.markRead(target.remoteRoom(), target.remoteId());
                        }
                    }
                }
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * A redaction from Matrix: a bridged message is deleted on the network, a bridged reaction taken back, where the
     * sender's login (or the relay) can.
     */
    private void redactionFromMatrix(InboundEvent event, String roomId) throws Exception {
        String redacted = event.json().path("redacts").asString(event.content().path("redacts").asString(""));
        Optional<NetworkClient> own = loginClient(event.sender());
        Optional<NetworkClient> client = own.or(network::relay);
        if (client.isEmpty() || rooms.room(roomId).isEmpty()) {
            return;
        }
        for (MappedMessage target : messages.byEvent(roomId, redacted)) {
            if (!reaches(target.remoteRoom(), event.sender(), own.isPresent())) {
                continue;
            }
            Optional<ReactionKey> reaction = ReactionKey.of(target.remoteId());
            if (reaction.isPresent()) {
                if (client.get() instanceof NetworkClient.ReactionRemovals removals) {
                    ReactionKey r = reaction.get();
                    ownActions.put("unreact " + target.remoteRoom() + " " + r.target() + " " + r.key(), Boolean.TRUE);
                    removals.unreact(target.remoteRoom(), r.target(), r.key());
                }
            } else if (client.get() instanceof NetworkClient.Redactions redactions) {
                ownActions.put("delete " + target.remoteRoom() + " " + target.remoteId(), Boolean.TRUE);
                redactions.delete(target.remoteRoom(), target.remoteId());
            }
        }
    }

    /** A reaction from Matrix goes out and is mapped, so that its redaction takes it back. */
    private void reactionFromMatrix(InboundEvent event, String roomId) throws Exception {
        JsonNode relation = event.content().path("m.relates_to");
        Optional<NetworkClient> own = loginClient(event.sender());
        Optional<NetworkClient> client = own.or(network::relay);
        if (client.isPresent() && client.get() instanceof NetworkClient.Reactions reactions) {
            String key = relation.path("key").asString("");
            for (MappedMessage target : messages.byEvent(roomId, relation.path("event_id").asString(""))) {
                if (!reaches(target.remoteRoom(), event.sender(), own.isPresent()) || ReactionKey.of(target.remoteId()).isPresent()) {
                    continue;
                }
                ownActions.put("react " + target.remoteRoom() + " " + target.remoteId() + " " + key, Boolean.TRUE);
                reactions.react(target.remoteRoom(), target.remoteId(), key);
                messages.record(new MappedMessage(roomId, event.eventId().orElseThrow(), target.remoteRoom(),
                        new ReactionKey(target.remoteId(), event.sender(), key).id(), event.sender()));
            }
        }
    }

    /** Matrix content to the core model; media keeps its mxc URL. */
    static MessageContent toContent(JsonNode content) {
        String msgtype = content.path("msgtype").asString("m.text");
        String body = content.path("body").asString("");
        return switch (msgtype) {
            case "m.image", "m.file", "m.audio", "m.video" -> new MessageContent.Media(
                    MessageContent.Media.MediaKind.valueOf(msgtype.substring(2).toUpperCase(java.util.Locale.ROOT)),
                    content.path("url").asString(""), content.path("filename").asString(body),
                    Optional.ofNullable(content.path("info").path("mimetype").asString(null)),
                    content.path("info").has("size") ? Optional.of(content.path("info").path("size").asLong()) : Optional.empty(),
                    Optional.empty());
            case "m.location" -> new MessageContent.Location(content.path("geo_uri").asString(""), body);
            case "m.notice" -> new MessageContent.Text(MessageContent.Text.Kind.NOTICE, MatrixHtml.fromContent(content));
            case "m.emote" -> new MessageContent.Text(MessageContent.Text.Kind.EMOTE, MatrixHtml.fromContent(content));
            default -> new MessageContent.Text(MessageContent.Text.Kind.TEXT, MatrixHtml.fromContent(content));
        };
    }

    /**
     * What the relay says on a user's behalf, in the configured format (default {@code <name> text}); emotes
     * become {@code * name action}. Formatting of the message itself is kept.
     */
    static MessageContent relayed(String format, String name, String userId, MessageContent content) {
        FormattedText text = content instanceof MessageContent.Text t ? t.text() : FormattedText.plain(content.plainText());
        boolean emote = content instanceof MessageContent.Text t && t.kind() == MessageContent.Text.Kind.EMOTE;
        String template = emote ? "* {displayname} {message}" : format;
        int at = template.indexOf("{message}");
        List<Node> nodes = new ArrayList<>();
        String before = fill(template.substring(0, at), name, userId);
        String after = fill(template.substring(at + "{message}".length()), name, userId);
        if (!before.isEmpty()) {
            nodes.add(new Node.Text(before));
        }
        nodes.addAll(text.nodes());
        if (!after.isEmpty()) {
            nodes.add(new Node.Text(after));
        }
        MessageContent.Text.Kind kind = content instanceof MessageContent.Text t && t.kind() == MessageContent.Text.Kind.NOTICE
                ? MessageContent.Text.Kind.NOTICE : MessageContent.Text.Kind.TEXT;
        return new MessageContent.Text(kind, new FormattedText(nodes));
    }

    private static String fill(String template, String name, String userId) {
        return template.replace("{displayname}", name).replace("{userid}", userId)
                .replace("\r", " ").replace("\n", " ");
    }

    /** Who relays in a room: the user set with {@code set-relay} (through their login), else the network's relay. */
    private Optional<NetworkClient> relayFor(BridgedRoom room) {
        return room.relayUser().flatMap(u -> puppets.flatMap(p -> p.clientFor(u))).or(network::relay);
    }

    private Optional<String> avatar(String roomId, String userId) {
        return bot.stateContent(new RoomId(roomId), "m.room.member", userId)
                .map(c -> c.path("avatar_url").asString("")).filter(a -> a.startsWith("mxc://"));
    }

    private String displayName(String roomId, String userId) {
        return displayNames.get(roomId + " " + userId, key -> bot.stateContent(new RoomId(roomId), "m.room.member", userId)
                .map(c -> c.path("displayname").asString(""))
                .filter(n -> !n.isBlank())
                .orElse(new UserId(userId).localpart()));
    }

    /**
     * A room upgrade: the links move to the replacement room once the bot is in it. The bot joins at the tombstone
     * if it may; in an invite-only room it asks for an invite and moves the links when invited (the new room's
     * {@code m.room.create} names its predecessor).
     */
    private void upgraded(String oldRoom, String newRoom) {
        if (newRoom.isEmpty() || rooms.room(oldRoom).isEmpty() || rooms.room(newRoom).isPresent()) {
            return;
        }
        try {
            bot.join(new RoomId(newRoom));
        } catch (dev.mxbridge.core.client.MatrixException e) {
            if (!e.isForbidden()) {
                throw e;
            }
            bot.sendEvent(new RoomId(oldRoom), "m.room.message", notice("This room was upgraded. Invite "
                    + bot.userId().value() + " to the new room to keep it bridged."), "upgrade:" + newRoom);
            return;
        }
        rooms.move(oldRoom, newRoom);
        LOG.info("room {} was upgraded to {}: links moved", oldRoom, newRoom);
    }

    Intent bot() {
        return bot;
    }

    MatrixClient matrix() {
        return matrix;
    }

    NetworkConnector network() {
        return network;
    }

    Portals portals() {
        return portals;
    }

    // ---- remote → Matrix -------------------------------------------------------------------------------------

    /**
     * A remote event on its way to Matrix.
     *
     * @param seq its row in the remote inbox, or -1 for an event pushed in memory only
     */
    private record RemoteTask(RemoteEvent event, long seq) {
        boolean durable() {
            return seq >= 0;
        }
    }

    @Override
    public void push(RemoteEvent event) {
        remoteLanes.submit(event.room(), new RemoteTask(event, -1));
    }

    @Override
    public CompletableFuture<Boolean> pushDurably(RemoteEvent event, Optional<String> deliveryKey) {
        return remoteInbox.append(event, deliveryKey,
                stored -> remoteLanes.submit(event.room(), new RemoteTask(event, stored.seq())))
                .whenComplete((fresh, failed) -> {
                    if (failed == null) {
                        (fresh ? remoteStored : remoteDuplicates).increment();
                    }
                });
    }

    @Override
    public JsonNode config() {
        return networkConfig;
    }

    @Override
    public Links links() {
        return this;
    }

    @Override
    public void notice(String matrixRoom, String text) {
        bot.sendEvent(new RoomId(matrixRoom), "m.room.message", notice(text), "network-notice:" + UUID.randomUUID());
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
            leave(room.get());
        }
    }

    /** Ghosts and the bot leave; a portal's alias is removed so the remote room can get a fresh portal. */
    /** Ghosts and the bot leave; a portal's alias is removed so the remote room can get a fresh portal. */
    void leave(BridgedRoom room) {
        RoomId id = new RoomId(room.roomId());
        room.alias().ifPresent(alias -> bot.deleteAlias(new dev.mxbridge.core.client.RoomAlias(alias)));
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
        try {
            bot.redact(new RoomId(roomId), new EventId(eventId), "contained a secret", "forget:" + eventId);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public dev.mxbridge.core.network.KeyValueStore store() {
        return store;
    }

    @Override
    public String seal(dev.mxbridge.core.secret.Secret secret, String boundTo) {
        return box.encrypt(secret, "network\0" + network.info().id() + "\0" + boundTo);
    }

    @Override
    public dev.mxbridge.core.secret.Secret open(String sealed, String boundTo) {
        return box.decrypt(sealed, "network\0" + network.info().id() + "\0" + boundTo);
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
        linkPlumbed(matrixRoom, remote, approvedBy);
        bot.sendEvent(new RoomId(matrixRoom), "m.room.message", notice("Linked this room to " + remote
                + " (approved by " + approvedBy + ")."), "link-approved:" + remote + ":" + matrixRoom);
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

    /** Commits the message map's recorded rows; called once the network has stopped, before the store closes. */
    public void close() {
        closed = true;
        presence.close();
        messages.close();
    }

    @Override
    public boolean ensureLink(String matrixRoom, RemoteRoomId remote) {
        if (rooms.room(matrixRoom).filter(r -> r.remotes().contains(remote)).isPresent()) {
            return false;
        }
        bot.join(new RoomId(matrixRoom));
        linkPlumbed(matrixRoom, remote, "configuration");
        bot.sendEvent(new RoomId(matrixRoom), "m.room.message", notice("Linked this room to " + remote
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

    /**
     * Bridges one remote event, retrying with back-off. An event from the remote inbox is retried for as long as the
     * homeserver cannot be reached (it is stored, and nothing after it in its room may overtake it), and its row is
     * completed or marked failed; one pushed in memory is given up on after a few attempts. On shutdown an inbox
     * event stays unfinished, to be bridged after the restart.
     */
    private void deliver(RemoteTask task) {
        RemoteEvent event = task.event();
        for (int attempt = 1; ; attempt++) {
            var lock = lockOf(event.room());
            lock.lock();
            try {
                toMatrix(event);
                if (task.durable()) {
                    remoteInbox.complete(task.seq());
                }
                return;
            } catch (Exception e) {
                boolean unreachable = e instanceof MatrixTransportException
                        || e instanceof MatrixException m && (m.status() >= 500 || m.isRateLimited());
                if (closed) {
                    return;
                }
                if (attempt >= REMOTE_ATTEMPTS && !(task.durable() && unreachable)) {
                    LOG.warn("could not bridge {} from {} after {} attempts: {}", event.getClass().getSimpleName(),
                            event.room(), attempt, e.toString());
                    if (task.durable()) {
                        remoteInbox.fail(task.seq(), attempt, e.toString());
                    }
                    return;
                }
                if (attempt == REMOTE_ATTEMPTS) {
                    LOG.warn("the homeserver cannot take {} from {} ({}); retrying until it can", event.getClass().getSimpleName(),
                            event.room(), e.toString());
                }
            } finally {
                lock.unlock();
            }
            try {
                Thread.sleep(Math.min(200L << Math.min(attempt, 10), 30_000));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void toMatrix(RemoteEvent event) throws Exception {
        if (network.relay().flatMap(NetworkClient::account).filter(event.sender()::equals).isPresent()) {
            return; // the relay's own doing, already in Matrix
        }
        String own = switch (event) {
            case RemoteEvent.Edit e -> "edit " + e.room() + " " + e.target();
            case RemoteEvent.Delete d -> "delete " + d.room() + " " + d.target();
            case RemoteEvent.Reaction r -> "react " + r.room() + " " + r.target() + " " + r.key();
            case RemoteEvent.ReactionRemoved r -> "unreact " + r.room() + " " + r.target() + " " + r.key();
            default -> null;
        };
        if (own != null && ownActions.asMap().remove(own) != null) {
            return; // a puppet's echo of what we did for its Matrix user
        }
        List<String> targets = rooms.roomsFor(event.room());
        if (targets.isEmpty() && event instanceof RemoteEvent.Message) {
            Optional<dev.mxbridge.core.network.RemoteRoomInfo> info = network.resolvePortal(network.portalKey(event.room()));
            if (info.isEmpty()) {
                return;
            }
            targets = List.of(portals.ensure(info.get()).roomId());
        }
        for (String roomId : targets) {
            RoomId room = new RoomId(roomId);
            switch (event) {
                case RemoteEvent.Message m -> {
                    if (messages.byRemote(roomId, m.room(), m.id()).isPresent()) {
                        continue; // an echo of our own send, or a replay after a reconnect
                    }
                    Intent ghost = senderIntent(m.sender(), m.senderName(), room);
                    ObjectNode content = toMatrixContent(m.content());
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
                        continue;
                    }
                    Intent ghost = ghosts.ensure(e.sender(), Optional.empty());
                    ObjectNode newContent = toMatrixContent(e.content());
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
                    if (roomId.equals(targets.getFirst())) { // one user, one presence: set it once
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
        ObjectNode content = bot.stateContent(room, "m.room.power_levels", "")
                .map(c -> (ObjectNode) c.deepCopy()).orElseGet(JSON::createObjectNode);
        ObjectNode users = content.has("users") ? (ObjectNode) content.get("users") : content.putObject("users");
        boolean changed = false;
        for (var level : pl.levels().entrySet()) {
            String ghost = ghosts.userId(level.getKey()).value();
            int now = users.path(ghost).asInt(content.path("users_default").asInt(0));
            if (now != level.getValue()) {
                if (level.getValue() == content.path("users_default").asInt(0)) {
                    users.remove(ghost);
                } else {
                    users.put(ghost, level.getValue());
                }
                changed = true;
            }
        }
        if (changed) {
            bot.sendState(room, "m.room.power_levels", "", content);
        }
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

    /** The core model to Matrix content: formatted text with {@code m.mentions}, or media by its mxc URL. */
    static ObjectNode toMatrixContent(MessageContent content) {
        return switch (content) {
            case MessageContent.Text t -> MatrixHtml.toContent(t.text()).put("msgtype", switch (t.kind()) {
                case TEXT -> "m.text";
                case NOTICE -> "m.notice";
                case EMOTE -> "m.emote";
            });
            case MessageContent.Media m when m.url().startsWith("mxc://") -> {
                ObjectNode c = JSON.createObjectNode().put("msgtype", "m." + m.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .put("body", m.filename()).put("url", m.url());
                m.mimeType().ifPresent(t -> c.putObject("info").put("mimetype", t));
                yield c;
            }
            case MessageContent.Media m -> JSON.createObjectNode().put("msgtype", "m.text").put("body", m.plainText());
            case MessageContent.Location l -> JSON.createObjectNode().put("msgtype", "m.location")
                    .put("body", l.description()).put("geo_uri", l.geoUri());
        };
    }

    private static ObjectNode notice(String text) {
        return JSON.createObjectNode().put("msgtype", "m.notice").put("body", text);
    }

    // ---- queries ---------------------------------------------------------------------------------------------

    @Override
    public Optional<JsonNode> protocol(String protocol) {
        return network instanceof ThirdPartyLookup lookup && protocol.equals(network.info().id())
                ? Optional.of(lookup.protocol()) : Optional.empty();
    }

    @Override
    public List<JsonNode> locations(String protocol, java.util.Map<String, String> fields) throws Exception {
        return network instanceof ThirdPartyLookup lookup && protocol.equals(network.info().id())
                ? lookup.locations(fields) : List.of();
    }

    @Override
    public List<JsonNode> users(String protocol, java.util.Map<String, String> fields) throws Exception {
        return network instanceof ThirdPartyLookup lookup && protocol.equals(network.info().id())
                ? lookup.users(fields) : List.of();
    }

    @Override
    public boolean queryAlias(String alias) throws Exception {
        return portals.onAliasQuery(alias);
    }

    @Override
    public boolean queryUser(String userId) {
        return ghosts.remoteId(userId).map(remote -> {
            ghosts.ensure(remote, Optional.empty());
            return true;
        }).orElse(false);
    }
}
