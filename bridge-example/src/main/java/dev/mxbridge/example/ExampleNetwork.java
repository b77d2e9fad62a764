package dev.mxbridge.example;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.cli.BridgeCli;
import dev.mxbridge.core.network.*;
import dev.mxbridge.core.secret.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example network bridge: {@link ExampleChat} rooms become portals at {@code #_example_<room>:domain}, its
 * users become ghosts, Matrix users can log in with a chat account (puppeting; password flow), and those without a
 * login are relayed by the bridge's own account, {@code bridge}.
 * Everything else — portals, ghosts, ordering, message mapping — comes from bridge-core.
 */
public final class ExampleNetwork implements NetworkConnector, Logins, Backfill {
    static final String RELAY = "bridge";
    private final ExampleChat chat;
    private final boolean durable;

    public ExampleNetwork(ExampleChat chat) {
        this(chat, false);
    }

    /**
     * @param durable whether what happens in the chat is stored before it is bridged ({@code pushDurably}); the
     *                in-memory chat cannot redeliver, so it does not wait for the store
     */
    public ExampleNetwork(ExampleChat chat, boolean durable) {
        this.chat = chat;
        this.durable = durable;
    }

    public static void main(String[] args) {
        ExampleChat chat = new ExampleChat(10_000);
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
            RemoteEvent event = switch (change) {
                case ExampleChat.Posted c -> new RemoteEvent.Message(room, author, Optional.of(p.author()), id, now,
                        MessageContent.Text.of(p.text()), p.replyTo().map(RemoteMessageId::of));
                case ExampleChat.Edited c -> new RemoteEvent.Edit(room, author, id, now, MessageContent.Text.of(p.text()));
                case ExampleChat.Deleted c -> new RemoteEvent.Delete(room, author, id, now);
                case ExampleChat.Reacted c -> new RemoteEvent.Reaction(room, new RemoteUserId(c.user()), id, c.emoji(), now);
                case ExampleChat.Unreacted c -> new RemoteEvent.ReactionRemoved(room, new RemoteUserId(c.user()), id, c.emoji(), now);
            };
            if (durable) {
                context.pushDurably(event);
            } else {
                context.push(event);
            }
        });
    }

    @Override
    public List<RemoteEvent.Message> history(RemoteRoomId room) {
        return chat.posts(room.value()).stream().filter(p -> !p.deleted()).map(p -> new RemoteEvent.Message(room,
                new RemoteUserId(p.author()), Optional.of(p.author()), RemoteMessageId.of(p.id()), Instant.now(),
                MessageContent.Text.of(p.text()), p.replyTo().map(RemoteMessageId::of))).toList();
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
        return Optional.of(new Account(RELAY));
    }

    @Override
    public List<LoginFlow> loginFlows() {
        return List.of(new LoginFlow("password", "Password", "Your chat username and password."));
    }

    @Override
    public LoginProcess startLogin(String flowId, String matrixUser) {
        return new LoginProcess() {
            @Override
            public LoginStep start() {
                return new LoginStep.UserInput("Log in to the example chat.",
                        List.of(new LoginStep.Field("username", "Username?", false), new LoginStep.Field("password", "Password?", true)));
            }

            @Override
            public LoginStep submit(Map<String, String> answers) {
                String user = answers.get("username");
                if (!chat.checkPassword(user, answers.get("password"))) {
                    throw new IllegalArgumentException("wrong username or password");
                }
                return new LoginStep.Done(new UserLogin(matrixUser, user, new RemoteUserId(user),
                        Secret.of(answers.get("password"))), "Logged in as " + user + ".");
            }
        };
    }

    @Override
    public NetworkClient connect(UserLogin login) {
        if (!chat.checkPassword(login.loginId(), login.credentials().reveal())) {
            throw new IllegalStateException("the stored password no longer works");
        }
        return new Account(login.loginId());
    }

    /** An account on the chat: the bridge's relay, or a Matrix user's own (a puppet). */
    private final class Account implements NetworkClient, NetworkClient.Edits, NetworkClient.Deletions,
            NetworkClient.Reactions, NetworkClient.ReactionRemovals {
        private final String name;

        Account(String name) {
            this.name = name;
        }

        @Override
        public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) {
            String text = message.content().plainText();
            return RemoteMessageId.of(chat.post(room.value(), name, text, message.replyTo().map(RemoteMessageId::value)).id());
        }

        @Override
        public Optional<RemoteUserId> account() {
            return Optional.of(new RemoteUserId(name));
        }

        @Override
        public void edit(RemoteRoomId room, RemoteMessageId target, OutboundMessage replacement) {
            chat.edit(target.value(), replacement.content().plainText());
        }

        @Override
        public void delete(RemoteRoomId room, RemoteMessageId target) {
            chat.delete(target.value());
        }

        @Override
        public void react(RemoteRoomId room, RemoteMessageId target, String key) {
            chat.react(target.value(), name, key);
        }

        @Override
        public void unreact(RemoteRoomId room, RemoteMessageId target, String key) {
            chat.unreact(target.value(), name, key);
        }
    }

}
