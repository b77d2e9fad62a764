package dev.mxbridge.testkit.slack;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of the fake workspace - users, conversations, messages, files, custom emoji - and every change to it.
 * Each change hands the events Slack would send for it to the {@link EventHub}, so a change made through the Web API
 * and the same change made by a test acting as a user look alike to the app.
 *
 * <p>Threading: all state is guarded by this object's monitor. Callers hold it for a whole request or test action
 * ({@code synchronized (workspace)}), which makes each one atomic and keeps events in the order of the changes;
 * publishing only enqueues, so no delivery happens under the lock.
 *
 * <p>Who receives an event: a change in a conversation reaches the app if its bot user is a member (authorized as the
 * bot), or else if a member granted the app a user token (authorized as that user); team-wide events such as
 * {@code user_change} always reach it. As in Slack, the app never hears of conversations it cannot see.
 */
final class Workspace {
    final String teamId;
    final Ids ids;
    final Render render;
    final SlackApp app;
    private final Tokens tokens;
    private final EventHub hub;
    String teamName = "Fake Slack";
    String domain = "fake-slack";
    private final Map<String, SlackUser> users = new LinkedHashMap<>();
    private final Map<String, Long> userUpdated = new LinkedHashMap<>();
    private final Map<String, Conversation> conversations = new LinkedHashMap<>();
    final Map<String, StoredFile> files = new LinkedHashMap<>();
    final Map<String, String> emoji = new TreeMap<>();

    Workspace(String teamId, Ids ids, Render render, SlackApp app, Tokens tokens, EventHub hub) {
        this.teamId = teamId;
        this.ids = ids;
        this.render = render;
        this.app = app;
        this.tokens = tokens;
        this.hub = hub;
    }

    // ---- users

    SlackUser addUser(String id, String name, String realName, String displayName, boolean isBot) {
        SlackUser user = new SlackUser(id, name, realName, displayName, render.avatarUrl(id, 72), isBot);
        users.put(id, user);
        userUpdated.put(id, Instant.now().getEpochSecond());
        return user;
    }

    Optional<SlackUser> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    Collection<SlackUser> users() {
        return users.values();
    }

    ObjectNode userJson(SlackUser user) {
        return render.user(user, userUpdated.getOrDefault(user.id(), 0L));
    }

    void changeUser(SlackUser changed) {
        users.put(changed.id(), changed);
        long now = Instant.now().getEpochSecond();
        userUpdated.put(changed.id(), now);
        emit(Events.userChange(userJson(changed), now, ids.ts()), Optional.empty());
    }

    // ---- conversations

    Conversation addConversation(SlackChannel.Kind kind, String name, String creator, Collection<String> members) {
        String prefix = switch (kind) {
            case DM -> "D";
            case GROUP_DM -> "G";
            default -> "C";
        };
        Conversation c = new Conversation(ids.next(prefix), kind, name, Instant.now().getEpochSecond(), creator);
        c.members.addAll(members);
        conversations.put(c.id, c);
        return c;
    }

    /** A public channel made by a user, who is its one member: {@code channel_created}. */
    Conversation createChannel(String name, String creator) {
        Conversation c = addConversation(SlackChannel.Kind.PUBLIC, name, creator, List.of(creator));
        emit(Events.channelCreated(c, teamId, ids.ts()), Optional.empty());
        return c;
    }

    Optional<Conversation> conversation(String id) {
        return Optional.ofNullable(conversations.get(id));
    }

    Collection<Conversation> conversations() {
        return conversations.values();
    }

    Optional<Conversation> channelNamed(String name) {
        return conversations.values().stream().filter(c -> c.isChannel() && c.name.equals(name)).findFirst();
    }

    /** The DM or group DM with exactly these members, opened if it does not exist. */
    Conversation directConversation(Set<String> members) {
        SlackChannel.Kind kind = members.size() <= 2 ? SlackChannel.Kind.DM : SlackChannel.Kind.GROUP_DM;
        return conversations.values().stream().filter(c -> c.kind == kind && c.members.equals(members)).findFirst()
                .orElseGet(() -> addConversation(kind, kind == SlackChannel.Kind.DM ? "" : "mpdm-" + String.join("--",
                        members.stream().map(id -> users.get(id).name()).toList()) + "-1", members.iterator().next(), members));
    }

    void join(Conversation c, String user, String inviter) {
        if (!c.members.add(user)) {
            return;
        }
        emit(Events.memberJoined(c, user, inviter, teamId, ids.ts()), Optional.of(c));
        StoredMessage note = newMessage(c, user, null, "<@" + user + "> has joined the channel");
        note.subtype = "channel_join";
        post(c, note);
    }

