package dev.mxbridge.bench;

import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.example.ExampleNetwork;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link ExampleNetwork} with a tap on its relay client: every message the core hands to {@code send} is shown to
 * {@code onSend} first, the moment a message from Matrix reached the network connector. Only messages are
 * benchmarked, so the relay's other capabilities (edits, reactions, redactions) and logins are left out.
 */
final class TappedNetwork implements NetworkConnector {
    private final ExampleNetwork network;
    private final Consumer<OutboundMessage> onSend;

    TappedNetwork(ExampleNetwork network, Consumer<OutboundMessage> onSend) {
        this.network = network;
        this.onSend = onSend;
    }

    @Override
    public NetworkInfo info() {
        return network.info();
    }

    @Override
    public void start(NetworkContext context) {
        network.start(context);
    }

    @Override
    public Optional<RemoteRoomInfo> resolvePortal(String key) {
        return network.resolvePortal(key);
    }

    @Override
    public String portalKey(RemoteRoomId room) {
        return network.portalKey(room);
    }

    @Override
    public Optional<NetworkClient> relay() {
        return network.relay().map(Tapped::new);
    }

    @Override
    public void stop() {
        network.stop();
    }

    private final class Tapped implements NetworkClient {
        private final NetworkClient client;

        Tapped(NetworkClient client) {
            this.client = client;
        }

        @Override
        public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws Exception {
            onSend.accept(message);
            return client.send(room, message);
        }

        @Override
        public Optional<dev.mxbridge.core.network.RemoteUserId> account() {
            return client.account();
        }
    }
}
