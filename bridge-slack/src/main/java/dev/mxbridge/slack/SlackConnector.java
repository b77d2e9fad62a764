package dev.mxbridge.slack;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.client.Media;
import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.command.Arg;
import dev.mxbridge.core.command.Command;
import dev.mxbridge.core.command.CommandContext;
import dev.mxbridge.core.command.CommandException;
import dev.mxbridge.core.command.PermissionLevel;
import dev.mxbridge.core.command.Section;
import dev.mxbridge.core.command.UsageException;
import dev.mxbridge.core.network.Backfill;
import dev.mxbridge.core.network.LoginProcess;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.Logins;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.UserLogin;
import dev.mxbridge.core.web.WebResponse;
import dev.mxbridge.core.web.WebRoute;
import dev.mxbridge.core.web.WebRoutes;
import java.util.ArrayList;
import java.util.List;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.NotBridgedException;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import io.micrometer.core.instrument.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack network: one Slack app (its bot) in one workspace. Channels the bot is in become portals at
 * {@code #_slack_<team>_<channel>} (the alias template), or are plumbed into existing rooms with {@code link};
 * Slack events arrive over Socket Mode or the Events API and are stored durably before Slack is told they arrived;
 * Matrix users are relayed by the bot, as virtual users under their own names by default.
 *
 * <p>Create it with the registration's alias prefix, the homeserver's domain and the bridge's admins, start the bridge
 * with it, then {@link #attach} the bridge (its bot and metrics); {@link SlackBridge#start} does all three.
 */
public final class SlackConnector implements NetworkConnector, NetworkConnector.Health, Logins, Backfill, WebRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SlackConnector.class);
    /** Where the core serves this network's {@link #routes()}: {@code /_mxbridge/<network id>}. */
    static final String WEB_PREFIX = "/_mxbridge/slack";

    private final String aliasPrefix;
    private final String domain;
    private final Map<String, String> env;
    private final Notices notices = new Notices();
    private final TokenWatch watch;
    private SlackSettings settings;
    private PortalNames names;
    private Directory directory;
    private BotRelay relay;
    private volatile OAuthLogins oauth;
    private SlackWeb web;
    private BotRelay.Shared shared;
    private History history;
    private DirectChats direct;
    private TeamSync teamSync;
    private NetworkContext context;
    private Optional<SocketModeLink> socket = Optional.empty();
    private volatile Optional<EventsEndpoint> events = Optional.empty();
    private volatile AvatarLinks avatars;

    /**
     * @param aliasPrefix the registration's alias prefix, e.g. {@code _slack_}
     * @param domain      the homeserver's domain, for room links in messages
     * @param env         where {@code *_env} secrets are read from (the process environment)
     * @param admins      the Matrix users told when the bot token stops working (the bridge's admins)
     */
    public SlackConnector(String aliasPrefix, String domain, Map<String, String> env, List<String> admins) {
        this.aliasPrefix = aliasPrefix;
        this.domain = domain;
        this.env = Map.copyOf(env);
        this.watch = new TokenWatch(notices, admins);
    }

    /**
     * What the started bridge gives the network: its bot (for notices about tokens, and team sync's portals) and its
     * metrics (the gauge {@code slack_bot_token_ok}: 0 while the bot token does not work).
     */
    public void attach(Bridge bridge) {
        notices.bot(bridge.matrix().bot());
        teamSync.start(bridge.matrix().bot().userId().value());
        Gauge.builder("slack_bot_token_ok", watch, w -> w.botProblem().isEmpty() ? 1 : 0)
                .description("1 while the Slack bot token works, 0 once Slack refused it").register(bridge.metrics());
    }

    /** Why the bot token does not work, if Slack refused it; the bridge then bridges nothing. */
    public Optional<String> botTokenProblem() {
        return watch.botProblem();
    }

    /** The bridge is not ready while Slack refuses the bot token ({@code /ready} says why). */
    @Override
    public Optional<String> problem() {
        return watch.botProblem().map(p -> "Slack refused the bot token: " + p);
    }


    @Override
    public NetworkInfo info() {
        return new NetworkInfo("slack", "Slack");
    }

    @Override
    public void start(NetworkContext context) throws Exception {
        settings = SlackSettings.parse(context.config(), env);
        names = new PortalNames(settings.aliasTemplate(), aliasPrefix);
        this.context = context;
        notices.start(context);
        web = new SlackWeb(settings, watch);
        directory = new Directory(web);
        directory.load();
        SlackFiles files = new SlackFiles(web, settings.maxFileSize());
        OwnUploads uploads = new OwnUploads();
        direct = new DirectChats(directory);
        teamSync = new TeamSync(settings.sync(), directory, web, context);
        CustomEmoji emoji = new CustomEmoji(web, files, context, settings.customEmojiImages());
        Inbound inbound = new Inbound(directory, context, files, names, aliasPrefix, domain, uploads,
                (bot, users) -> watch.revoked(bot, users.stream().flatMap(u -> direct.matrixUserOf(u).stream()).toList()),
                teamSync, emoji);
        Intake intake = new Intake(inbound, direct, new BotDm(web, directory, direct), this::bridgeable, context);
        history = new History(web, inbound, settings.backfill());
        MrkdwnWriter writer = new MrkdwnWriter(new MrkdwnWriter.Refs() {
            @Override
            public Optional<String> slackUser(String matrixUserId) {
                return context.remoteUserOf(matrixUserId).map(RemoteUserId::value);
            }

            @Override
            public Optional<String> slackChannel(String roomAliasOrId) {
                if (!roomAliasOrId.startsWith("#") || !roomAliasOrId.endsWith(":" + domain)) {
                    return Optional.empty();
                }
                String localpart = roomAliasOrId.substring(1, roomAliasOrId.lastIndexOf(':'));
                return localpart.startsWith(aliasPrefix)
                        ? names.channelName(localpart.substring(aliasPrefix.length()), directory.teamDomain())
                                .flatMap(directory::channelNamed).map(Directory.Channel::id)
                        : Optional.empty();
            }
        });
        SendQueues queues = new SendQueues(settings.queueLimit(), settings.maxRetryAfter());
        Function<MxcUri, Media> download = uri -> context.download(uri.toString());
        shared = new BotRelay.Shared(queues, writer, uploads, download, emoji);
        avatars = new AvatarLinks(settings.publicBaseUrl(), download);
        relay = settings.virtualUsers()
                ? new VirtualUserRelay(web, files, shared, directory.botUserId(), avatars)
                : new BotRelay(web, files, shared, directory.botUserId());
        oauth = new OAuthLogins(settings, web);
        if (settings.mode() == SlackSettings.Mode.EVENTS) {
            events = Optional.of(new EventsEndpoint(settings.signingSecret(), intake, Clock.systemUTC()));
        }
        if (settings.mode() == SlackSettings.Mode.SOCKET) {
            SocketModeLink link = new SocketModeLink(web, settings, intake, watch);
            link.start();
            socket = Optional.of(link);
        }
        LOG.info("Slack bridge started for workspace {} ({}) as bot {}, events over {}", directory.teamDomain(),
                directory.teamId(), directory.botUserId(), settings.mode() == SlackSettings.Mode.SOCKET ? "Socket Mode" : "the Events API");
    }

    /**
     * A portal's alias key ({@code <team>_<channel>} with the default template), or — for {@code link} — a channel
     * id ({@code C…}), {@code #name} or a remote room id ({@code T…/C…}). Only channels the bot is in.
     */
    @Override
    public Optional<RemoteRoomInfo> resolvePortal(String key) throws NotBridgedException {
        if (DirectChats.isKey(key)) {
            return direct.resolve(key);
        }
        Optional<Directory.Channel> channel;
        if (key.matches("[CG][A-Z0-9]{2,}")) {
            channel = directory.channel(key);
        } else if (key.matches("T[A-Z0-9]+/[CG][A-Z0-9]+")) {
            channel = key.startsWith(directory.teamId() + "/") ? directory.channel(key.substring(key.indexOf('/') + 1)) : Optional.empty();
        } else if (key.startsWith("#")) {
            channel = directory.channelNamed(key.substring(1));
        } else {
            channel = names.channelName(key, directory.teamDomain()).flatMap(directory::channelNamed);
        }
        Optional<Directory.Channel> member = channel.filter(Directory.Channel::member);
        if (member.isPresent() && !settings.sync().bridgeable(member.get().id(), member.get().name())) {
            throw new NotBridgedException("#" + member.get().name() + " is kept from bridging by the bridge's configuration (allow_channels, deny_channels)");
        }
        return member.map(this::info);
    }

    private RemoteRoomInfo info(Directory.Channel c) {
        Optional<String> topic = Optional.of(c.topic().isEmpty() ? c.purpose() : c.topic()).filter(t -> !t.isEmpty());
        return new RemoteRoomInfo(PortalNames.room(directory.teamId(), c.id()), "#" + c.name(), topic, c.isPrivate(),
                !c.isPrivate(), Optional.empty(), Optional.empty());
    }

    /** Whether a room's events are bridged: every DM, and the channels the allow and deny lists leave. */
    private boolean bridgeable(RemoteRoomId room) {
        return room.receiver().isPresent() || directory.channel(PortalNames.channelOf(room))
                .map(c -> settings.sync().bridgeable(c.id(), c.name())).orElse(true);
    }

    @Override
    public String portalKey(RemoteRoomId room) {
        if (room.receiver().isPresent()) {
            return DirectChats.key(room);
        }
        String channelId = PortalNames.channelOf(room);
        return directory.channel(channelId).map(c -> names.key(directory.teamDomain(), c.name())).orElse(channelId);
    }

    @Override
    public Optional<NetworkClient> relay() {
        return Optional.ofNullable(relay);
    }

    @Override
    public LinkDecision approveLink(RemoteRoomInfo remote, String matrixRoom, String requestedBy) {
        Optional<Directory.Channel> channel = directory.channel(PortalNames.channelOf(remote.id()));
        if (channel.isEmpty() || !channel.get().member()) {
            return new LinkDecision.Deny("the bridge's bot is not in that Slack channel; invite it there first");
        }
        if (channel.get().archived()) {
            return new LinkDecision.Deny("#" + channel.get().name() + " is archived on Slack");
        }
        return new LinkDecision.Allow();
    }

    @Override
    public List<RemoteEvent.Message> history(RemoteRoomId room) {
        if (room.receiver().isPresent()) {
            return direct.loginOf(room.receiver().get()).map(l -> history.recent(room, l.web())).orElse(List.of());
        }
        return history.recent(room);
    }

    @Override
    public List<LoginFlow> loginFlows() {
        return List.of(new LoginFlow("oauth", "Slack sign-in", "Sign in to Slack in your browser; your messages then come from your own Slack account."));
    }

    @Override
    public LoginProcess startLogin(String flowId, String matrixUser) {
        return oauth.start(matrixUser);
    }

    /** A logged-in user's own connection: their user token, checked with {@code auth.test}. */
    @Override
    public NetworkClient connect(UserLogin login) {
        watch.renewed(login.matrixUser());
        SlackWeb own = web.withToken(login.credentials().reveal(), login.matrixUser());
        String user = own.call("auth.test", c -> c.authTest(r -> r)).getUserId();
        direct.loggedIn(new DirectChats.Login(user, login.matrixUser(), own));
        return new BotRelay(own, new SlackFiles(own, settings.maxFileSize()), shared, user);
    }

    /** Revokes the user's token on Slack. */
    @Override
    public void logout(UserLogin login) {
        direct.loggedOut(login.remoteUser().value());
        SlackWeb own = web.withToken(login.credentials().reveal(), login.matrixUser());
        own.call("auth.revoke", c -> c.authRevoke(r -> r));
    }

    /**
     * The Events API request URL ({@code events}, in {@code mode: events}), virtual users' avatar links and the OAuth
     * login pages, on the bridge's listener under {@link #WEB_PREFIX}. Until the network has started they answer 503.
     */
    @Override
    public List<WebRoute> routes() {
        return List.of(
                WebRoute.post("events", r -> events.map(e -> e.handle(r)).orElseGet(this::noEvents))
                        .guardedBy(r -> events.isPresent() ? events.get().refuse(r) : Optional.of(noEvents()))
                        .maxBody(EventsEndpoint.MAX_BODY_BYTES),
                WebRoute.get(AvatarLinks.ROUTE, r -> started() ? avatars.serve(r) : WebResponse.empty(503)),
                WebRoute.get("login/{state}", r -> started() ? oauth.loginPage(r) : WebResponse.empty(503)),
                WebRoute.get("oauth/callback", r -> started() ? oauth.callback(r) : WebResponse.empty(503)));
    }

    /** The Events API when events come over Socket Mode (404), or before the network has started (503). */
    private WebResponse noEvents() {
        return WebResponse.empty(started() ? 404 : 503);
    }

    private boolean started() {
        return avatars != null && oauth != null;
    }

    @Override
    public List<Command> commands() {
        return List.of(Command.builder("dm").args(Arg.rest("people")).section(Section.ACCOUNT).level(PermissionLevel.USER)
                .description("Open your Slack DM with someone (a group DM with several): Slack user ids, @handles or "
                        + "their Matrix ghosts. You are invited to its room.").handler(this::openDm).build());
    }

    private void openDm(CommandContext ctx) throws Exception {
        String user = ctx.sender().value();
        DirectChats.Login login = direct.loginOf(user).orElseThrow(() ->
                new CommandException("DMs are your own: log in to Slack first (login)."));
        List<String> others = new ArrayList<>();
        for (String who : ctx.args().get("people").trim().split("[\\s,]+")) {
            others.add(slackUser(who).orElseThrow(() -> new CommandException("There is no Slack user " + who + ".")));
        }
        others.remove(login.slackUser());
        if (others.isEmpty()) {
            throw new UsageException("Name someone other than yourself.");
        }
        String room = context.openPortal(direct.open(login, others), user);
        ctx.reply("Your Slack DM is the room " + room + "; you are invited to it.");
    }

    /** A Slack user id, a Matrix ghost of one, or an {@code @handle}, as the Slack user id. */
    private Optional<String> slackUser(String who) {
        if (who.matches("[UW][A-Z0-9]{2,}")) {
            return Optional.of(who);
        }
        if (who.startsWith("@") && who.contains(":")) {
            return context.remoteUserOf(who).map(RemoteUserId::value);
        }
        return directory.userNamed(who.replaceFirst("^@", ""));
    }

    @Override
    public void stop() {
        socket.ifPresent(SocketModeLink::close);
    }
}
