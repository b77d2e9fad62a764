package org.example.hello;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.cli.BridgeCli;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hello: rooms anyone may post in, read by polling {@code GET /updates?after=N} and written with {@code POST /send}.
 * Every Hello room has a portal ({@code #_hello_<room>}); Matrix users are relayed by one Hello account. Run with
 * {@code java -m org.example.hello/org.example.hello.HelloNetwork run --config config.yaml}.
 */
public final class HelloNetwork implements NetworkConnector {
    private static final Logger LOG = LoggerFactory.getLogger(HelloNetwork.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RemoteUserId RELAY = new RemoteUserId("matrix-relay");
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile URI server;
    private volatile Thread poller;

    public static void main(String[] args) {
        System.exit(BridgeCli.run("hello", args, config -> Bridge.builder(config).network(new HelloNetwork()).start()));
    }

    @Override
    public NetworkInfo info() {
        return new NetworkInfo("hello", "Hello");
    }

    @Override
    public void start(NetworkContext context) {
        server = URI.create(context.config().path("server").asString("http://127.0.0.1:8080/"));
        poller = Thread.ofVirtual().name("hello-poller").start(() -> poll(context));
    }

    @Override
    public void stop() {
        poller.interrupt();
    }

    /** Reads updates from where the last run stopped, and moves that place only once Matrix's side has them. */
    private void poll(NetworkContext context) {
        long after = context.store().get("hello", "position").map(Long::parseLong).orElse(0L);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                JsonNode updates = call(HttpRequest.newBuilder(server.resolve("updates?after=" + after)).GET());
                for (JsonNode update : updates) {
                    context.pushDurably(message(update), Optional.of(update.path("id").asString())).join();
                    after = update.path("seq").asLong();
                }
                if (updates.isEmpty()) {
                    Thread.sleep(100);
                } else {
                    context.store().put("hello", "position", Long.toString(after));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) { // the loop goes on after a pause: the next poll starts at the stored place
                LOG.warn("polling Hello failed, trying again: {}", e.toString());
                LockSupport.parkNanos(1_000_000_000L);
            }
        }
    }

    private static RemoteEvent.Message message(JsonNode update) {
        return new RemoteEvent.Message(new RemoteRoomId(update.path("room").asString()),
                new RemoteUserId(update.path("user").asString()), Optional.of(update.path("user").asString()),
                RemoteMessageId.of(update.path("id").asString()),
                Instant.ofEpochMilli(update.path("ts").asLong()), MessageContent.Text.of(update.path("text").asString()),
                Optional.empty(), Optional.empty());
    }

    private JsonNode call(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Hello answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public Optional<RemoteRoomInfo> resolvePortal(String key) {
        return key.matches("[a-z0-9-]{1,40}") ? Optional.of(RemoteRoomInfo.named(new RemoteRoomId(key), "Hello " + key))
                : Optional.empty();
    }

    @Override
    public String portalKey(RemoteRoomId room) {
        return room.value();
    }

    @Override
    public Optional<NetworkClient> relay() {
        return Optional.of(new NetworkClient() {
            @Override
            public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws Exception {
                String body = JSON.createObjectNode().put("room", room.value()).put("user", RELAY.value())
                        .put("text", message.content().plainText()).toString();
                return RemoteMessageId.of(call(HttpRequest.newBuilder(server.resolve("send"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))).path("id").asString());
            }

            @Override
            public Optional<RemoteUserId> account() {
                return Optional.of(RELAY); // what the relay posts comes back in the updates: not bridged again
            }
        });
    }
}
