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
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.network.NotBridgedException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
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
    /** How long a stop waits for the network to take our users' leaving before it closes the link anyway. */
    private static final Duration LEAVING = Duration.ofSeconds(30);

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
    private final IrcModeration moderation;
    private final ChannelBans bans = new ChannelBans();
    private final MatrixBans matrixBans;
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private final String idPrefix = Long.toHexString(System.currentTimeMillis());
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean running = true;

    LinkMode(NetworkContext context, IrcConfig config) {
        this.context = context;
        this.config = config;
        this.link = config.link().orElseThrow();
        this.members = new PortalMembers(context.store());
        this.moderation = new IrcModeration(context, config.ranksToMatrix());
        this.matrixBans = new MatrixBans(context.store());
        this.longMessages = new LongMessages(config.maxLines(), config.mediaUrlBase(), context::upload);
        this.privateChats = new PrivateChats(this::isOwn, this::toMatrix, InstantSource.system(), idPrefix + "-pm");
        this.network = new LinkedNetwork(this::bridged, this::toMatrix, idPrefix + "-in", this::isOwn,
                config.quitDebounce(), InstantSource.system());
        this.dialect = LinkDialect.of(link);
        this.server = new ServerLink(link, dialect, new ServerLink.Handler() {
            @Override
            public void linked(String peer) {
                users.down();
                bans.clear(); // the burst names them again
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
        network.onOwnRanks((channel, nick, level) ->
                users.matrixUserOf(nick).ifPresent(user -> moderation.ranked(user, channel, level)));
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

    /** Our users part their channels first (where the peer needs that to take the split quickly), then unlinks. */
    void stop() {
        running = false;
        server.stop(users.leaving("the Matrix bridge is going down"), LEAVING);
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
            Optional<String> ban = bans.matching(channel, users.mask(matrixUser, displayName));
            if (ban.isPresent()) { // a server's join passes bans: the bridge keeps the banned out itself
                String why = moderation.banned(matrixUser, channel, "(" + ban.get() + ")");
                Thread.ofVirtual().name("irc-link-ban").start(() -> moderation.remove(matrixUser, channel, why,
                        " Joining the room again is refused while the ban stands."));
                return;
            }
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

    /** The Matrix user's presence: their user on our server is away (with the status message, or "away") or back. */
    void presence(String matrixUser, boolean away, Optional<String> statusMessage) {
        users.away(matrixUser, away ? Optional.of(statusMessage.orElse("away")) : Optional.empty());
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
                    String why = moderation.kicked(matrixUser.get(), channel.get(), line.nick(), line.param(2));
                    out(matrixUser.get(), channel.get(), why, "");
                    return;
                }
            }
            case "MODE" -> IrcNames.channel(line.param(0)).ifPresent(channel -> {
                List<String> masks = bans.mode(channel, line.param(1),
                        line.params().subList(Math.min(2, line.params().size()), line.params().size()));
                for (String mask : masks) {
                    for (LinkedUsers.User user : users.in(channel)) {
                        if (ChannelBans.matches(mask, users.mask(user.matrixUser(), user.displayName()))) {
                            banned(user, channel, line.nick().orElse(""), mask);
                        }
                    }
                }
            });
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

    /**
     * A ban matches our user in the channel: a server's user is not put out by a ban, so the bridge parts them, and
     * the Matrix user leaves the portals as after a kick.
     */
    private void banned(LinkedUsers.User user, String channel, String by, String mask) {
        String why = moderation.banned(user.matrixUser(), channel, (by.isEmpty() ? "" : "by " + by + " ")
                + "(" + mask + ")");
        users.left(user.matrixUser(), channel, "banned");
        out(user.matrixUser(), channel, why, " Joining the room again is refused while the ban stands.");
    }

    /** Our user is out of the channel on IRC: the Matrix user leaves its portals and is told why. */
    private void out(String matrixUser, String channel, String why, String after) {
        members.save(channel, users.members(channel));
        Thread.ofVirtual().name("irc-link-out").start(() -> moderation.remove(matrixUser, channel, why, after));
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
    private final class Client implements NetworkClient, NetworkClient.Topics, NetworkClient.QuotedReplies,
            NetworkClient.Kicks, NetworkClient.Bans, NetworkClient.Ranks {
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

        /**
         * A Matrix user kicked a network user's ghost: their own user kicks on IRC if it is a channel operator there
         * (a server's users pass the ircd's checks, so the bridge checks); else the IRC user stays in the channel.
         */
        @Override
        public void kick(RemoteRoomId room, RemoteUserId member, String reason) {
            if (PrivateChats.parse(room).isPresent()) {
                return;
            }
            Optional<LinkedUsers.User> op = operatorIn(room);
            if (op.isEmpty()) {
                log.warn("{} was kicked from the portal of {} by {}, whose IRC user is no channel operator there",
                        member.value(), room.value(), matrixUser);
                return;
            }
            String channel = IrcText.word(room.value());
            server.send(dialect.from(op.get()) + " KICK " + channel + " " + dialect.target(member.value()) + " :"
                    + IrcText.clean(reason));
            network.kickedByUs(channel, member.value());
        }

        /**
         * A Matrix user banned a network user's ghost: as with kicks, their own user, if a channel operator, sets
         * {@code +b} on the IRC user's mask ({@link MatrixBans#mask}) and kicks them; else nothing happens on IRC.
         */
        @Override
        public void ban(RemoteRoomId room, RemoteUserId member, String reason) {
            Optional<LinkedUsers.User> op = operatorIn(room);
            if (op.isEmpty()) {
                log.warn("{} was banned from the portal of {} by {}, whose IRC user is no channel operator there",
                        member.value(), room.value(), matrixUser);
                return;
            }
            String channel = IrcText.word(room.value());
            String mask = matrixBans.banned(channel, member.value(), MatrixBans.mask(member.value(),
                    network.userHost(member.value()), dialect.host()::equalsIgnoreCase));
            server.send(dialect.ranks(op.get(), channel, "+b", List.of(mask)));
            bans.mode(channel, "+b", List.of(mask));
            if (network.members(channel).stream().anyMatch(n -> IrcNames.fold(n).equals(IrcNames.fold(member.value())))) {
                kick(room, member, reason);
            }
        }

        /** A Matrix user lifted their ban of a ghost: the mask the ban set goes, through an operator as for bans. */
        @Override
        public void unban(RemoteRoomId room, RemoteUserId member) {
            Optional<LinkedUsers.User> op = operatorIn(room);
            String channel = IrcText.word(room.value());
            Optional<String> mask = op.flatMap(o -> matrixBans.lifted(channel, member.value()));
            if (mask.isEmpty()) {
                log.warn("{} lifted the ban of {} in {}, but their IRC user is no channel operator there or the ban "
                        + "was not the bridge's", matrixUser, member.value(), room.value());
                return;
            }
            server.send(dialect.ranks(op.get(), channel, "-b", List.of(mask.get())));
            bans.mode(channel, "-b", List.of(mask.get()));
        }

        /**
         * A Matrix power level set by this user: {@code +o} for 50 and up, {@code +v} for 1 to 49, neither below, for
         * a ghost or a Matrix user's user in the channel, through this user's own if it holds ops there (the bridge
         * checks, as for kicks), and only for the modes that change.
         */
        @Override
        public void setPowerLevel(RemoteRoomId room, String target, int level) {
            Optional<LinkedUsers.User> op = operatorIn(room);
            Optional<String> nick = users.user(target).map(LinkedUsers.User::nick)
                    .or(() -> context.remoteUserOf(target).map(RemoteUserId::value));
            if (op.isEmpty() || nick.isEmpty()) {
                return;
            }
            String channel = IrcText.word(room.value());
            ChannelRanks.toward(nick.get(), network.level(channel, nick.get()), level).ifPresent(change -> {
                server.send(dialect.ranks(op.get(), channel, change.modes(), change.nicks()));
                network.ranksByUs(channel, change.modes(), change.nicks());
            });
        }

        /** This user's user in the room's channel if it holds ops there; never in a private chat. */
        private Optional<LinkedUsers.User> operatorIn(RemoteRoomId room) {
            if (PrivateChats.parse(room).isPresent()) {
                return Optional.empty();
            }
            String channel = IrcText.word(room.value());
            LinkedUsers.User user = inChannel(channel);
            return network.isOp(channel, user.nick()) ? Optional.of(user) : Optional.empty();
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
