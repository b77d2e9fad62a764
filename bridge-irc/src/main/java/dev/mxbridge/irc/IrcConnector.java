package dev.mxbridge.irc;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.pircbotx.cap.SASLCapHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IRC bridge's network: one IRC server. Portals are channels ({@code #_irc_#chan:domain} → {@code #chan}); the
 * bridge bot joins them, relays Matrix users who have no puppet as {@code <name> text}, and is the source of
 * membership, messages and topics. Each Matrix user in a portal gets a puppet connection of their own under the
 * nick template (default {@code {displayname}[m]}), which joins and parts channels as the user joins and leaves the
 * rooms and sends the user's messages, topic changes and kicks (a kick goes out from the user's puppet if it has
 * ops, else from the bot if it has). IRC users are ghosts per nick; their ops and voice become power levels 50 and
 * 1 in portals. A private message to a puppet opens a direct chat ({@code pm:<matrix user>:<nick>}) whose answers go
 * back as private messages; Matrix messages of more than {@code max_lines} lines or with a code block go to IRC as
 * a link to an uploaded text file ({@code media_url_base}).
 *
 * <p>Configured by the {@code network:} section ({@link IrcConfig}).
 */
public final class IrcConnector implements NetworkConnector {
    private static final Logger log = LoggerFactory.getLogger(IrcConnector.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

    private final Set<String> ownNicks = ConcurrentHashMap.newKeySet();
    private final Map<String, IrcConnection> puppets = new ConcurrentHashMap<>();
    private final Set<String> synced = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final String idPrefix = Long.toHexString(System.currentTimeMillis());
    /** Every nick our connections hold or try: their lines seen by the bot are our own doing. */
    private final IrcConnection.Nicks nicks = new IrcConnection.Nicks() {
        @Override
        public void taken(String nick) {
            ownNicks.add(IrcNames.fold(nick));
        }

        @Override
        public void released(String nick) {
            ownNicks.remove(IrcNames.fold(nick));
        }
    };
    private volatile IrcConfig config;
    private volatile IrcBots bots;
    private volatile Pacer pacer;
    private volatile ChannelTracker tracker;
    private volatile PrivateChats privateChats;
    private volatile LongMessages longMessages;
    private volatile IrcConnection relay;
    private volatile boolean running;

    /** Reads its configuration from the bridge's {@code network:} section when started. */
    public IrcConnector() {
    }

    @Override
    public NetworkInfo info() {
        return new NetworkInfo("irc", "IRC");
    }

    @Override
    public void start(NetworkContext context) {
        config = IrcConfig.parse(context.config());
        bots = new IrcBots(config.server());
        pacer = new Pacer(config.connectInterval());
        running = true;
        QuitDebounce debounce = new QuitDebounce(config.quitDebounce(), InstantSource.system());
        tracker = new ChannelTracker(nick -> ownNicks.contains(IrcNames.fold(nick)), debounce, context::push,
                line -> relay.raw(line), InstantSource.system());
        longMessages = new LongMessages(config.maxLines(), config.mediaUrlBase(), context::upload);
        privateChats = new PrivateChats(nick -> ownNicks.contains(IrcNames.fold(nick)), context::push,
                InstantSource.system(), idPrefix);
        relay = new IrcConnection(config.nick(), config.maxNickLength(), this::relayBot, pacer, nicks,
                line -> tracker.line(line, relay.nick().orElse(config.nick())));
        relay.start();
        for (RemoteRoomId linked : context.linkedRooms()) {
            IrcNames.channel(linked.value()).ifPresent(relay::join); // portals and plumbed channels from before a restart
        }
        Thread.ofVirtual().name("irc-quit-debounce").start(() -> {
            while (running) {
                try {
                    Thread.sleep(Duration.ofMillis(500));
                } catch (InterruptedException e) {
                    return;
                }
                tracker.expireHeld();
            }
        });
    }

    private SafeBot relayBot(String nick) {
        var builder = bots.configure(nick, nick, "mxbridge IRC bridge");
        config.sasl().ifPresent(sasl -> {
            builder.setCapEnabled(true);
            builder.addCapHandler(new SASLCapHandler(sasl.username(), sasl.password()));
        });
        return bots.create(builder);
    }

    /** A puppet with the nick, a user name made of its letters and digits, and the nick as real name. */
    private SafeBot puppetBot(String nick) {
        return bots.create(bots.configure(nick, IrcNames.userName(nick), nick));
    }

    @Override
    public Optional<RemoteRoomInfo> resolvePortal(String key) throws InterruptedException {
        Optional<PrivateChats.Chat> chat = PrivateChats.parse(new RemoteRoomId(key));
        if (chat.isPresent()) {
            return Optional.of(RemoteRoomInfo.direct(chat.get().room(), chat.get().nick(),
                    new RemoteUserId(chat.get().nick()), chat.get().matrixUser()));
        }
        Optional<String> channel = IrcNames.channel(key);
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        var joining = tracker.joining(channel.get());
        relay.join(channel.get());
        ChannelTracker.ChannelInfo info;
        try {
            info = joining.get(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("no portal for {}: {}", channel.get(), e.getCause() != null ? e.getCause().getMessage() : "the bot did not get in in time");
            relay.part(channel.get(), "cannot bridge");
            return Optional.empty();
        }
        boolean inviteOnly = info.modes().contains('i') || info.modes().contains('k');
        boolean listed = !info.modes().contains('s') && !info.modes().contains('p');
        return Optional.of(new RemoteRoomInfo(ChannelTracker.room(info.channel()), info.channel(), info.topic(),
                inviteOnly, listed, Optional.empty(), Optional.empty()));
    }

    @Override
    public String portalKey(RemoteRoomId room) {
        return room.value();
    }

    @Override
    public Optional<NetworkClient> relay() {
        return Optional.ofNullable(relay).map(r -> new Client(r, config.nick()));
    }

    @Override
    public void membership(RemoteRoomId room, String matrixUser, String displayName, boolean joined) {
        if (PrivateChats.parse(room).isPresent()) {
            if (joined) {
                puppet(matrixUser, displayName); // to answer through
            }
            return;
        }
        String channel = room.value();
        if (joined) {
            relay.join(channel);
            if (synced.add(channel)) {
                tracker.sync(channel);
            }
            if (puppets.size() >= config.maxPuppets() && !puppets.containsKey(matrixUser)) {
                log.warn("{} puppets connected, the limit: {} is relayed", puppets.size(), matrixUser);
                return;
            }
            puppet(matrixUser, displayName).join(channel);
        } else {
            IrcConnection puppet = puppets.get(matrixUser);
            if (puppet != null && !puppet.part(channel, "left the Matrix room")) {
                puppets.remove(matrixUser);
                puppet.stop("left Matrix");
            }
        }
    }

    /** The user's puppet connection, started if they have none. */
    private IrcConnection puppet(String matrixUser, String displayName) {
        return puppets.computeIfAbsent(matrixUser, user -> {
            String nick = IrcNames.nick(config.nickTemplate(), displayName, new UserId(user).localpart(),
                    config.maxNickLength());
            IrcConnection puppet = new IrcConnection(nick, config.maxNickLength(), this::puppetBot, pacer,
                    nicks, line -> privateChats.line(user, line));
            puppet.start();
            return puppet;
        });
    }

    @Override
    public Optional<NetworkClient> clientFor(String matrixUser) {
        return Optional.ofNullable(puppets.get(matrixUser)).map(p -> new Client(p, matrixUser));
    }

    @Override
    public void stop() {
        running = false;
        puppets.values().forEach(p -> p.stop("bridge stopping"));
        puppets.clear();
        if (relay != null) {
            relay.stop("bridge stopping");
        }
    }

    /** Sends through one connection: the bridge bot (relaying) or a puppet. */
    private final class Client implements NetworkClient, NetworkClient.Topics, NetworkClient.Kicks {
        private final IrcConnection connection;
        private final String name;

        Client(IrcConnection connection, String name) {
            this.connection = connection;
            this.name = name;
        }

        @Override
        public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws InterruptedException {
            IrcLines.Kind kind = IrcLines.Kind.PRIVMSG;
            String text = message.content().plainText();
            if (message.content() instanceof MessageContent.Text t) {
                kind = switch (t.kind()) {
                    case TEXT -> IrcLines.Kind.PRIVMSG;
                    case NOTICE -> IrcLines.Kind.NOTICE;
                    case EMOTE -> IrcLines.Kind.ACTION;
                };
                text = longMessages.shorten(t.text()).orElseGet(() -> IrcFormat.render(t.text()));
            }
            Optional<PrivateChats.Chat> chat = PrivateChats.parse(room);
            if (chat.isPresent()) {
                if (connection == relay || !chat.get().matrixUser().equals(name)) {
                    throw new IrcBridgeException("a private chat with " + chat.get().nick()
                            + " goes only through " + chat.get().matrixUser() + "'s own connection");
                }
                connection.sendTo(kind, chat.get().nick(), text, SEND_TIMEOUT);
            } else {
                connection.send(kind, room.value(), text, SEND_TIMEOUT);
            }
            return RemoteMessageId.of(idPrefix + "-" + sent.incrementAndGet());
        }

        @Override
        public Optional<RemoteUserId> account() {
            return connection.nick().map(RemoteUserId::new);
        }

        @Override
        public void setTopic(RemoteRoomId room, String topic) throws InterruptedException {
            if (PrivateChats.parse(room).isPresent()) {
                return; // a private chat's topic is the Matrix room's own
            }
            String channel = IrcText.word(room.value());
            connection.sendIn(channel, "TOPIC " + channel + " :" + IrcText.clean(topic), SEND_TIMEOUT);
        }

        /** Kicks through this connection if it has ops in the channel, else through the bridge bot if it has. */
        @Override
        public void kick(RemoteRoomId room, RemoteUserId member, String reason) throws InterruptedException {
            if (PrivateChats.parse(room).isPresent()) {
                return;
            }
            String channel = IrcText.word(room.value());
            String line = "KICK " + channel + " " + IrcText.word(member.value()) + " :";
            if (connection.nick().filter(n -> tracker.isOp(channel, n)).isPresent()) {
                connection.sendIn(channel, line + IrcText.clean(reason), SEND_TIMEOUT);
            } else if (relay.nick().filter(n -> tracker.isOp(channel, n)).isPresent()) {
                String why = connection == relay ? reason : "for " + name + (reason.isBlank() ? "" : ": " + reason);
                relay.sendIn(channel, line + IrcText.clean(why), SEND_TIMEOUT);
            } else {
                log.warn("{} was kicked from the portal of {}, but no connection of ours has ops there",
                        member.value(), channel);
            }
        }

        @Override
        public String toString() {
            return "IRC client " + name;
        }
    }
}
