package dev.mxbridge.example;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * A bridge process whose remote network is a file outside it (the outbox: one {@code event id TAB text} line per
 * message it took, whichever of its rooms {@code outbox-*} it went to), so the remote side outlives a crash. A message containing {@code crash-after-send} halts the
 * process right after the outbox took it — before the bridge can record that it did — once (a flag file says it
 * happened). With {@code check} the relay can tell what the outbox already holds ({@link NetworkClient.DeliveryCheck}).
 * Arguments: config file, outbox file, {@code check} or {@code no-check}.
 */
public final class OutboxBridgeMain {
    static final String CRASH = "crash-after-send";

    private OutboxBridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path outbox = Path.of(args[1]);
        boolean check = args[2].equals("check");
        Bridge.builder(ConfigYaml.read(Path.of(args[0]), "example")).network(new OutboxNetwork(outbox, check)).start();
        Thread.currentThread().join();
    }

    static List<String> lines(Path outbox) {
        try {
            return Files.exists(outbox) ? Files.readAllLines(outbox) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The network: rooms {@code outbox-*}, and a relay that appends to the file. */
    static final class OutboxNetwork implements NetworkConnector {
        private final Path outbox;
        private final boolean check;

        OutboxNetwork(Path outbox, boolean check) {
            this.outbox = outbox;
            this.check = check;
        }

        @Override
        public NetworkInfo info() {
            return new NetworkInfo("example", "Outbox");
        }

        @Override
        public void start(NetworkContext context) {
        }

        @Override
        public Optional<RemoteRoomInfo> resolvePortal(String key) {
            return key.startsWith("outbox-") ? Optional.of(RemoteRoomInfo.named(new RemoteRoomId(key), "Outbox"))
                    : Optional.empty();
        }

        @Override
        public String portalKey(RemoteRoomId room) {
            return room.value();
        }

        @Override
        public Optional<NetworkClient> relay() {
            return Optional.of(check ? new CheckingRelay() : new Relay());
        }

        private class Relay implements NetworkClient {
            @Override
            public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws IOException {
                String text = message.content().plainText();
                try (FileChannel out = FileChannel.open(outbox, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    out.write(ByteBuffer.wrap((message.eventId() + "\t" + text + "\n").getBytes(StandardCharsets.UTF_8)));
                    out.force(true);
                }
                Path crashed = outbox.resolveSibling(outbox.getFileName() + ".crashed");
                if (text.contains(CRASH) && !Files.exists(crashed)) {
                    Files.createFile(crashed);
                    Runtime.getRuntime().halt(137); // as kill -9, right after the remote side took it
                }
                return RemoteMessageId.of("line-" + lines(outbox).size());
            }

            @Override
            public Optional<RemoteUserId> account() {
                return Optional.of(new RemoteUserId("relay"));
            }
        }

        private final class CheckingRelay extends Relay implements NetworkClient.DeliveryCheck {
            @Override
            public Optional<RemoteMessageId> delivered(RemoteRoomId room, OutboundMessage message) {
                List<String> lines = lines(outbox);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).startsWith(message.eventId() + "\t")) {
                        return Optional.of(RemoteMessageId.of("line-" + (i + 1)));
                    }
                }
                return Optional.empty();
            }
        }
    }
}
