package dev.mxbridge.example;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A bridge process whose network redelivers what it has not acknowledged, as Slack and Telegram do: it reads a feed
 * file (one message a line, appended by the test), pushes each line durably with its line number as delivery key,
 * and acknowledges — moves its stored offset — only when the push completes. After a kill -9 it starts again from
 * the stored offset. Arguments: config file, feed file.
 */
public final class FeedBridgeMain {
    static final RemoteRoomId ROOM = new RemoteRoomId("feed");

    private FeedBridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path feed = Path.of(args[1]);
        Bridge.builder(ConfigYaml.read(Path.of(args[0]), "example")).network(new FeedNetwork(feed)).start();
        Thread.currentThread().join();
    }

    /** The network: one room, {@code feed}, written by {@code writer}. */
    static final class FeedNetwork implements NetworkConnector {
        private final Path feed;

        FeedNetwork(Path feed) {
            this.feed = feed;
        }

        @Override
        public NetworkInfo info() {
            return new NetworkInfo("example", "Feed");
        }

        @Override
        public void start(NetworkContext context) {
            Thread.ofVirtual().name("feed-reader").start(() -> read(context));
        }

        private void read(NetworkContext context) {
            int offset = context.store().get("feed", "offset").map(Integer::parseInt).orElse(0);
            while (true) {
                List<String> lines = lines();
                if (lines.size() <= offset) {
                    sleep();
                    continue;
                }
                int line = offset;
                RemoteEvent.Message message = new RemoteEvent.Message(ROOM, new RemoteUserId("writer"), Optional.of("Writer"),
                        RemoteMessageId.of("line-" + line), Instant.now(), MessageContent.Text.of(lines.get(line)), Optional.empty());
                context.pushDurably(message, Optional.of("feed:" + line)).join(); // stored: now acknowledge
                offset = line + 1;
                context.store().put("feed", "offset", Integer.toString(offset));
            }
        }

        private List<String> lines() {
            try {
                return Files.exists(feed) ? Files.readAllLines(feed).stream().filter(l -> !l.isEmpty()).toList() : List.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<RemoteRoomInfo> resolvePortal(String key) {
            return key.equals(ROOM.value()) ? Optional.of(RemoteRoomInfo.named(ROOM, "Feed")) : Optional.empty();
        }

        @Override
        public String portalKey(RemoteRoomId room) {
            return room.value();
        }
    }
}