    void rename(Conversation c, String user, String name) {
        String old = c.name;
        c.previousNames.addFirst(old);
        c.name = name;
        emit(Events.rename(c, ids.ts()), Optional.of(c));
        StoredMessage note = newMessage(c, user, null, "has renamed the channel from \"" + old + "\" to \"" + name + "\"");
        note.subtype = "channel_name";
        note.extra.put("old_name", old).put("name", name);
        post(c, note);
    }

    void setTopic(Conversation c, String user, String topic) {
        c.topic = topic;
        c.topicCreator = user;
        c.topicSet = Instant.now().getEpochSecond();
        StoredMessage note = newMessage(c, user, null, "set the channel topic: " + topic);
        note.subtype = "channel_topic";
        note.extra.put("topic", topic);
        post(c, note);
    }

    void setPurpose(Conversation c, String user, String purpose) {
        c.purpose = purpose;
        c.purposeCreator = user;
        c.purposeSet = Instant.now().getEpochSecond();
        StoredMessage note = newMessage(c, user, null, "set the channel description: " + purpose);
        note.subtype = "channel_purpose";
        note.extra.put("purpose", purpose);
        post(c, note);
    }

    void archive(Conversation c, String user) {
        StoredMessage note = newMessage(c, user, null, "archived the channel");
        note.subtype = "channel_archive";
        post(c, note);
        c.archived = true;
        emit(Events.archive(c, user, ids.ts()), Optional.of(c));
    }

    // ---- messages

    /** A message with a fresh ts, not yet stored: set its optional fields, then {@link #post} it. */
    StoredMessage newMessage(Conversation c, String user, String botId, String text) {
        return new StoredMessage(c.id, ids.ts(), user, botId, text);
    }

    void post(Conversation c, StoredMessage m) {
        c.messages.put(Ids.micros(m.ts), m);
        ObjectNode event = Events.message(c, message(c, m));
        if (m.isReply()) {
            c.message(m.threadTs).ifPresent(parent -> {
                parent.threadTs = parent.ts;
                if ("thread_broadcast".equals(m.subtype)) {
                    event.set("root", message(c, parent));
                }
            });
        }
        emit(event, Optional.of(c));
    }

    void edit(Conversation c, StoredMessage m, String editor, String text, Optional<JsonNode> blocks) {
        ObjectNode before = message(c, m);
        m.text = text;
        blocks.ifPresent(b -> m.blocks = b);
        m.editedBy = editor;
        m.editedTs = ids.ts();
        emit(Events.messageChanged(c, before, message(c, m), ids.ts()), Optional.of(c));
    }

    void delete(Conversation c, StoredMessage m) {
        ObjectNode before = message(c, m);
        c.messages.remove(Ids.micros(m.ts));
        emit(Events.messageDeleted(c, before, ids.ts()), Optional.of(c));
    }

    void react(Conversation c, StoredMessage m, String user, String name) {
        if (!m.reactions.computeIfAbsent(name, n -> StoredMessage.newUserSet()).add(user)) {
            throw new SlackError("already_reacted");
        }
        emit(Events.reaction("reaction_added", user, name, c, m, ids.ts()), Optional.of(c));
    }

    void unreact(Conversation c, StoredMessage m, String user, String name) {
        Set<String> who = m.reactions.get(name);
        if (who == null || !who.remove(user)) {
            throw new SlackError("no_reaction");
        }
        if (who.isEmpty()) {
            m.reactions.remove(name);
        }
        emit(Events.reaction("reaction_removed", user, name, c, m, ids.ts()), Optional.of(c));
    }

    ObjectNode message(Conversation c, StoredMessage m) {
        return render.message(c, m, files);
    }

    /** A custom emoji ({@code url} or {@code alias:other}): {@code emoji_changed}, to apps with {@code emoji:read}. */
    void addEmoji(String name, String url) {
        emoji.put(name, url);
        emit(Events.emojiAdded(name, url, ids.ts()), Optional.empty());
    }

    /** Tells the app that tokens stopped working, as Slack's {@code tokens_revoked} event does. */
    void tokensRevoked(Token token) {
        List<String> user = token.type() == TokenType.USER ? List.of(token.userId()) : List.of();
        List<String> bot = token.type() == TokenType.BOT ? List.of(token.userId()) : List.of();
        emit(Events.tokensRevoked(user, bot, ids.ts()), Optional.empty());
    }

    private void emit(ObjectNode event, Optional<Conversation> where) {
        String bot = app.botUserId();
        if (where.isEmpty() || where.get().members.contains(bot)) {
            hub.publish(event, bot, true);
            return;
        }
        tokens.authorizedUsers().stream().filter(where.get().members::contains).findFirst()
                .ifPresent(user -> hub.publish(event, user, false));
    }
}
