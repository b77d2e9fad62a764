package dev.mxbridge.telegram;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.command.Command;
import dev.mxbridge.core.command.Section;
import dev.mxbridge.core.network.LoginProcess;
import dev.mxbridge.core.network.Logins;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.NotBridgedException;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.network.UserLogin;
import dev.mxbridge.core.command.PermissionLevel;
import dev.mxbridge.core.web.WebResponse;
import dev.mxbridge.core.web.WebRoute;
import dev.mxbridge.core.web.WebRoutes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChat;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.objects.chat.ChatFullInfo;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The Telegram network for bridge-core: a relay bot on the Bot API. Remote rooms are Telegram chats by id
 * ({@code -1001234567890}); ghosts are Telegram users by id. Public groups and channels the bot is in get portals by
 * username ({@code #_telegram_<username>}); other groups are plumbed with link codes ({@link Linking}). Updates come by
 * long polling ({@link Poller}) or webhook ({@link WebhookEndpoint}, on the bridge's listener), both acknowledged only
 * once stored.
 *
 * <p>Give it the started {@link Bridge} with {@link #bind} (see {@link TelegramBridge}): outgoing files, notices and
 * Telegram-side unlinking go through it.
 */
public final class TelegramConnector implements NetworkConnector, Logins, WebRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramConnector.class);
    private final Map<String, String> env;
    private final Clock clock;
    private final MatrixSide matrix = new MatrixSide();
    private volatile TelegramConfig config;
    private volatile Telegram telegram;
    private volatile Linking linking;
    private volatile Relay relay;
    private volatile OutboundMedia outboundMedia;
    private volatile Business business;
    private volatile TelegramHtml html;
    private volatile Poller poller;
    private volatile WebhookEndpoint webhook;
    private final TypingKeeper typing = new TypingKeeper(TypingKeeper.INTERVAL);

    public TelegramConnector() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** With the environment the config's {@code *_env} keys name, and a clock for link codes. */
    public TelegramConnector(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @Override
    public NetworkInfo info() {
        return new NetworkInfo("telegram", "Telegram");
    }

    /** Hands over the started bridge; until then outgoing files and notices wait. */
    public void bind(Bridge bridge) {
        matrix.bind(bridge);
    }

    @Override
    public void start(NetworkContext context) throws Exception {
        matrix.started(context);
        config = TelegramConfig.parse(context.config(), env);
        BotApi api = new BotApi(config);
        TelegramMetrics metrics = new TelegramMetrics(context.metrics(),
                config.webhook().isPresent() ? "webhook" : "polling");
        ChatPacer pacer = new ChatPacer(config.sendInterval(), config.groupPerMinute());
        pacer.metered(metrics);
        telegram = new Telegram(api, pacer, context.store());
        Visibility visibility = new Visibility(api);
        linking = new Linking(config.linkCodeTtl(), clock, telegram, matrix, visibility);
        InboundMedia media = new InboundMedia(api, config.downloadLimit());
        Profiles profiles = new Profiles(api);
        business = new Business(telegram);
        Inbound inbound = new Inbound(telegram, linking, matrix, media, profiles, business);
        html = new TelegramHtml(user -> context.remoteUserOf(user).flatMap(TelegramConnector::telegramUser));
        outboundMedia = new OutboundMedia(telegram, matrix, context, config.uploadLimit());
        relay = new Relay(telegram, html, outboundMedia, matrix, config.relayFormat(), typing);
        business.start(context);
        linking.start(context);
        media.start(context);
        profiles.start(context);
        inbound.start(context);
        LOG.info("Telegram bot @{} ({})", api.me().getUserName(), api.me().getId());
        if (config.webhook().isPresent()) {
            WebhookEndpoint server = new WebhookEndpoint(config.webhook().get(), api, inbound, metrics);
            server.start();
            webhook = server;
        } else {
            poller = new Poller(api, inbound, context.store(), config.pollTimeout(), metrics);
            poller.start();
        }
    }

    /** The webhook, {@code /_mxbridge/telegram/webhook}: answered in webhook mode only (404 when polling). */
    @Override
    public List<WebRoute> routes() {
        return List.of(WebRoute.post(WebhookEndpoint.PATH, request -> Optional.ofNullable(webhook)
                        .map(w -> w.handle(request)).orElseGet(() -> WebResponse.empty(404)))
                .guardedBy(request -> Optional.ofNullable(webhook).map(w -> w.refuse(request)).orElse(Optional.of(WebResponse.empty(404))))
                .maxBody(WebhookEndpoint.MAX_BODY_BYTES));
    }

    private static Optional<Long> telegramUser(RemoteUserId user) {
        try {
            return Optional.of(Long.parseLong(user.value())).filter(id -> id > 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<LoginFlow> loginFlows() {
        return List.of(new LoginFlow("business", "Telegram Business",
                "Bridge the private chats of your Telegram Business account, as you."));
    }

    @Override
    public LoginProcess startLogin(String flowId, String matrixUser) {
        return business.startLogin(matrixUser);
    }

    @Override
    public NetworkClient connect(UserLogin login) {
        return new BusinessClient(telegram, html, relay, outboundMedia, business, matrix, login.matrixUser(),
                login.remoteUser(), typing);
    }

    @Override
    public void logout(UserLogin login) {
        business.logout(login);
    }

    @Override
    public Optional<RemoteRoomInfo> resolvePortal(String key) throws Exception {
        if (key.startsWith("b:")) {
            return business.resolve(key);
        }
        if (Linking.looksLikeCode(key)) {
            return linking.resolve(key);
        }
        Optional<String> username = config.portalAlias().username(key)
                .filter(name -> name.matches("[A-Za-z][A-Za-z0-9_]{3,31}"));
        if (username.isEmpty()) {
            return Optional.empty();
        }
        ChatFullInfo chat;
        try {
            chat = telegram.api().client().execute(GetChat.builder().chatId("@" + username.get()).build());
        } catch (TelegramApiException e) {
            LOG.info("no portal for @{}: {}", username.get(), BotApi.describe(e));
            return Optional.empty();
        }
        if (chat.getType().equals("private")) {
            return Optional.empty();
        }
        telegram.seen(chat); // the portal's alias comes from portalKey, which needs the username
        String status;
        try {
            status = telegram.api().client().execute(GetChatMember.builder().chatId(chat.getId().toString())
                    .userId(telegram.api().me().getId()).build()).getStatus();
        } catch (TelegramApiException e) {
            status = "left";
        }
        if (!List.of("creator", "administrator", "member").contains(status)) {
            throw new NotBridgedException("the bridge's bot is not a member of @" + username.get() + "; add it first");
        }
        return Optional.of(new RemoteRoomInfo(new RemoteRoomId(chat.getId().toString()), chat.getTitle(),
                Optional.ofNullable(chat.getDescription()), false, true, Optional.of("https://t.me/" + username.get()),
                Optional.empty()));
    }

    @Override
    public String portalKey(RemoteRoomId room) {
        return Business.isRoom(room) ? room.value()
                : telegram.username(room.value()).map(config.portalAlias()::key).orElse(room.value());
    }

    @Override
    public Optional<NetworkClient> relay() {
        return Optional.ofNullable(relay);
    }

    @Override
    public LinkDecision approveLink(RemoteRoomInfo remote, String matrixRoom, String requestedBy) throws Exception {
        return linking.approve(remote, matrixRoom);
    }

    @Override
    public void unlinked(RemoteRoomId remote, String matrixRoom) {
        linking.unlinked(remote);
    }

    @Override
    public List<Command> commands() {
        return List.of(Command.builder("link-code").description("Get a one-time code that links this room to a "
                        + "Telegram group: an administrator sends /link <code> in the group.")
                .section(Section.ROOMS).level(PermissionLevel.USER).handler(ctx -> linking.linkCode(ctx)).build());
    }

    @Override
    public void stop() {
        Optional.ofNullable(poller).ifPresent(Poller::stop);
        typing.close();
    }
}
