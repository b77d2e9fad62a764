package dev.mxbridge.testkit.slack;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inner {@code event} objects of Slack's Events API, in the shapes Slack documents for each type. The
 * {@link EventHub} wraps them into {@code event_callback} payloads.
 */
final class Events {
    private Events() {
    }

    /** A new message (any subtype) as the {@code message} event carries it. */
    static ObjectNode message(Conversation c, ObjectNode rendered) {
        ObjectNode event = rendered.deepCopy();
        event.put("channel", c.id).put("event_ts", rendered.path("ts").asString())
                .put("channel_type", c.kind.channelType());
        return event;
    }

    static ObjectNode messageChanged(Conversation c, ObjectNode before, ObjectNode after, String eventTs) {
        ObjectNode event = Json.object().put("type", "message").put("subtype", "message_changed").put("hidden", true)
                .put("channel", c.id).put("ts", eventTs).put("event_ts", eventTs)
                .put("channel_type", c.kind.channelType());
        event.set("message", after);
        event.set("previous_message", before);
        return event;
    }

    static ObjectNode messageDeleted(Conversation c, ObjectNode before, String eventTs) {
        ObjectNode event = Json.object().put("type", "message").put("subtype", "message_deleted").put("hidden", true)
                .put("channel", c.id).put("ts", eventTs).put("deleted_ts", before.path("ts").asString())
                .put("event_ts", eventTs).put("channel_type", c.kind.channelType());
        event.set("previous_message", before);
        return event;
    }

    /** {@code reaction_added} or {@code reaction_removed}. */
    static ObjectNode reaction(String type, String user, String name, Conversation c, StoredMessage m, String eventTs) {
        ObjectNode event = Json.object().put("type", type).put("user", user).put("reaction", name)
                .put("item_user", m.user).put("event_ts", eventTs);
        event.putObject("item").put("type", "message").put("channel", c.id).put("ts", m.ts);
        return event;
    }

    /** {@code channel_rename} for public channels, {@code group_rename} for private ones. */
    static ObjectNode rename(Conversation c, String eventTs) {
        ObjectNode event = Json.object().put("type", c.kind == SlackChannel.Kind.PUBLIC ? "channel_rename" : "group_rename")
                .put("event_ts", eventTs);
        event.putObject("channel").put("id", c.id).put("name", c.name).put("name_normalized", c.name)
                .put("created", c.created).put("is_channel", c.isChannel()).put("is_mpim", false);
        return event;
    }

    /** {@code channel_created}: a public channel was made (sent to every app with {@code channels:read}). */
    static ObjectNode channelCreated(Conversation c, String teamId, String eventTs) {
        ObjectNode event = Json.object().put("type", "channel_created").put("event_ts", eventTs);
        event.putObject("channel").put("id", c.id).put("is_channel", true).put("name", c.name)
                .put("name_normalized", c.name).put("created", c.created).put("creator", c.creator)
                .put("is_shared", false).put("is_org_shared", false).put("context_team_id", teamId);
        return event;
    }

    static ObjectNode memberJoined(Conversation c, String user, String inviter, String teamId, String eventTs) {
        ObjectNode event = Json.object().put("type", "member_joined_channel").put("user", user).put("channel", c.id)
                .put("channel_type", c.kind == SlackChannel.Kind.PUBLIC ? "C" : "G").put("team", teamId)
                .put("event_ts", eventTs);
        if (!inviter.isEmpty()) {
            event.put("inviter", inviter);
        }
        return event;
    }

    /** {@code channel_archive} for public channels, {@code group_archive} for private ones. */
    static ObjectNode archive(Conversation c, String user, String eventTs) {
        return Json.object().put("type", c.kind == SlackChannel.Kind.PUBLIC ? "channel_archive" : "group_archive")
                .put("channel", c.id).put("user", user).put("event_ts", eventTs);
    }

    /** {@code emoji_changed} with subtype {@code add}. */
    static ObjectNode emojiAdded(String name, String value, String eventTs) {
        return Json.object().put("type", "emoji_changed").put("subtype", "add").put("name", name).put("value", value)
                .put("event_ts", eventTs);
    }

    static ObjectNode userChange(ObjectNode user, long cacheTs, String eventTs) {
        ObjectNode event = Json.object().put("type", "user_change");
        event.set("user", user);
        return event.put("cache_ts", cacheTs).put("event_ts", eventTs);
    }

    static ObjectNode tokensRevoked(List<String> oauthUsers, List<String> botUsers, String eventTs) {
        ObjectNode event = Json.object().put("type", "tokens_revoked");
        ObjectNode tokens = event.putObject("tokens");
        ArrayNode oauth = tokens.putArray("oauth");
        oauthUsers.forEach(oauth::add);
        ArrayNode bot = tokens.putArray("bot");
        botUsers.forEach(bot::add);
        return event.put("event_ts", eventTs);
    }
}
