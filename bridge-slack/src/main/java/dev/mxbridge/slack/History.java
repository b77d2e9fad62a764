package dev.mxbridge.slack;

import com.google.gson.Gson;
import com.slack.api.model.Message;
import com.slack.api.util.json.GsonFactory;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteRoomId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backfill of a new portal ({@link SlackSettings.BackfillRules}): {@code conversations.history} pages of
 * {@code backfill_page_size}, following the cursor until {@code backfill_limit} top-level messages, then for each of
 * them that has replies, {@code conversations.replies} pages up to as many replies. All of it goes to the core oldest
 * first (a thread's parent before its replies, which land in its Matrix thread); a broadcast reply, which both methods
 * return, once. Requests are paced by {@code backfill_interval} over all portals; one whose turn is further than
 * {@code backfill_wait} away is not made, and the portal gets what was read so far: apps outside the Slack Marketplace
 * may call these methods once a minute, for 15 messages a page, since 2025.
 */
final class History {
    private static final Logger LOG = LoggerFactory.getLogger(History.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Comparator<JsonNode> BY_TS = Comparator.comparing(m -> new BigDecimal(m.path("ts").asString("0")));

    private final SlackWeb web;
    private final Inbound inbound;
    private final SlackSettings.BackfillRules rules;
    private final Gson gson = GsonFactory.createSnakeCase();
    private long lastRequest = Long.MIN_VALUE;

    History(SlackWeb web, Inbound inbound, SlackSettings.BackfillRules rules) {
        this.web = web;
        this.inbound = inbound;
        this.rules = rules;
    }

    List<RemoteEvent.Message> recent(RemoteRoomId room) {
        return recent(room, web);
    }

    /** As {@link #recent(RemoteRoomId)}, asking with another client (a DM's receiver's own token). */
    List<RemoteEvent.Message> recent(RemoteRoomId room, SlackWeb web) {
        if (rules.limit() <= 0) {
            return List.of();
        }
        String channel = PortalNames.channelOf(room);
        Map<String, JsonNode> byTs = new LinkedHashMap<>();
        List<JsonNode> top = new ArrayList<>();
        try {
            Optional<String> cursor = Optional.empty();
            do {
                if (!turn(room)) {
                    break;
                }
                Optional<String> page = cursor;
                int size = Math.min(rules.pageSize(), rules.limit() - top.size());
                var answer = web.call("conversations.history", c -> c.conversationsHistory(r -> r.channel(channel).limit(size)
                        .cursor(page.orElse(null))));
                for (Message m : answer.getMessages()) {
                    if (top.size() < rules.limit()) {
                        top.add(json(m));
                    }
                }
                cursor = next(answer.getResponseMetadata() == null ? null : answer.getResponseMetadata().getNextCursor());
            } while (cursor.isPresent() && top.size() < rules.limit());
            top.forEach(m -> byTs.putIfAbsent(m.path("ts").asString(), m));
            if (rules.threads()) {
                for (JsonNode parent : top) {
                    if (parent.path("reply_count").asInt(0) > 0 && !replies(room, channel, parent, byTs, web)) {
                        break;
                    }
                }
            }
        } catch (SlackBridgeException e) {
            LOG.warn("history of {} stopped: {}", room, e.getMessage());
        }
        List<JsonNode> oldestFirst = new ArrayList<>(byTs.values());
        oldestFirst.sort(BY_TS);
        LOG.debug("history of {}: {} messages ({} top-level)", room, oldestFirst.size(), top.size());
        return inbound.history(room, oldestFirst);
    }

    /** Reads a thread's replies into {@code byTs}; false if pacing stopped it (and so the whole backfill). */
    private boolean replies(RemoteRoomId room, String channel, JsonNode parent, Map<String, JsonNode> byTs, SlackWeb web) {
        String ts = parent.path("ts").asString();
        int read = 0;
        Optional<String> cursor = Optional.empty();
        do {
            if (!turn(room)) {
                return false;
            }
            Optional<String> page = cursor;
            var answer = web.call("conversations.replies", c -> c.conversationsReplies(r -> r.channel(channel).ts(ts)
                    .limit(rules.pageSize()).cursor(page.orElse(null))));
            for (Message m : answer.getMessages()) {
                if (!m.getTs().equals(ts) && read < rules.limit()) {
                    read++;
                    byTs.putIfAbsent(m.getTs(), json(m));
                }
            }
            cursor = next(answer.getResponseMetadata() == null ? null : answer.getResponseMetadata().getNextCursor());
        } while (cursor.isPresent() && read < rules.limit());
        return true;
    }

    /** Waits for the next request's turn; false (and waits not at all) if it is further than {@code backfill_wait} away. */
    private synchronized boolean turn(RemoteRoomId room) {
        long now = System.nanoTime();
        long wait = lastRequest == Long.MIN_VALUE ? 0 : lastRequest + rules.interval().toNanos() - now;
        if (wait > rules.maxWait().toNanos()) {
            LOG.info("history of {} cut short: the next history request may only be made in {} ms", room, wait / 1_000_000);
            return false;
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        lastRequest = System.nanoTime();
        return true;
    }

    private JsonNode json(Message m) {
        return JSON.readTree(gson.toJson(m));
    }

    private static Optional<String> next(String cursor) {
        return Optional.ofNullable(cursor).filter(c -> !c.isEmpty());
    }
}
