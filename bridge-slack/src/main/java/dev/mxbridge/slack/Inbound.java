package dev.mxbridge.slack;

import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Slack events ({@code event_callback} payloads, however they arrived) to remote events: messages with their
 * threads, broadcasts, files and mentions, edits, deletions, reactions, joins, leaves, renames, topics, purposes,
 * archiving and profile changes. Our own doings (the bot's posts, uploads and reactions) are left out. Files are
 * copied to the media repository here, before the event is stored, so the stored event needs Slack no more.
 *
 * <p>Threading: called by one thread at a time ({@link Intake} serialises).
 */
final class Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final Directory directory;
    private final NetworkContext context;
    private final SlackFiles files;
    private final PortalNames names;
    private final String domain;
    private final Mrkdwn mrkdwn;
    private final OwnUploads ownUploads;
    private final Profiles profiles;

    private final String aliasPrefix;
    private final Revoked revoked;
    private final TeamSync teamSync;
    private final CustomEmoji emoji;

    /** Where {@code tokens_revoked} and {@code app_uninstalled} are told. */
    @FunctionalInterface
    interface Revoked {
        /** @param bot whether the bot's token went; {@code users} the Slack users whose user tokens went */
        void revoked(boolean bot, List<String> users);
    }

    /**
     * @param aliasPrefix the registration's alias prefix and {@code domain} the homeserver's, for links to portals
     */
    Inbound(Directory directory, NetworkContext context, SlackFiles files, PortalNames names, String aliasPrefix,
            String domain, OwnUploads ownUploads, Revoked revoked, TeamSync teamSync, CustomEmoji emoji) {
        this.directory = directory;
        this.emoji = emoji;
        this.teamSync = teamSync;
        this.revoked = revoked;
        this.aliasPrefix = aliasPrefix;
        this.context = context;
        this.files = files;
        this.names = names;
        this.domain = domain;
        this.ownUploads = ownUploads;
        this.profiles = new Profiles(directory, context, files);
        this.mrkdwn = new Mrkdwn(new Mrkdwn.Refs() {
            @Override
            public Node user(String userId, Optional<String> label) {
                String ghost = context.ghostOf(new RemoteUserId(userId));
                return new Node.Mention(new MentionTarget.User(new UserId(ghost)), label.orElseGet(() -> name(userId)));
            }

            @Override
            public Node channel(String channelId, Optional<String> label) {
                Optional<Directory.Channel> channel = directory.channel(channelId);
                String name = channel.map(Directory.Channel::name).or(() -> label).orElse(channelId);
                if (channel.isEmpty()) {
                    return new Node.Text("#" + name);
                }
                RoomAlias alias = new RoomAlias("#" + aliasLocalpart(name) + ":" + domain);
                return new Node.Mention(new MentionTarget.Alias(alias), "#" + name);
            }

            @Override
            public Optional<Node> customEmoji(String name) {
                return emoji.inText(name);
            }
        });
    }

    private String aliasLocalpart(String channelName) {
        return aliasPrefix + names.key(directory.teamDomain(), channelName);
    }

    List<RemoteEvent> translate(JsonNode payload) {
        JsonNode event = payload.path("event");
        String type = event.path("type").asString("");
        try {
            return switch (type) {
                case "message" -> message(event);
                case "reaction_added", "reaction_removed" -> reaction(event, type.equals("reaction_added"));
                case "emoji_changed" -> {
                    emoji.changed();
                    yield List.of();
                }
                case "member_joined_channel", "member_left_channel" -> membership(event, type.equals("member_joined_channel"));
                case "channel_rename", "group_rename" -> rename(event);
                case "user_change" -> profiles.changed(event);
                case "channel_created" -> {
                    teamSync.created(event.path("channel").path("id").asString(), event.path("channel").path("name").asString());
                    yield List.of();
                }
                case "tokens_revoked" -> {
                    List<String> users = new ArrayList<>();
                    event.path("tokens").path("oauth").forEach(u -> users.add(u.asString()));
                    revoked.revoked(!event.path("tokens").path("bot").isEmpty(), users);
                    yield List.of();
                }
                case "app_uninstalled" -> {
                    revoked.revoked(true, List.of());
                    yield List.of();
                }
                default -> List.of();
            };
        } catch (SlackBridgeException e) {
            throw e; // Slack could not be asked (a file, a profile): not acknowledged, so Slack sends it again
        } catch (RuntimeException e) {
            // an event we cannot read must not stop the stream: it is acknowledged and logged (without its content)
            LOG.warn("Slack event {} ({}) could not be bridged: {}", payload.path("event_id").asString(""), type, e.toString());
            return List.of();
        }
    }

    private boolean ours(JsonNode event) {
        return event.path("user").asString("").equals(directory.botUserId())
                || (!directory.botId().isEmpty() && event.path("bot_id").asString("").equals(directory.botId()));
    }

    private List<RemoteEvent> message(JsonNode event) {
        String subtype = event.path("subtype").asString("");
        RemoteRoomId room = PortalNames.room(directory.teamId(), event.path("channel").asString());
        return switch (subtype) {
            case "message_changed" -> edit(room, event);
            case "message_deleted" -> delete(room, event);
            case "channel_topic", "group_topic" -> topic(room, event, event.path("topic").asString(""), false);
            case "channel_purpose", "group_purpose" -> topic(room, event, event.path("purpose").asString(""), true);
            case "channel_archive", "group_archive", "channel_unarchive", "group_unarchive" -> archive(room, event, subtype);
            case "channel_join", "group_join", "channel_leave", "group_leave", "channel_name", "group_name" -> List.of();
            case "", "thread_broadcast", "file_share", "me_message", "bot_message" -> post(room, event, subtype);
            default -> List.of();
        };
    }

    /**
     * A new portal's history ({@code conversations.history}, oldest first) as messages: the same conversion as live
     * messages, without profile events (the first live message brings the avatar).
     */
    List<RemoteEvent.Message> history(RemoteRoomId room, List<JsonNode> oldestFirst) {
        List<RemoteEvent.Message> out = new ArrayList<>();
        for (JsonNode message : oldestFirst) {
            String subtype = message.path("subtype").asString("");
            if (List.of("", "thread_broadcast", "file_share", "me_message", "bot_message").contains(subtype)) {
                post(room, message, subtype, false).stream().filter(e -> e instanceof RemoteEvent.Message)
                        .map(e -> (RemoteEvent.Message) e).forEach(out::add);
            }
        }
        return out;
    }

    private List<RemoteEvent> post(RemoteRoomId room, JsonNode event, String subtype) {
        return post(room, event, subtype, true);
    }

    private List<RemoteEvent> post(RemoteRoomId room, JsonNode event, String subtype, boolean live) {
        boolean ownShare = subtype.equals("file_share") && java.util.stream.StreamSupport.stream(event.path("files").spliterator(), false)
                .anyMatch(f -> ownUploads.expected(f.path("id").asString("")));
        if (ours(event) || ownShare) {
            if (subtype.equals("file_share")) {
                event.path("files").forEach(f -> ownUploads.shared(f.path("id").asString(""), event.path("ts").asString()));
            }
            return List.of();
        }
        List<RemoteEvent> out = new ArrayList<>();
        RemoteUserId sender = sender(event);
        Optional<String> name = Optional.of(senderName(event));
        if (live) {
            profiles.beforeFirstPost(room, event).ifPresent(out::add);
        }
        String ts = event.path("ts").asString();
        Instant at = instant(ts);
        RemoteMessageId id = RemoteMessageId.of(ts);
        Optional<RemoteMessageId> thread = Optional.of(event.path("thread_ts").asString(""))
                .filter(t -> !t.isEmpty() && !t.equals(ts)).map(RemoteMessageId::of);
        // text first, then each file as a part of its own: the core shows no media captions
        List<MessageContent> parts = new ArrayList<>();
        FormattedText text = mrkdwn.parse(event.path("text").asString(""));
        if (!text.isEmpty()) {
            parts.add(new MessageContent.Text(subtype.equals("me_message") ? MessageContent.Text.Kind.EMOTE
                    : MessageContent.Text.Kind.TEXT, text));
        }
        event.path("files").forEach(f -> parts.add(files.toMatrix(f, context)));
        int part = 0;
        for (MessageContent content : parts) {
            out.add(new RemoteEvent.Message(room, sender, name, id.part(part++), at, content, Optional.empty(), thread));
        }
        if (subtype.equals("thread_broadcast") && thread.isPresent() && !parts.isEmpty()) {
            // "also send to channel": the reply stays in the thread and shows in the room, answering the thread's root
            out.add(new RemoteEvent.Message(room, sender, name, id.part(part), at, parts.getFirst(), thread, Optional.empty()));
        }
        return out;
    }

    private List<RemoteEvent> edit(RemoteRoomId room, JsonNode event) {
        JsonNode message = event.path("message");
        if (ours(message) || message.path("text").asString("").equals(event.path("previous_message").path("text").asString(""))) {
            return List.of(); // our own edit, or an unfurl or reply count changing
        }
        return List.of(new RemoteEvent.Edit(room, sender(message), RemoteMessageId.of(message.path("ts").asString()),
                instant(event.path("event_ts").asString(event.path("ts").asString())),
                new MessageContent.Text(MessageContent.Text.Kind.TEXT, mrkdwn.parse(message.path("text").asString("")))));
    }

    private List<RemoteEvent> delete(RemoteRoomId room, JsonNode event) {
        JsonNode before = event.path("previous_message");
        if (ours(before)) {
            return List.of();
        }
        RemoteUserId sender = before.has("user") || before.has("bot_id") ? sender(before) : new RemoteUserId("USLACKBOT");
        return List.of(new RemoteEvent.Delete(room, sender, RemoteMessageId.of(event.path("deleted_ts").asString()),
                instant(event.path("event_ts").asString(event.path("ts").asString()))));
    }

    private List<RemoteEvent> topic(RemoteRoomId room, JsonNode event, String value, boolean purpose) {
        String channel = PortalNames.channelOf(room);
        Optional<Directory.Channel> known = directory.channel(channel);
        directory.change(channel, c -> purpose ? c.withPurpose(value) : c.withTopic(value));
        if (ours(event) || (purpose && known.map(c -> !c.topic().isEmpty()).orElse(false))) {
            return List.of(); // the Matrix topic follows the purpose only while the channel has no topic
        }
        return List.of(new RemoteEvent.RoomInfo(room, sender(event), Optional.empty(), Optional.of(value),
                instant(event.path("ts").asString())));
    }

    private List<RemoteEvent> archive(RemoteRoomId room, JsonNode event, String subtype) {
        boolean archived = !subtype.contains("unarchive");
        directory.change(PortalNames.channelOf(room), c -> c.archived(archived));
        String text = archived ? "archived this channel on Slack: nothing more will be bridged until it is unarchived"
                : "unarchived this channel on Slack";
        String ts = event.path("ts").asString();
        return List.of(new RemoteEvent.Message(room, sender(event), Optional.of(senderName(event)), RemoteMessageId.of(ts),
                instant(ts), new MessageContent.Text(MessageContent.Text.Kind.NOTICE, FormattedText.plain(text)),
                Optional.empty()));
    }

    private List<RemoteEvent> reaction(JsonNode event, boolean added) {
        JsonNode item = event.path("item");
        if (ours(event) || !item.path("type").asString("").equals("message")) {
            return List.of();
        }
        RemoteRoomId room = PortalNames.room(directory.teamId(), item.path("channel").asString());
        String name = event.path("reaction").asString();
        String key = emoji.key(name);
        RemoteUserId who = new RemoteUserId(event.path("user").asString());
        RemoteMessageId target = RemoteMessageId.of(item.path("ts").asString());
        Instant at = instant(event.path("event_ts").asString());
        return List.of(added ? new RemoteEvent.Reaction(room, who, target, key, at)
                : new RemoteEvent.ReactionRemoved(room, who, target, key, at));
    }

    private List<RemoteEvent> membership(JsonNode event, boolean joined) {
        String user = event.path("user").asString();
        RemoteRoomId room = PortalNames.room(directory.teamId(), event.path("channel").asString());
        if (user.equals(directory.botUserId())) {
            directory.refreshChannels();
            if (joined) {
                teamSync.joined(event.path("channel").asString());
            }
            return List.of();
        }
        List<RemoteEvent> out = new ArrayList<>();
        if (joined) {
            profiles.beforeFirstPost(room, event).ifPresent(out::add);
        }
        RemoteUserId who = new RemoteUserId(user);
        out.add(new RemoteEvent.Membership(room, who, who, joined ? RemoteEvent.Membership.Change.JOIN
                : RemoteEvent.Membership.Change.LEAVE, Optional.empty(), instant(event.path("event_ts").asString())));
        return out;
    }

    private List<RemoteEvent> rename(JsonNode event) {
        JsonNode channel = event.path("channel");
        String name = channel.path("name").asString();
        directory.change(channel.path("id").asString(), c -> c.renamed(name));
        RemoteRoomId room = PortalNames.room(directory.teamId(), channel.path("id").asString());
        return List.of(new RemoteEvent.RoomInfo(room, new RemoteUserId("USLACKBOT"), Optional.of("#" + name),
                Optional.empty(), instant(event.path("event_ts").asString())));
    }

    private RemoteUserId sender(JsonNode event) {
        String user = event.path("user").asString("");
        return new RemoteUserId(user.isEmpty() ? event.path("bot_id").asString("USLACKBOT") : user);
    }

    private String senderName(JsonNode event) {
        String user = event.path("user").asString("");
        if (!user.isEmpty()) {
            return name(user);
        }
        return Directory.firstNonBlank(event.path("username").asString(""), event.path("bot_profile").path("name").asString(""), "bot");
    }

    private String name(String userId) {
        try {
            return directory.person(userId).name();
        } catch (SlackBridgeException e) {
            return userId;
        }
    }

    /** A Slack timestamp ({@code 1712345678.000200}) as an instant. */
    static Instant instant(String ts) {
        if (ts == null || ts.isEmpty()) {
            return Instant.now();
        }
        BigDecimal seconds = new BigDecimal(ts);
        return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
}
