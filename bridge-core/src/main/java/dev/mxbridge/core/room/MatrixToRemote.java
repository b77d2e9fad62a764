package dev.mxbridge.core.room;

import dev.mxbridge.core.network.RoomMode;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.client.EventId;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.command.CommandMessage;
import dev.mxbridge.core.command.Commands;
import dev.mxbridge.core.command.Outcome;
import dev.mxbridge.core.command.PermissionLevel;
import dev.mxbridge.core.command.Permissions;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.handler.EventHandler;
import dev.mxbridge.core.handler.InboundEvent;
import dev.mxbridge.core.message.MappedMessage;
import dev.mxbridge.core.message.MessageMap;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.user.DoublePuppets;
import dev.mxbridge.core.user.Ghosts;
import dev.mxbridge.core.user.Puppets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import dev.mxbridge.core.order.Lanes;
import static dev.mxbridge.core.room.Contents.notice;

/**
 * Matrix → remote: the {@link EventHandler} the journal hands a bridged room's events to, in the room's lane (see
 * {@link Lanes}). Messages, edits, reactions and redactions go out through the sender's own login or the room's
 * relay and are mapped; membership, room details, power levels, typing and receipts go where the network can take
 * them; bot commands are run.
 *
 * <p>Threading: {@link #handle} runs in the event's room lane, so a send to a remote room and the recording of its id
 * finish before the network's echo of it, which is bridged in the same lane, is looked at.
 */
