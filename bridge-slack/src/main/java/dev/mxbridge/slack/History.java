package dev.mxbridge.slack;

import com.google.gson.Gson;
import com.slack.api.util.json.GsonFactory;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteRoomId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backfill of a new portal: one {@code conversations.history} page of {@code backfill_limit} messages. The core asks
 * while the portal is being created (a homeserver may be waiting on the alias), so a request that would come sooner
 * than {@code backfill_interval} after the previous one is skipped rather than waited for: apps outside the Slack
 * Marketplace may call the method once a minute, for 15 messages a page, since 2025.
 */
final class History {
    private static final Logger LOG = LoggerFactory.getLogger(History.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SlackWeb web;
    private final Inbound inbound;
    private final int limit;
    private final Duration interval;
    private final Gson gson = GsonFactory.createSnakeCase();
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

    History(SlackWeb web, Inbound inbound, int limit, Duration interval) {
        this.web = web;
        this.inbound = inbound;
        this.limit = limit;
        this.interval = interval;
    }

    List<RemoteEvent.Message> recent(RemoteRoomId room) {
        return recent(room, web);
    }

    /** As {@link #recent(RemoteRoomId)}, asking with another client (a DM's receiver's own token). */
    List<RemoteEvent.Message> recent(RemoteRoomId room, SlackWeb web) {
        if (limit <= 0) {
            return List.of();
        }
        long now = System.nanoTime();
        long previous = last.get();
        if (previous != Long.MIN_VALUE && now - previous < interval.toNanos() || !last.compareAndSet(previous, now)) {
            LOG.info("no history for the new portal of {}: the previous history request was less than {} ago", room, interval);
            return List.of();
        }
        String channel = PortalNames.channelOf(room);
        var page = web.call("conversations.history", c -> c.conversationsHistory(r -> r.channel(channel).limit(limit)));
        List<JsonNode> oldestFirst = new ArrayList<>();
        page.getMessages().forEach(m -> oldestFirst.addFirst(JSON.readTree(gson.toJson(m))));
        return inbound.history(room, oldestFirst);
    }
}
