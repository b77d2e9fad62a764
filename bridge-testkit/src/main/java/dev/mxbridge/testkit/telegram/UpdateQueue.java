package dev.mxbridge.testkit.telegram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bot's pending updates, as the Bot API keeps them until confirmed: by {@code getUpdates} with a higher offset, or
 * by a 2xx answer of the webhook. Updates are kept for 24 hours at most. Guarded by the World lock.
 */
final class UpdateQueue {
    /** Every update type but {@code chat_member}, {@code message_reaction} and {@code message_reaction_count}. */
    static final Set<String> DEFAULT_ALLOWED = Set.of("message", "edited_message", "channel_post",
            "edited_channel_post", "business_connection", "business_message", "edited_business_message",
            "deleted_business_messages", "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
            "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_join_request",
            "chat_boost", "removed_chat_boost", "managed_bot", "guest_message");
    static final Set<String> ALL_TYPES = union(DEFAULT_ALLOWED, Set.of("chat_member", "message_reaction",
            "message_reaction_count"));
    private static final long KEPT_SECONDS = 24 * 3600;

    record Update(long id, String type, ObjectNode json, long date) {
    }

    private final ArrayDeque<Update> queue = new ArrayDeque<>();
    // Telegram starts update ids at "a certain positive number", not at 1.
    private long nextId = 500_000_001L;

    Update add(String type, JsonNode payload, long date) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("update_id", nextId);
        json.set(type, payload.deepCopy());
        Update update = new Update(nextId++, type, json, date);
        queue.addLast(update);
        return update;
    }

    /**
     * {@code getUpdates}' offset: a positive offset confirms (forgets) every update before it, a negative one keeps
     * only the last {@code -offset} updates, zero forgets nothing. An offset beyond the next update id confirms
     * nothing, as the real server treats it. Returns up to {@code limit} updates from the first unconfirmed one.
     */
    List<Update> take(long offset, int limit, long now) {
        expire(now);
        if (offset < 0) {
            while (queue.size() > -offset) {
                queue.removeFirst();
            }
        } else if (offset > 0 && offset <= nextId) {
            while (!queue.isEmpty() && queue.peekFirst().id() < offset) {
                queue.removeFirst();
            }
        }
        List<Update> result = new ArrayList<>();
        for (Update u : queue) {
            if (result.size() == limit) {
                break;
            }
            result.add(u);
        }
        return result;
    }

    Optional<Update> head(long now) {
        expire(now);
        return Optional.ofNullable(queue.peekFirst());
    }

    /** A webhook delivered the update: it is confirmed. */
    void confirm(long updateId) {
        queue.removeIf(u -> u.id() == updateId);
    }

    int size() {
        return queue.size();
    }

    void clear() {
        queue.clear();
    }

    private void expire(long now) {
        while (!queue.isEmpty() && queue.peekFirst().date() < now - KEPT_SECONDS) {
            queue.removeFirst();
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        HashSet<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
