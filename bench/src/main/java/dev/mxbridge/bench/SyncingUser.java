package dev.mxbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Matrix user on a real homeserver as a client sees it: sends messages with {@code PUT .../send}, and follows
 * its rooms with a {@code /sync} long-poll, reporting every message of someone else with the moment the sync
 * answer carrying it arrived.
 */
final class SyncingUser implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Messages only: no state, presence, receipts or account data to serialise and parse. */
    private static final String FILTER = URLEncoder.encode("""
            {"room":{"timeline":{"limit":200,"types":["m.room.message"]},"state":{"types":[]},"ephemeral":{"types":[]},
            "account_data":{"types":[]}},"presence":{"types":[]},"account_data":{"types":[]}}""".replace("\n", ""),
            StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String userId;
    private final String authorization;
    private final AtomicLong txn = new AtomicLong();
    private final AtomicInteger sendErrors = new AtomicInteger();
    private final AtomicInteger limitedTimelines = new AtomicInteger();
    private volatile boolean stopped;
    private Thread syncer;

    SyncingUser(URI base, String userId, String accessToken) {
        this.base = base;
        this.userId = userId;
        this.authorization = "Bearer " + accessToken;
    }

    /** Starts following the rooms from now on; {@code onMessage} gets each message body and its arrival time. */
    void follow(ObjLongConsumer<String> onMessage) throws IOException, InterruptedException {
        String since = sync("timeout=0").path("next_batch").asString();
        syncer = Thread.ofPlatform().daemon().name("sync").start(() -> {
            String token = since;
            while (!stopped) {
                try {
                    JsonNode answer = sync("timeout=30000&since=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
                    long arrived = System.nanoTime();
                    for (JsonNode room : answer.path("rooms").path("join")) {
                        JsonNode timeline = room.path("timeline");
                        if (timeline.path("limited").asBoolean(false)) {
                            limitedTimelines.incrementAndGet();
                        }
                        for (JsonNode event : timeline.path("events")) {
                            if (!event.path("sender").asString("").equals(userId)) {
                                onMessage.accept(event.path("content").path("body").asString(""), arrived);
                            }
                        }
                    }
                    token = answer.path("next_batch").asString(token);
                } catch (IOException | RuntimeException e) {
                    if (!stopped) {
                        System.err.println("sync failed: " + e);
                        Schedule.sleepUntil(System.nanoTime() + 200_000_000);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private JsonNode sync(String query) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/_matrix/client/v3/sync?filter=" + FILTER + "&" + query))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IOException("sync answered " + answer.statusCode() + " " + new String(answer.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(answer.body());
    }

    /**
     * Sends run {@code run} round-robin over {@code roomIds}: {@code count} messages, message n due at
     * {@code start + n/rate}, without waiting for answers (open loop) but with at most {@code window} requests
     * open, so an overloaded homeserver is not buried under connections; a message held back still counts from its
     * due time. Returns when the last request is answered.
     */
    void send(int run, int count, double rate, long start, List<String> roomIds, int window) throws InterruptedException {
        Schedule schedule = new Schedule(start, rate);
        Semaphore open = new Semaphore(window);
        for (int n = 0; n < count; n++) {
            long due = schedule.due(n);
            Schedule.sleepUntil(due);
            open.acquire();
            String room = URLEncoder.encode(roomIds.get(n % roomIds.size()), StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/_matrix/client/v3/rooms/" + room
                            + "/send/m.room.message/bench" + txn.incrementAndGet()))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"msgtype\":\"m.text\",\"body\":\""
                            + new Token(run, n, due).text() + "\"}"))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                open.release();
                if (e != null || r.statusCode() != 200) {
                    sendErrors.incrementAndGet();
                }
            });
        }
        open.acquire(window);
    }

    int sendErrors() {
        return sendErrors.get();
    }

    /** Sync answers that left events out (more than the filter's limit in a room between two syncs). */
    int limitedTimelines() {
        return limitedTimelines.get();
    }

    @Override
    public void close() {
        stopped = true;
        if (syncer != null) {
            syncer.interrupt();
        }
        http.close();
    }
}
