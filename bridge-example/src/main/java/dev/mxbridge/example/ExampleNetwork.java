package dev.mxbridge.example;

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
import java.time.Instant;
import java.util.Optional;

/**
 * The example network bridge: {@link ExampleChat} rooms become portals at {@code #_example_<room>:domain}, its
 * users become ghosts, and Matrix users without a login are relayed by the bridge's own account, {@code bridge}.
 * Everything else — portals, ghosts, ordering, message mapping — comes from bridge-core.
 */
public final class ExampleNetwork implements NetworkConnector {
    static final String RELAY = "bridge";
    private final ExampleChat chat;

    public ExampleNetwork(ExampleChat chat) {
        this.chat = chat;
    }

    public static void main(String[] args) {
        ExampleChat chat = new ExampleChat();
        chat.createRoom("lobby", "Lobby");
        System.exit(BridgeCli.run("example", args, config -> Bridge.builder(config).network(new ExampleNetwork(chat)).start()));
    }

    @Override
    public NetworkInfo info() {
        return new NetworkInfo("example", "Example chat");
    }

    @Override
    public void start(NetworkContext context) {
        chat.listen(change -> {
            ExampleChat.Post p = change.post();
            RemoteRoomId room = new RemoteRoomId(p.room());
            RemoteUserId author = new RemoteUserId(p.author());
            RemoteMessageId id = RemoteMessageId.of(p.id());
            Instant now = Instant.now();
            context.push(switch (change) {
                case ExampleChat.Posted c -> new RemoteEvent.Message(room, author, Optional.of(p.author()), id, now,
                        MessageContent.Text.of(p.text()), p.replyTo().map(RemoteMessageId::of));
                case ExampleChat.Edited c -> new RemoteEvent.Edit(room, author, id, now, MessageContent.Text.of(p.text()));
                case ExampleChat.Deleted c -> new RemoteEvent.Delete(room, author, id, now);
                case ExampleChat.Reacted c -> new RemoteEvent.Reaction(room, new RemoteUserId(c.user()), id, c.emoji(), now);
            });
        });
    }

    @Override
    public Optional<RemoteRoomInfo> resolvePortal(String key) {
        return chat.roomName(key).map(name -> RemoteRoomInfo.named(new RemoteRoomId(key), name));
    }

    @Override
    public String portalKey(RemoteRoomId room) {
        return room.value();
    }

    @Override
    public Optional<NetworkClient> relay() {
        return Optional.of(new Relay());
    }

    /** The bridge's own account on the chat, posting for Matrix users. */
    private final class Relay implements NetworkClient, NetworkClient.Edits, NetworkClient.Redactions {
        @Override
        public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) {
            String text = message.content().plainText();
            return RemoteMessageId.of(chat.post(room.value(), RELAY, text, message.replyTo().map(RemoteMessageId::value)).id());
        }

        @Override
        public Optional<RemoteUserId> account() {
            return Optional.of(new RemoteUserId(RELAY));
        }

        @Override
        public void edit(RemoteRoomId room, RemoteMessageId target, OutboundMessage replacement) {
            chat.edit(target.value(), replacement.content().plainText());
        }

        @Override
        public void delete(RemoteRoomId room, RemoteMessageId target) {
            chat.delete(target.value());
        }
    }

}
