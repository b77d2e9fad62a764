package dev.mxbridge.testkit.telegram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A message as it was when read: the {@code Message} JSON a bot would receive, and the reactions on it (which bots
 * do not see in the message itself).
 *
 * @param reactions each reacting user's or bot's emoji, by user id
 */
public record FakeMessage(long chatId, int messageId, JsonNode json, Map<Long, List<String>> reactions) {

    static FakeMessage of(MessageState state, Render render) {
        Map<Long, List<String>> reactions = new LinkedHashMap<>();
        state.reactions.forEach((id, emoji) -> reactions.put(id, List.copyOf(emoji)));
        return new FakeMessage(state.chat.id, state.id, render.message(state), Map.copyOf(reactions));
    }

    public Optional<String> text() {
        return string("text");
    }

    public Optional<String> caption() {
        return string("caption");
    }

    /** The sender's user id; empty for channel posts. */
    public Optional<Long> fromId() {
        return json.has("from") ? Optional.of(json.get("from").get("id").asLong()) : Optional.empty();
    }

    public long date() {
        return json.get("date").asLong();
    }

    public boolean edited() {
        return json.has("edit_date");
    }

    public Optional<Integer> replyToMessageId() {
        return json.has("reply_to_message")
                ? Optional.of(json.get("reply_to_message").get("message_id").asInt()) : Optional.empty();
    }

    public Optional<Integer> messageThreadId() {
        return json.has("message_thread_id") ? Optional.of(json.get("message_thread_id").asInt()) : Optional.empty();
    }

    public Optional<String> mediaGroupId() {
        return string("media_group_id");
    }

    private Optional<String> string(String field) {
        return json.path(field).isString() ? Optional.of(json.get(field).asString()) : Optional.empty();
    }
}
