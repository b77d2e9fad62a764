package dev.mxbridge.testkit.slack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A message in a {@link Conversation}; its mutable fields are guarded by the {@link Workspace} monitor. */
final class StoredMessage {
    final String channel;
    final String ts;
    final String user;
    /** Set for messages posted with a bot token; null otherwise. */
    final String botId;
    /** The parent's ts for replies and for a parent with replies; null otherwise. */
    String threadTs;
    String subtype;
    String text;
    JsonNode blocks;
    String username;
    String iconUrl;
    String iconEmoji;
    String clientMsgId;
    String editedBy;
    String editedTs;
    final Map<String, Set<String>> reactions = new LinkedHashMap<>();
    final List<String> fileIds = new ArrayList<>();
    /** Subtype-specific fields copied into the message JSON as they are, e.g. {@code old_name} and {@code name}. */
    final ObjectNode extra = Json.object();

    StoredMessage(String channel, String ts, String user, String botId, String text) {
        this.channel = channel;
        this.ts = ts;
        this.user = user;
        this.botId = botId;
        this.text = text;
    }

    boolean isReply() {
        return threadTs != null && !threadTs.equals(ts);
    }

    SlackMessage snapshot() {
        Map<String, List<String>> reacted = new LinkedHashMap<>();
        reactions.forEach((name, users) -> reacted.put(name, List.copyOf(users)));
        return new SlackMessage(channel, ts, user, Optional.ofNullable(botId), text, Optional.ofNullable(subtype),
                Optional.ofNullable(threadTs), Optional.ofNullable(username), Optional.ofNullable(iconUrl),
                Optional.ofNullable(blocks).map(Json::write), editedTs != null, reacted, fileIds);
    }

    static Set<String> newUserSet() {
        return new LinkedHashSet<>();
    }
}
