package dev.mxbridge.irc;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.NotBridgedException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IRC bridge linked into the network as a server ({@code network.link}): what {@link IrcConnector} does in that
 * mode. Matrix users in portals are users of our server ({@link LinkedUsers}); the network's users are ghosts and
 * every channel of the network can become a portal without a bot in it ({@link LinkedNetwork}); one connection
 * carries it all ({@link ServerLink}). Messages of Matrix users go out as {@code :nick PRIVMSG #chan :text}; private
 * messages to their nicks are direct chats as in client mode ({@link PrivateChats}).
 */
final class LinkMode {
    private static final Logger log = LoggerFactory.getLogger(LinkMode.class);

    private final NetworkContext context;
    private final IrcConfig config;
    private final LinkConfig link;
    private final LinkDialect dialect;
    private final ServerLink server;
    private final LinkedNetwork network;
    private final LinkedUsers users;
    private final PortalMembers members;
    private final LongMessages longMessages;
    private final PrivateChats privateChats;
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private final String idPrefix = Long.toHexString(System.currentTimeMillis());
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean running = true;

    LinkMode(NetworkContext context, IrcConfig config) {
        this.context = context;
        this.config = config;
        this.link = config.link().orElseThrow();
        this.members = new PortalMembers(context.store());
        this.longMessages = new LongMessages(config.maxLines(), config.mediaUrlBase(), context::upload);
        this.privateChats = new PrivateChats(this::isOwn, this::toMatrix, InstantSource.system(), idPrefix + "-pm");
        this.network = new LinkedNetwork(this::bridged, this::toMatrix, idPrefix + "-in", this::isOwn,
                config.quitDebounce(), InstantSource.system());
        this.dialect = LinkDialect.of(link);
        this.server = new ServerLink(link, dialect, new ServerLink.Handler() {
            @Override
            public void linked(String peer) {
                users.down();
                network.linked(peer);
            }

            @Override
            public void burstEnded() {
                network.burstEnded();
                users.burst();
                log.info("server link: our burst sent, {} Matrix users", users.size());
            }

            @Override
            public void line(IrcLine line) {
                LinkMode.this.line(line);
            }

            @Override
            public void dropped(String why) {
                users.down();
                log.warn("server link dropped: {}", why);
            }
        });
        this.users = new LinkedUsers(dialect, config.nickTemplate(), config.maxNickLength(),
                network::nickInUse, line -> server.send(line));
    }

    /** Restores the portals' Matrix members from before a restart, links, and makes the static mappings. */
    void start() {
        for (RemoteRoomId linked : context.linkedRooms()) {
            IrcNames.channel(linked.value()).ifPresent(channel ->
                    members.load(channel).forEach((user, name) -> users.joined(user, name, channel)));
        }
        server.start();
        config.mappings().forEach((channel, matrixRooms) -> Thread.ofVirtual().name("irc-mapping-" + channel)
                .start(() -> {
                    for (String matrixRoom : matrixRooms) {
                        try {
                            context.ensureLink(matrixRoom, ChannelTracker.room(channel));
                        } catch (RuntimeException e) {
                            log.warn("static mapping {} -> {} not made (is the room public, or has it invited the "
                                    + "bridge bot?): {}", channel, matrixRoom, e.getMessage());
                        }
                    }
                }));
        Thread.ofVirtual().name("irc-link-netsplits").start(() -> {
            while (running) {
                try {
                    Thread.sleep(Duration.ofMillis(500));
                } catch (InterruptedException e) {
                    return;
                }
                network.expireHeld();
            }
        });
        log.info("IRC bridge in link mode: {}", link);
    }

    void stop() {
        running = false;
        server.stop();
    }

    Optional<String> problem() {
        return server.problem();
    }

    /** Any channel of the network can be a portal: no bot has to get in first. */
    Optional<RemoteRoomInfo> resolvePortal(String key) throws NotBridgedException {
        return switch (PortalKey.of(key, config.channels())) {
            case PortalKey.Direct(RemoteRoomInfo direct) -> Optional.of(direct);
            case PortalKey.None() -> Optional.empty();
            case PortalKey.Channel(String channel) -> Optional.of(new RemoteRoomInfo(ChannelTracker.room(channel), channel,
                    network.topic(channel), false, true, Optional.empty(), Optional.empty()));
        };
    }

    /** A Matrix user joined or left a portal: their user on our server joins or parts the channel. */
    void membership(RemoteRoomId room, String matrixUser, String displayName, boolean joined) {
        if (PrivateChats.parse(room).isPresent()) {
            if (joined) {
                users.present(matrixUser, displayName); // to answer through
            }
            return;
        }
        Optional<String> found = IrcNames.channel(room.value());
        if (found.isEmpty()) {
            return;
        }
        String channel = found.get();
        if (joined) {
            if (announced.add(channel)) {
                network.announce(channel);
            }
            users.joined(matrixUser, displayName, channel);
        } else {
            users.left(matrixUser, channel, "left the Matrix room");
        }
        members.save(channel, users.members(channel));
    }

    /** A new nick from the template; the new display name is remembered for a restart. */
    void displayNameChanged(String matrixUser, String displayName) {
        users.renamed(matrixUser, displayName);
        users.user(matrixUser).ifPresent(user -> user.channels().forEach(channel ->
                members.save(channel, users.members(channel))));
    }

    /** The Matrix user's user on our server, to send their messages through. */
    Optional<NetworkClient> clientFor(String matrixUser) {
        return users.user(matrixUser).map(u -> new Client(matrixUser));
    }

    private void line(IrcLine line) {
        switch (line.command()) {
            case "NICK" -> {
                // TS6: a network user now holds a nick of ours (crossing introductions): ours gives way, nobody is
                // killed. (RFC 2813 servers kill both, and the KILL brings ours back under a new nick.)
                String nick = line.param(0);
                if (link.protocol() == LinkConfig.Protocol.TS6) {
                    users.collided(nick).ifPresent(now -> log.info("the network introduced {} too; ours is now {}",
                            nick, now.nick()));
                }
            }
            case "KILL" -> {
                Optional<LinkedUsers.User> back = users.killed(line.param(0));
                if (back.isPresent()) {
                    log.info("the network killed {} ({}); back as {}", line.param(0), line.param(1), back.get().nick());
                    return;
                }
            }
            case "KICK" -> {
                Optional<String> channel = IrcNames.channel(line.param(0));
                Optional<String> matrixUser = channel.flatMap(c -> users.kicked(line.param(1), c));
                if (matrixUser.isPresent()) {
                    kicked(matrixUser.get(), channel.get(), line.nick().orElse(""), line.param(2));
                    return;
                }
            }
            case "PRIVMSG", "NOTICE" -> {
                Optional<String> to = users.matrixUserOf(line.param(0));
                if (to.isPresent()) {
                    privateChats.line(to.get(), line); // notices to a user come from services, not people
                    return;
                }
            }
            default -> {
            }
        }
        network.line(line);
    }

    /** Our user was kicked: the Matrix user leaves the channel's portals with the reason, and is told why. */
    private void kicked(String matrixUser, String channel, String by, String reason) {
        String why = "kicked from " + channel + (by.isEmpty() ? "" : " by " + by)
                + (reason.isBlank() ? "" : " (" + reason + ")");
        members.save(channel, users.members(channel));
        Thread.ofVirtual().name("irc-link-kick").start(() -> {
            try {
                context.removeFromPortal(ChannelTracker.room(channel), matrixUser, "IRC: " + why);
                context.tell(matrixUser, "You were " + why + " on IRC, so you left the channel's room.");
            } catch (RuntimeException e) {
                log.warn("could not tell Matrix that {} was {}: {}", matrixUser, why, e.toString());
            }
        });
    }

    private boolean isOwn(String nick) {
        return users.isOwn(nick);
    }

    private boolean bridged(String channel) {
        return !context.links().roomsOf(ChannelTracker.room(channel)).isEmpty();
    }

    private void toMatrix(RemoteEvent event) {
        context.pushDurably(event).exceptionally(e -> {
            log.warn("could not store {} from {} for Matrix: {}", event.getClass().getSimpleName(), event.room(),
                    e.toString());
            return false;
        });
    }

    /** A Matrix user's messages, sent as their user on our server. */
    private final class Client implements NetworkClient, NetworkClient.Topics, NetworkClient.QuotedReplies {
        private final String matrixUser;

        Client(String matrixUser) {
            this.matrixUser = matrixUser;
        }

        @Override
        public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) {
            Optional<PrivateChats.Chat> chat = PrivateChats.parse(room);
            if (chat.isPresent() && !chat.get().matrixUser().equals(matrixUser)) {
                throw new IrcBridgeException("a private chat with " + chat.get().nick() + " goes only through "
                        + chat.get().matrixUser() + "'s own user");
            }
            String channel = IrcText.word(chat.map(PrivateChats.Chat::nick).or(() -> IrcNames.channel(room.value()))
                    .orElseThrow(() -> new IrcBridgeException("not a channel: " + room.value())));
            LinkedUsers.User user = chat.isPresent() ? onNetwork() : inChannel(channel);
            IrcLines.Kind kind = IrcLines.Kind.PRIVMSG;
            String text = message.content() instanceof MessageContent.Media media
                    ? longMessages.media(media) : message.content().plainText();
            if (message.content() instanceof MessageContent.Text t) {
                kind = switch (t.kind()) {
                    case TEXT -> IrcLines.Kind.PRIVMSG;
                    case NOTICE -> IrcLines.Kind.NOTICE;
                    case EMOTE -> IrcLines.Kind.ACTION;
                };
                FormattedText formatted = t.text();
                text = longMessages.shorten(formatted).orElseGet(() -> IrcFormat.render(formatted));
            }
            int prefix = IrcLines.sourcePrefixBytes(user.nick(), user.userName(), link.serverName());
            for (String part : IrcLines.split(kind, channel, text, prefix)) {
                if (!server.send(dialect.from(user) + " " + kind.line(dialect.target(channel), part))) {
                    throw new IrcBridgeException("the server link went down while sending");
                }
            }
            return RemoteMessageId.of(idPrefix + "-out-" + sent.incrementAndGet());
        }

        @Override
        public void setTopic(RemoteRoomId room, String topic) {
            if (PrivateChats.parse(room).isPresent()) {
                return; // a private chat's topic is the Matrix room's own
            }
            String channel = IrcText.word(room.value());
            LinkedUsers.User user = inChannel(channel);
            server.send(dialect.from(user) + " TOPIC " + channel + " :" + IrcText.clean(topic));
        }

        private LinkedUsers.User onNetwork() {
            if (!server.linked() || !users.up()) { // until our burst, our users are not on the network
                throw new IrcBridgeException("the server link to IRC is down: " + server.problem().orElse(""));
            }
            return users.user(matrixUser).orElseThrow(() -> new IrcBridgeException(matrixUser + " is not on IRC"));
        }

        private LinkedUsers.User inChannel(String channel) {
            LinkedUsers.User user = onNetwork();
            if (!user.channels().contains(channel)) {
                throw new IrcBridgeException(matrixUser + " is not in " + channel + " on IRC");
            }
            return user;
        }

        @Override
        public String toString() {
            return "IRC link user " + matrixUser;
        }
    }
}