final class MatrixToRemote implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixToRemote.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Parts parts;
    private final NetworkConnector network;
    private final Intent bot;
    private final RoomStore rooms;
    private final MessageMap messages;
    private final Ghosts ghosts;
    private final Optional<Puppets> puppets;
    private final Permissions permissions;
    private final Commands commands;
    private final String relayFormat;
    private final Cache<String, Boolean> ownActions;
    private final RoomStates states;
    private final EphemeralEvents ephemeral;
    /** Senders' display names and avatars by {@code "<room> <user>"}: one state read per sender and room, not per message. */
    private final Cache<String, Member> members = Caffeine.newBuilder().maximumSize(100_000).build();

    private record Member(String displayName, Optional<String> avatar) {
    }
    /** Who was typing in each room, as the last {@code m.typing} said. */
    private final java.util.Map<String, Set<String>> typingUsers = new java.util.concurrent.ConcurrentHashMap<>();

    MatrixToRemote(Parts parts, Commands commands, EphemeralEvents ephemeral) {
        this.parts = parts;
        this.ephemeral = ephemeral;
        this.network = parts.network();
        this.bot = parts.bot();
        this.rooms = parts.rooms();
        this.messages = parts.messages();
        this.ghosts = parts.ghosts();
        this.puppets = parts.puppets();
        this.permissions = parts.permissions();
        this.commands = commands;
        this.relayFormat = parts.relayFormat();
        this.ownActions = parts.ownActions();
        this.states = parts.roomStates();
    }

    @Override
    public void handle(InboundEvent event) throws Exception {
        if (event.ephemeral()) {
            ephemeral.seen();
        }
        dispatch(event);
        // Recorded once handled (a retry must still see the state before it), echoes of our own users' too: a
        // ghost's join is what a later kick of it is judged against.
        if (event.roomId().isPresent() && event.stateKey().isPresent() && RoomStates.TRACKED.contains(event.type())) {
            states.record(event.roomId().get(), event.type(), event.stateKey().get(), event.content());
        }
    }

    private void dispatch(InboundEvent event) throws Exception {
        if (event.ephemeral() && event.type().equals("m.presence") && !event.echo()) {
            presenceFromMatrix(event); // no room: presence is the user's everywhere
            return;
        }
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
                    states.load(room, bot.roomState(new RoomId(room)));
                    bot.stateContent(new RoomId(room), "m.room.create", "")
                            .map(c -> c.path("predecessor").path("room_id").asString(""))
                            .filter(old -> !old.isEmpty())
                            .ifPresent(old -> upgraded(old, room));
                }
                event.stateKey().ifPresent(user -> members.invalidate(room + " " + user));
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
                        parts.forget(roomId, eventId, reply);
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
        MessageContent body = relayed && !virtualUser ? Contents.relayed(relayFormat, name, event.sender(), Contents.toContent(content)) : Contents.toContent(content);
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
            OutboundMessage out = new OutboundMessage(event.sender(), name, avatar, body, replyTo, relayed, thread,
                    quote, eventId);
            RemoteMessageId sent = seenBefore ? delivered(client.get(), remote, out).orElse(null) : null;
            if (sent == null) {
                sent = client.get().send(remote, out);
            }
            messages.record(new MappedMessage(roomId, eventId, remote, sent, event.sender()));
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
        MessageContent replacement = prefixed ? Contents.relayed(relayFormat, name, event.sender(), Contents.toContent(newContent)) : Contents.toContent(newContent);
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
        if (room.isEmpty() && !user.equals(event.sender()) && ghosts.remoteId(user).isPresent()
                && event.content().path("membership").asString("").equals("invite")
                && event.content().path("is_direct").asBoolean(false)) {
            directChatFromMatrix(event, roomId, ghosts.remoteId(user).get());
            return;
        }
        if (room.isPresent() && !user.equals(event.sender()) && ghosts.remoteId(user).isPresent()) {
            kickFromMatrix(event, room.get(), ghosts.remoteId(user).get());
            return;
        }
        if (room.isEmpty() || user.equals(bot.userId().value()) || ghosts.remoteId(user).isPresent()) {
            return;
        }
        String membership = event.content().path("membership").asString("");
        Optional<String> previous = states.previous(roomId, event.json()).map(c -> c.path("membership").asString(""));
        boolean joined = membership.equals("join");
        String name = event.content().path("displayname").asString("");
        String displayName = name.isBlank() ? new UserId(user).localpart() : name;
        if (previous.isPresent() && joined == previous.get().equals("join")) {
            String before = states.previous(roomId, event.json()).map(c -> c.path("displayname").asString("")).orElse("");
            if (joined && !name.isBlank() && !name.equals(before)) {
                network.displayNameChanged(user, displayName);
            }
            return; // a profile change, or no change of presence in the room
        } // not known before: told as a change (networks' joins and parts are idempotent)
        for (RemoteRoomId remote : room.get().remotes()) {
            if (reaches(remote, user, true)) {
                network.membership(remote, user, displayName, joined);
            }
        }
    }

    /**
     * A Matrix user invited a ghost to a direct chat: where the network can hold a private conversation between them
     * ({@link NetworkConnector.DirectChatsFromMatrix}), the ghost joins, invites the bot, and the room becomes the
     * conversation's portal (an earlier portal of it is unlinked: the newest chat is the one); else the ghost
     * declines.
     */
    private void directChatFromMatrix(InboundEvent event, String roomId, dev.mxbridge.core.network.RemoteUserId remote)
            throws Exception {
        RoomId room = new RoomId(roomId);
        Intent ghost = ghosts.ensure(remote, Optional.empty());
        Optional<RemoteRoomId> chat = network instanceof NetworkConnector.DirectChatsFromMatrix chats
                && permissions.allows(event.sender(), PermissionLevel.USER)
                ? chats.directChat(event.sender(), remote) : Optional.empty();
        if (chat.isEmpty()) {
            ghost.leave(room); // declines the invite
            return;
        }
        ghost.join(room);
        rooms.portalFor(chat.get()).filter(old -> !old.roomId().equals(roomId))
                .ifPresent(old -> rooms.unlink(old.roomId(), chat.get()));
        ghost.invite(room, bot.userId());
        bot.join(room);
        rooms.link(roomId, RoomMode.PORTAL, Optional.empty(), chat.get(), event.sender());
        network.membership(chat.get(), event.sender(), displayName(roomId, event.sender()), true); // their side of it
        LOG.info("{} opened a direct chat with {} in {}", event.sender(), remote, roomId);
    }

    /**
     * A Matrix user kicked, banned or unbanned a ghost: the remote user is removed, banned where the network can
     * ({@link NetworkClient.Bans}, else kicked), or let back in.
     */
    private void kickFromMatrix(InboundEvent event, BridgedRoom room, dev.mxbridge.core.network.RemoteUserId member)
            throws Exception {
        String membership = event.content().path("membership").asString("");
        String previous = states.previous(room.roomId(), event.json()).map(c -> c.path("membership").asString("")).orElse("");
        boolean ban = membership.equals("ban") && !previous.equals("ban");
        boolean unban = membership.equals("leave") && previous.equals("ban");
        // Someone else's leave is a kick, unless it took back an invite or lifted a ban.
        boolean kick = membership.equals("leave") && !previous.equals("invite") && !unban;
        if (!(ban || unban || kick) || !permissions.allows(event.sender(), PermissionLevel.RELAY)) {
            return;
        }
        if (!unban) {
            ghosts.left(new UserId(event.stateKey().orElseThrow()), new RoomId(room.roomId()));
        }
        Optional<NetworkClient> own = ownClient(event.sender());
        Optional<NetworkClient> client = own.or(network::relay);
        if (client.isEmpty()) {
            return;
        }
        String reason = event.content().path("reason").asString("");
        for (RemoteRoomId remote : room.remotes()) {
            if (!reaches(remote, event.sender(), own.isPresent())) {
                continue;
            }
            if (client.get() instanceof NetworkClient.Bans bans && (ban || unban)) {
                if (ban) {
                    bans.ban(remote, member, reason);
                } else {
                    bans.unban(remote, member);
                }
            } else if (client.get() instanceof NetworkClient.Kicks kicks && !unban) {
                kicks.kick(remote, member, reason);
            }
        }
    }

    /**
     * A topic, name or avatar set in a bridged room goes to the remote rooms, through the sender's own login if they
     * have one, where the network can take it; a name or avatar of a user without one through the room's relay where
     * it takes that ({@link #roomChangesRelay}). A plumbed room's name and avatar are its own: only topics go out.
     */
    private void roomDetailsFromMatrix(InboundEvent event, String roomId) throws Exception {
        Optional<BridgedRoom> room = rooms.room(roomId);
        if (room.isEmpty() || event.stateKey().filter(String::isEmpty).isEmpty()) {
            return;
        }
        Optional<NetworkClient> own = ownClient(event.sender());
        boolean relayed = own.isEmpty() && !event.type().equals("m.room.topic");
        Optional<NetworkClient> client = own.or(() -> relayed ? roomChangesRelay(room.get(), event.sender()) : Optional.empty());
        if (client.isEmpty()) {
            return;
        }
        boolean portal = room.get().mode() == RoomMode.PORTAL;
        JsonNode content = event.content();
        for (RemoteRoomId remote : room.get().remotes()) {
            if (!reaches(remote, event.sender(), !relayed)) {
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
        JsonNode before = states.previous(roomId, event.json()).orElseGet(JSON::createObjectNode);
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

    /**
     * Typing goes out through the user's own connection (a stop only through a login, so that asking the network
     * does not count as activity), else through the room's relay where it takes that ({@link #roomChangesRelay}).
     */
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
            Optional<NetworkClient> own = typing.contains(user) ? ownClient(user) : loginClient(user);
            if (typing.contains(user) == before.contains(user)) {
                continue;
            }
            Optional<NetworkClient> client = own.or(() -> roomChangesRelay(room.get(), user));
            if (client.isPresent() && client.get() instanceof NetworkClient.TypingNotices notices) {
                for (RemoteRoomId remote : room.get().remotes()) {
                    if (reaches(remote, user, own.isPresent())) {
                        notices.typing(remote, typing.contains(user));
                    }
                }
            }
        }
    }

    /** A Matrix user's presence, to a network that shows it ({@link NetworkConnector.MatrixPresence}). */
    private void presenceFromMatrix(InboundEvent event) throws Exception {
        String user = event.sender();
        String presence = event.content().path("presence").asString("");
        if (network instanceof NetworkConnector.MatrixPresence shown && !user.isEmpty() && !presence.isEmpty()
                && !user.equals(bot.userId().value()) && ghosts.remoteId(user).isEmpty()) {
            shown.presence(user, !presence.equals("online"),
                    Optional.of(event.content().path("status_msg").asString("")).filter(m -> !m.isBlank()));
        }
    }

    /**
     * The room's relay acting for a user without a connection of their own in a room change or typing, where the
     * relay takes that ({@link NetworkClient.RelaysRoomChanges}) and the user is a Matrix user allowed to relay (not
     * the bridge's bot or one of its ghosts, whose typing the homeserver reports too).
     */
    private Optional<NetworkClient> roomChangesRelay(BridgedRoom room, String user) {
        if (user.equals(bot.userId().value()) || ghosts.remoteId(user).isPresent()
                || !permissions.allows(user, PermissionLevel.RELAY)) {
            return Optional.empty();
        }
        return relayFor(room).filter(NetworkClient.RelaysRoomChanges.class::isInstance);
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
            } else if (client.get() instanceof NetworkClient.Deletions deletions) {
                ownActions.put("delete " + target.remoteRoom() + " " + target.remoteId(), Boolean.TRUE);
                deletions.delete(target.remoteRoom(), target.remoteId());
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

    /** Who relays in a room: the user set with {@code set-relay} (through their login), else the network's relay. */
    private Optional<NetworkClient> relayFor(BridgedRoom room) {
        return room.relayUser().flatMap(u -> puppets.flatMap(p -> p.clientFor(u))).or(network::relay);
    }

    private Optional<String> avatar(String roomId, String userId) {
        return member(roomId, userId).avatar();
    }

    private String displayName(String roomId, String userId) {
        return member(roomId, userId).displayName();
    }

    private Member member(String roomId, String userId) {
        return members.get(roomId + " " + userId, key -> {
            Optional<ObjectNode> content = bot.stateContent(new RoomId(roomId), "m.room.member", userId);
            return new Member(content.map(c -> c.path("displayname").asString("")).filter(n -> !n.isBlank())
                    .orElse(new UserId(userId).localpart()),
                    content.map(c -> c.path("avatar_url").asString("")).filter(a -> a.startsWith("mxc://")));
        });
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
}
