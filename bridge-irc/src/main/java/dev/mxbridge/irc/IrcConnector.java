package dev.mxbridge.irc;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.command.Command;
import dev.mxbridge.core.command.CommandException;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.secret.Secret;
import dev.mxbridge.core.network.NotBridgedException;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>In their private chat with the bot, users manage their connection ({@link IrcCommands}: {@code nick},
 * {@code whois}, {@code listrooms}, {@code reconnect}, {@code quit}, {@code storepass}, {@code removepass}); a stored
 * password identifies every connect of their puppet (SASL PLAIN where the server offers it, else NickServ
 * {@code IDENTIFY}). A puppet without Matrix activity for
 * {@code idle_timeout} quits and comes back with the user's next message or join; reading counts as activity where
 * the homeserver pushes read receipts ({@link NetworkContext#ephemeralEvents()}; Dendrite does not), and without them
 * puppets do not idle out under {@code require_matrix_joined}. With {@code require_matrix_joined}
 * a channel's messages reach its portal only while every Matrix member's puppet is in the channel.
 *
 * <p>IRCv3 where the server offers it (the {@code capabilities} option): server-time becomes the Matrix timestamp,
 * msgid the remote message id ({@code +draft/reply} answers become Matrix replies), echo-message confirms a puppet's
 * delivery, multi-prefix gives every rank, away-notify sets ghosts' presence, and with {@code draft/relaymsg} the
 * bridge bot relays as {@code Name/m} instead of {@code <Name> text} ({@link Relaying}).
 *
 * <p>With a {@code network.link} section the bridge instead links into the network as a server ({@link LinkMode}):
 * Matrix users are users of the bridge's own server, with no connection each, and no bot joins channels.
 *
 * <p>Configured by the {@code network:} section ({@link IrcConfig}).
 */
public final class IrcConnector implements NetworkConnector, NetworkConnector.Health, NetworkConnector.DirectChatsFromMatrix,
        NetworkConnector.MatrixPresence {
    private static final Logger log = LoggerFactory.getLogger(IrcConnector.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final Set<String> ownNicks = ConcurrentHashMap.newKeySet();
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
    private volatile IrcMetrics.Meters puppetMeters;
    private volatile Pacer pacer;
    private volatile ChannelTracker tracker;
    private volatile PrivateChats privateChats;
    private volatile LongMessages longMessages;
    private volatile IrcConnection relay;
    private volatile Relaying relaying;
    private volatile Puppets puppets;
    private volatile SealedValues passwords;
    private volatile PortalMembers members;
    private volatile IrcModeration moderation;
    private volatile MatrixBans matrixBans;
    private volatile NetworkContext context;
    private volatile SealedValues keys;
    private volatile IrcMentions mentions;
    private volatile IdentServer ident;
    /** The server link, in link mode ({@code network.link}): then it does the work, and nothing else starts. */
    private volatile LinkMode link;
    private final IrcCommands commands = new IrcCommands(new IrcCommands.Bridge() {
        @Override
        public Puppets puppets() {
            if (link != null) { // commands are made before start, so they exist in link mode too
                throw new CommandException("In link mode you are a user of the bridge's own IRC server: there is no IRC "
                        + "connection of yours to manage.");
            }
            return puppets;
        }

        @Override
        public SealedValues passwords() {
            return passwords;
        }

        @Override
        public IrcConnection relay() {
            if (link != null) {
                throw new CommandException("In link mode the bridge has no bot connection on IRC.");
            }
            return relay;
        }

        @Override
        public NetworkContext context() {
            return context;
        }

        @Override
        public SealedValues keys() {
            return keys;
        }

        @Override
        public ChannelRules rules() {
            return config.channels();
        }
    });
    private Expiry expiry;

    /** Reads its configuration from the bridge's {@code network:} section when started. */
    public IrcConnector() {
    }

    @Override
    public NetworkInfo info() {
        return new NetworkInfo("irc", "IRC");
    }

    @Override
    public void start(NetworkContext context) throws java.io.IOException {
        this.context = context;
        config = IrcConfig.parse(context.config());
        if (config.link().isPresent()) {
            link = new LinkMode(context, config);
            link.start();
            return;
        }
        passwords = SealedValues.passwords(context);
        keys = SealedValues.channelKeys(context);
        if (config.ident().isPresent()) {
            ident = new IdentServer(config.ident().get());
        }
        members = new PortalMembers(context.store());
        moderation = new IrcModeration(context, config.ranksToMatrix());
        matrixBans = new MatrixBans(context.store());
        puppets = new Puppets(this::openPuppet, (user, displayName) -> IrcNames.nick(config.nickTemplate(),
                displayName, new UserId(user).localpart(), config.maxNickLength()), config.maxPuppets(),
                config.idleTimeout(), InstantSource.system());
        IrcMetrics metrics = new IrcMetrics(context.metrics());
        puppetMeters = metrics.puppet();
        bots = new IrcBots(config.server(), metrics);
        pacer = new Pacer(config.connectInterval());
        QuitDebounce debounce = new QuitDebounce(config.quitDebounce(), InstantSource.system());
        tracker = new ChannelTracker(this::isOwn, debounce,
                event -> toMatrix(withMentions(event)),
                line -> relay.raw(line), (channel, present) -> !config.requireMatrixJoined() || puppets.allIn(channel, present),
                InstantSource.system());
        tracker.onOwnRanks((channel, nick, level) ->
                puppets.userByNick(nick).ifPresent(user -> moderation.ranked(user, channel, level)));
        mentions = new IrcMentions(IrcMentions.directory(puppets, this::isOwn, tracker,
                nick -> context.ghostOf(new RemoteUserId(nick)), context::remoteUserOf));
        longMessages = new LongMessages(config.maxLines(), config.mediaUrlBase(), context::upload);
        privateChats = new PrivateChats(this::isOwn, this::toMatrix,
                InstantSource.system(), idPrefix);
        relay = new IrcConnection(config.nick(), config.maxNickLength(), this::relayBot, pacer, nicks,
                line -> tracker.line(line, relay.nick().orElse(config.nick())));
        relay.keys(channel -> keys.find(channel).map(Secret::reveal));
        relay.metered(metrics.bot());
        relaying = new Relaying(relay, config.maxNickLength(), tracker::isOp);
        relay.start();
        for (RemoteRoomId linked : context.linkedRooms()) {
            // portals and plumbed channels from before a restart, and their Matrix members' puppets
            IrcNames.channel(linked.value()).ifPresent(channel -> {
                relay.join(channel);
                members.load(channel).forEach((user, name) -> puppets.joined(user, name, Optional.of(channel)));
            });
        }
        if (!config.idleTimeout().isZero() && !context.ephemeralEvents()) {
            log.warn("idle_timeout {}: no read receipts come from the homeserver, so {}",
                    config.idleTimeout().toString().substring(2).toLowerCase(), // PT24H: 24h
                    config.requireMatrixJoined()
                            ? "puppets do not idle out (with require_matrix_joined, someone who only reads would pause "
                            + "the room)"
                            : "only messages, joins and commands count as activity (someone who only reads idles out)");
        }
        config.mappings().forEach((channel, matrixRooms) -> Thread.ofVirtual().name("irc-mapping-" + channel).start(() -> {
            for (String matrixRoom : matrixRooms) {
                try {
                    context.ensureLink(matrixRoom, ChannelTracker.room(channel));
                    relay.join(channel);
                } catch (RuntimeException e) {
                    log.warn("static mapping {} -> {} not made (is the room public, or has it invited the bridge bot?): {}",
                            channel, matrixRoom, e.getMessage());
                }
            }
        }));
        expiry = new Expiry(tracker::nextHeldDue, () -> {
            tracker.expireHeld();
            if (idleOutAllowed()) {
                puppets.expireIdle().forEach(user -> log.info("{} was idle on Matrix: their IRC connection quit", user));
            }
        }, idleCheck(config.idleTimeout()));
        tracker.onHeld(expiry::wake);
        expiry.start("irc-quit-debounce");
    }

    /**
     * How often idle puppets are looked for: a quarter of the idle timeout, between half a second (short timeouts in
     * tests) and half a minute (a day's timeout need not be exact to the second); once a minute when they never are.
     */
    static Duration idleCheck(Duration idleTimeout) {
        if (idleTimeout.isZero()) {
            return Duration.ofMinutes(1);
        }
        Duration quarter = idleTimeout.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500)
                : quarter.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : quarter;
    }

    /**
     * Whether idle puppets quit now. Without ephemeral events reading is invisible, and under {@code require_matrix_joined}
     * a reader's puppet quitting would stop the channel's messages for the whole room: then nobody idles out.
     */
    private boolean idleOutAllowed() {
        return context.ephemeralEvents() || !config.requireMatrixJoined();
    }

    /** The bridge bot's view of its channels (for tests in this package, which may hold its lock to stall the bot). */
    ChannelTracker tracker() {
        return tracker;
    }

    /** With the ident server on, the connection answers ident queries with its user name. */
    private org.pircbotx.Configuration.Builder identified(org.pircbotx.Configuration.Builder builder) {
        IdentServer server = ident;
        if (server != null) {
            builder.setSocketFactory(server.sockets(builder.getSocketFactory(), builder.getLogin()));
        }
        return builder;
    }

    /** Whether the nick is one of our connections' (the bridge bot's or a puppet's). */
    private boolean isOwn(String nick) {
        return ownNicks.contains(IrcNames.fold(nick));
    }

    /** A channel message addressing someone by nick mentions them in Matrix. */
    /**
     * Hands an IRC event to the core. IRC never redelivers, so what the bridge read is stored in the remote inbox at
     * once: lines read while the homeserver is down wait there, through a restart. Typing is only worth it live.
     */
    private void toMatrix(RemoteEvent event) {
        if (event instanceof RemoteEvent.Typing) {
            context.push(event);
            return;
        }
        context.pushDurably(event).exceptionally(e -> {
            log.warn("could not store {} from {} for Matrix: {}", event.getClass().getSimpleName(), event.room(), e.toString());
            return false;
        });
    }

    private RemoteEvent withMentions(RemoteEvent event) {
        if (event instanceof RemoteEvent.Message m && m.content() instanceof MessageContent.Text t) {
            FormattedText text = mentions.fromIrc(m.room().value(), t.text());
            if (text != t.text()) {
                return new RemoteEvent.Message(m.room(), m.sender(), m.senderName(), m.id(), m.timestamp(),
                        new MessageContent.Text(t.kind(), text), m.replyTo(), m.thread());
            }
        }
        return event;
    }

    private SafeBot relayBot(String nick) {
        var builder = identified(bots.configure(nick, nick, "mxbridge IRC bridge"));
        return bots.create(builder, config.server().capabilities(),
                config.sasl().map(sasl -> new CapNegotiation.SaslPlain(sasl.username(), sasl.password())));
    }

    /** Starts a Matrix user's puppet connection, which identifies with their stored password on every connect. */
    private IrcConnection openPuppet(String matrixUser, String nick) {
        IrcConnection puppet = new IrcConnection(nick, config.maxNickLength(), n -> puppetBot(matrixUser, n), pacer,
                nicks, line -> privateChats.line(matrixUser, line));
        puppet.keys(channel -> keys.find(channel).map(Secret::reveal));
        puppet.onRemoved(removal -> Thread.ofVirtual().name("irc-removed-" + nick)
                .start(() -> removedFrom(matrixUser, removal)));
        puppet.metered(puppetMeters);
        puppet.onWelcome(bot -> {
            if (!bot.authenticated()) {
                passwords.find(matrixUser).ifPresent(password -> bot.sendRaw().rawLine(IrcCommands.identifyLine(password)));
            }
        });
        puppet.start();
        return puppet;
    }

    /**
     * A puppet with the nick, a user name made of its letters and digits, and the nick as real name; with the user's
     * password, if stored, as SASL PLAIN credentials for the nick's account when the server offers SASL. Not as the
     * server password ({@code PASS}): a server without one refuses the connection (ngIRCd: "Access denied: Bad
     * password?"), and the network's own goes there.
     */
    private SafeBot puppetBot(String matrixUser, String nick) {
        var builder = identified(bots.configurePuppet(nick, IrcNames.userName(new UserId(matrixUser).localpart()), nick));
        return bots.create(builder, config.puppetCapabilities(),
                passwords.find(matrixUser).map(password -> new CapNegotiation.SaslPlain(nick, password.reveal())));
    }

    @Override
    public Optional<RemoteRoomInfo> resolvePortal(String key) throws InterruptedException, NotBridgedException {
        if (link != null) {
            return link.resolvePortal(key);
        }
        String channel;
        switch (PortalKey.of(key, config.channels())) {
            case PortalKey.Direct(RemoteRoomInfo direct) -> {
                return Optional.of(direct);
            }
            case PortalKey.None() -> {
                return Optional.empty();
            }
            case PortalKey.Channel(String name) -> channel = name;
        }
        var joining = tracker.joining(channel);
        relay.join(channel);
        ChannelTracker.ChannelInfo info;
        try {
            info = joining.get(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("no portal for {}: {}", channel, e.getCause() != null ? e.getCause().getMessage() : "the bot did not get in in time");
            relay.part(channel, "cannot bridge");
            return Optional.empty();
        }
        boolean inviteOnly = ChannelTracker.isInviteOnly(info.modes());
        boolean listed = ChannelTracker.isListed(info.modes());
        return Optional.of(new RemoteRoomInfo(ChannelTracker.room(info.channel()), info.channel(), info.topic(),
                inviteOnly, listed, Optional.empty(), Optional.empty()));
    }

    @Override
    public String portalKey(RemoteRoomId room) {
        return PrivateChats.parse(room).map(PrivateChats.Chat::portalKey).orElse(room.value());
    }

    /**
     * The bridge bot as relay: where the server enabled {@code draft/relaymsg} for it, one that shows each Matrix user
     * under their own name ({@link NetworkClient.VirtualUsers}: {@code RELAYMSG #chan Name/m :text}); else one that
     * says {@code <name> text}.
     */
    /** A Matrix user invited an IRC user's ghost to a direct chat: the private conversation with that nick. */
    @Override
    public Optional<RemoteRoomId> directChat(String matrixUser, RemoteUserId remote) {
        String nick = remote.value();
        try {
            return IrcText.word(nick).equals(nick) && IrcNames.channel(nick).isEmpty()
                    ? Optional.of(new PrivateChats.Chat(matrixUser, nick).room()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a nick
        }
    }

    /** A puppet named after its user's display name follows a change of it. */
    @Override
    public void displayNameChanged(String matrixUser, String displayName) throws InterruptedException {
        if (link != null) {
            link.displayNameChanged(matrixUser, displayName);
            return;
        }
        puppets.renamed(matrixUser, displayName);
    }

    /** The bridge is not ready while its bot is not connected to the IRC server ({@code /ready} says why). */
    @Override
    public Optional<String> problem() {
        if (link != null) {
            return link.problem();
        }
        IrcConnection bot = relay;
        return bot == null ? Optional.of("the IRC connection has not started")
                : bot.problem().map(why -> "the bridge bot is not connected to IRC: " + why);
    }

    @Override
    public Optional<NetworkClient> relay() {
        if (link != null) {
            return Optional.empty(); // every Matrix user in a portal is a user of our server
        }
        return Optional.ofNullable(relay).map(r -> relaying != null && relaying.virtual() ? new VirtualRelay(r) : new Client(r,
                config.nick()));
    }

    @Override
    public void membership(RemoteRoomId room, String matrixUser, String displayName, boolean joined) {
        if (link != null) {
            link.membership(room, matrixUser, displayName, joined);
            return;
        }
        if (PrivateChats.parse(room).isPresent()) {
            if (joined) {
                puppets.joined(matrixUser, displayName, Optional.empty()); // to answer through
            }
            return;
        }
        String channel = room.value();
        if (joined) {
            relay.join(channel);
            if (synced.add(channel)) {
                tracker.sync(channel);
            }
            puppets.joined(matrixUser, displayName, Optional.of(channel));
        } else {
            puppets.left(matrixUser, channel);
        }
        members.save(channel, puppets.members(channel));
    }

    /**
     * A user's puppet was kicked from a channel or refused at its door (banned, invite only, ...): the user leaves the
     * channel's portals ({@link IrcModeration}). A ban answers a later rejoin with the kick that came before it.
     */
    private void removedFrom(String matrixUser, IrcConnection.Removal removal) {
        Optional<String> found = IrcNames.channel(removal.channel());
        if (found.isEmpty()) {
            return;
        }
        String channel = found.get();
        String why;
        if (removal.code().equals("KICK")) {
            why = moderation.kicked(matrixUser, channel, removal.by(), removal.reason());
        } else if (removal.banned()) {
            why = moderation.banned(matrixUser, channel, "");
        } else {
            why = "refused by " + channel + ": " + removal.reason();
        }
        puppets.removed(matrixUser, channel);
        members.save(channel, puppets.members(channel));
        moderation.remove(matrixUser, channel, why,
                " Joining the room again makes your IRC connection try the channel again.");
    }

    /** In link mode, the user's user on our server shows it as {@code AWAY}; puppets do not (it is no activity). */
    @Override
    public void presence(String matrixUser, boolean away, Optional<String> statusMessage) {
        if (link != null) {
            link.presence(matrixUser, away, statusMessage);
        }
    }

    /** The user's puppet, reconnected if it had quit (idle, or {@code quit}): their message counts as activity. */
    @Override
    public Optional<NetworkClient> clientFor(String matrixUser) {
        if (link != null) {
            return link.clientFor(matrixUser);
        }
        return puppets.active(matrixUser).map(p -> new Client(p, matrixUser));
    }

    @Override
    public List<Command> commands() {
        return commands.commands();
    }

    @Override
    public void stop() {
        if (expiry != null) {
            expiry.stop();
        }
        if (link != null) {
            link.stop();
        }
        if (puppets != null) {
            puppets.stopAll("bridge stopping");
        }
        if (relay != null) {
            relay.stop("bridge stopping");
        }
        if (ident != null) {
            try {
                ident.close();
            } catch (java.io.IOException e) {
                log.debug("ident server: {}", e.getMessage());
            }
        }
    }

    /** The bridge bot relaying with {@code RELAYMSG} ({@link Relaying}): the core sends messages unprefixed. */
    private final class VirtualRelay extends Client implements NetworkClient.VirtualUsers {
        VirtualRelay(IrcConnection connection) {
            super(connection, config.nick());
        }

        @Override
        IrcConnection.Sent send(String channel, IrcLines.Kind kind, String text, OutboundMessage message)
                throws InterruptedException {
            return relaying.send(channel, kind, text, message.senderName(), new UserId(message.sender()).localpart(),
                    config.sendTimeout());
        }
    }

    /** Sends through one connection: the bridge bot (relaying) or a puppet. */
    private class Client implements NetworkClient, NetworkClient.Topics, NetworkClient.Kicks, NetworkClient.Bans,
            NetworkClient.Ranks, NetworkClient.QuotedReplies {
        private final IrcConnection connection;
        private final String name;

        Client(IrcConnection connection, String name) {
            this.connection = connection;
            this.name = name;
        }

        @Override
        public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws InterruptedException {
            IrcLines.Kind kind = IrcLines.Kind.PRIVMSG;
            String text = message.content() instanceof MessageContent.Media media
                    ? longMessages.media(media) : message.content().plainText();
            if (message.content() instanceof MessageContent.Text t) {
                kind = switch (t.kind()) {
                    case TEXT -> IrcLines.Kind.PRIVMSG;
                    case NOTICE -> IrcLines.Kind.NOTICE;
                    case EMOTE -> IrcLines.Kind.ACTION;
                };
                FormattedText formatted = mentions.toIrc(t.text());
                text = longMessages.shorten(formatted).orElseGet(() -> IrcFormat.render(formatted));
                if (kind != IrcLines.Kind.ACTION) {
                    text = message.quote().map(mentions::quote).orElse("") + text;
                }
            }
            Optional<PrivateChats.Chat> chat = PrivateChats.parse(room);
            IrcConnection.Sent sent;
            if (chat.isPresent()) {
                if (connection == relay || !chat.get().matrixUser().equals(name)) {
                    throw new IrcBridgeException("a private chat with " + chat.get().nick()
                            + " goes only through " + chat.get().matrixUser() + "'s own connection");
                }
                sent = connection.sendTo(kind, chat.get().nick(), text, message.replyTo().map(RemoteMessageId::value),
                        config.sendTimeout());
            } else {
                sent = send(room.value(), kind, text, message);
            }
            return RemoteMessageId.of(sent.msgid().orElseGet(() -> idPrefix + "-" + IrcConnector.this.sent.incrementAndGet()));
        }

        /** Sends to a channel; the server's echo, if it echoes, gives the message id. */
        IrcConnection.Sent send(String channel, IrcLines.Kind kind, String text, OutboundMessage message)
                throws InterruptedException {
            return connection.send(kind, channel, text, message.replyTo().map(RemoteMessageId::value),
                    config.sendTimeout());
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
            connection.sendIn(channel, "TOPIC " + channel + " :" + IrcText.clean(topic), config.sendTimeout());
        }

        /** Kicks through this connection if it has ops in the channel, else through the bridge bot if it has. */
        @Override
        public void kick(RemoteRoomId room, RemoteUserId member, String reason) throws InterruptedException {
            if (PrivateChats.parse(room).isPresent()) {
                return;
            }
            String channel = IrcText.word(room.value());
            Optional<IrcConnection> op = operator(channel);
            if (op.isEmpty()) {
                log.warn("{} was kicked from the portal of {}, but no connection of ours has ops there",
                        member.value(), channel);
                return;
            }
            String why = op.get() == connection ? reason : "for " + name + (reason.isBlank() ? "" : ": " + reason);
            op.get().sendIn(channel, "KICK " + channel + " " + IrcText.word(member.value()) + " :" + IrcText.clean(why),
                    config.sendTimeout());
        }

        /**
         * Sets {@code +b} on the IRC user's mask ({@link MatrixBans#mask}, their host asked with {@code USERHOST})
         * and kicks them if in the channel, through whichever connection {@link #kick} would use.
         */
        @Override
        public void ban(RemoteRoomId room, RemoteUserId member, String reason) throws InterruptedException {
            if (PrivateChats.parse(room).isPresent()) {
                return;
            }
            String channel = IrcText.word(room.value());
            Optional<IrcConnection> op = operator(channel);
            if (op.isEmpty()) {
                log.warn("{} was banned from the portal of {}, but no connection of ours has ops there",
                        member.value(), channel);
                return;
            }
            String nick = IrcText.word(member.value());
            String mask = matrixBans.banned(channel, nick, mask(op.get(), nick));
            op.get().sendIn(channel, "MODE " + channel + " +b " + mask, config.sendTimeout());
            if (tracker.isMember(channel, nick)) {
                kick(room, member, reason);
            }
        }

        /** Removes the mask the ban set, through whichever connection {@link #kick} would use. */
        @Override
        public void unban(RemoteRoomId room, RemoteUserId member) throws InterruptedException {
            if (PrivateChats.parse(room).isPresent()) {
                return;
            }
            String channel = IrcText.word(room.value());
            Optional<IrcConnection> op = operator(channel);
            Optional<String> mask = op.flatMap(o -> matrixBans.lifted(channel, member.value()));
            if (mask.isEmpty()) {
                log.warn("the ban of {} in {} was lifted in Matrix, but no connection of ours has ops there or the "
                        + "ban was not the bridge's", member.value(), channel);
                return;
            }
            op.get().sendIn(channel, "MODE " + channel + " -b " + mask.get(), config.sendTimeout());
        }

        /** This connection if it has ops in the channel, else the bridge bot if it has. */
        private Optional<IrcConnection> operator(String channel) {
            for (IrcConnection c : connection == relay ? List.of(relay) : List.of(connection, relay)) {
                if (c.nick().filter(n -> tracker.isOp(channel, n)).isPresent()) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        /** The ban mask of {@code nick}, from its {@code user@host} and ours as {@code USERHOST} answers them. */
        private String mask(IrcConnection via, String nick) throws InterruptedException {
            Map<String, String> hosts = new HashMap<>();
            String self = via.nick().orElse("");
            try {
                for (IrcLine line : via.ask("USERHOST " + nick + " " + IrcText.word(self),
                        l -> l.command().equals("302"), l -> true, config.sendTimeout())) {
                    for (String reply : line.params().getLast().split(" ")) {
                        int eq = reply.indexOf('=');
                        if (eq > 0 && reply.length() > eq + 2) {
                            hosts.put(IrcNames.fold(reply.substring(0, eq).replace("*", "")), reply.substring(eq + 2));
                        }
                    }
                }
            } catch (IrcBridgeException e) {
                log.warn("no USERHOST answer for {}, so the ban is on the nick: {}", nick, e.getMessage());
            }
            Optional<String> ours = Optional.ofNullable(hosts.get(IrcNames.fold(self))).map(h -> h.substring(h.indexOf('@') + 1));
            return MatrixBans.mask(nick, Optional.ofNullable(hosts.get(IrcNames.fold(nick))),
                    host -> ours.filter(host::equalsIgnoreCase).isPresent());
        }

        /**
         * {@code +o} for power level 50 and up, {@code +v} for 1 to 49, neither below: only through a connection
         * that is a channel operator, and only for the modes that change.
         */
        @Override
        public void setPowerLevel(RemoteRoomId room, String matrixUser, int level) throws InterruptedException {
            if (connection == relay || PrivateChats.parse(room).isPresent()) {
                return;
            }
            String channel = IrcText.word(room.value());
            Optional<String> nick = puppets.connection(matrixUser).flatMap(IrcConnection::nick)
                    .or(() -> context.remoteUserOf(matrixUser).map(RemoteUserId::value));
            if (nick.isEmpty() || connection.nick().filter(n -> tracker.isOp(channel, n)).isEmpty()) {
                return;
            }
            Optional<ChannelRanks.Change> change = ChannelRanks.toward(nick.get(), tracker.level(channel, nick.get()),
                    level);
            if (change.isPresent()) {
                connection.sendIn(channel, "MODE " + channel + " " + change.get().modes() + " " + String.join(" ",
                        change.get().nicks().stream().map(IrcText::word).toList()), config.sendTimeout());
            }
        }

        @Override
        public String toString() {
            return "IRC client " + name;
        }
    }
}
