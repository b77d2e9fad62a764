package dev.mxbridge.testkit.slack;

import dev.mxbridge.testkit.TestPorts;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.ObjLongConsumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * A fake Slack on a loopback port that speaks Slack's wire protocol - the Web API, Socket Mode, the Events API, OAuth
 * v2 and file uploads and downloads - to one installed app, and lets a test act as the people in the workspace and
 * read what happened. Point the real Slack SDK at it with {@code SlackConfig.setMethodsEndpointUrlPrefix(methodsUrl())}.
 *
 * <pre>{@code
 * @RegisterExtension static FakeSlack slack = FakeSlack.create();
 * SlackUser alice = slack.addUser("alice");
 * SlackChannel general = slack.addChannel("general", alice, slack.botUser());
 * slack.post(alice, general, "hello");          // the app receives a message event
 * }</pre>
 *
 * As a static field it starts before the class's tests and stops after them; as an instance field, around each test;
 * elsewhere {@link #start()} and {@link #close()}. The workspace lives as long as the fake: tests sharing one should use
 * their own channels. Everything here is thread-safe; see {@link Workspace} for the one lock behind it.
 */
public final class FakeSlack implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AutoCloseable {
    /** The bot scopes of the default bot token: what a bridge asks for, except {@code chat:write.public}. */
    public static final List<String> DEFAULT_BOT_SCOPES = List.of("channels:history", "channels:join", "channels:read",
            "chat:write", "chat:write.customize", "emoji:read", "files:read", "files:write", "groups:history",
            "groups:read", "im:history", "im:read", "im:write", "mpim:history", "mpim:read", "mpim:write",
            "reactions:read", "reactions:write", "team:read", "users:read");
    /** The handle of the app's bot user. */
    public static final String BOT_NAME = "mxbridge";
    private static final byte[] AVATAR = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private final int port;
    private final String baseUrl;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService sender;
    private final SlackApp app;
    private final Tokens tokens;
    private final Workspace workspace;
    private final EventHub hub;
    private final FakeSocketMode socketMode;
    private final FakeEventsApi eventsApi;
    private final FakeOAuth oauth;
    private final Limits limits = new Limits();
    private final WebApi webApi;
    private final FileMethods files;
    private final People people;
    private final String botToken;
    private final String appToken;
    private Optional<Javalin> server = Optional.empty();
    private Optional<String> ownerContext = Optional.empty();
    private boolean closed;

    private FakeSlack() {
        port = TestPorts.free();
        baseUrl = "http://127.0.0.1:" + port + "/";
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("fake-slack-timer").factory());
        sender = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("fake-slack-events-api").factory());
        Ids ids = new Ids();
        String teamId = ids.next("T");
        app = new SlackApp(ids.next("A"), digits() + "." + digits(), secret(), secret(), secret().substring(0, 24),
                ids.next("U"), ids.next("B"));
        tokens = new Tokens(teamId);
        socketMode = new FakeSocketMode(scheduler, app.appId());
        eventsApi = new FakeEventsApi(app, scheduler, sender);
        hub = new EventHub(app, teamId, ids, socketMode, eventsApi);
        workspace = new Workspace(teamId, ids, new Render(baseUrl, teamId, app), app, tokens, hub);
        workspace.addUser(app.botUserId(), BOT_NAME, BOT_NAME, "", true);
        people = new People(workspace);
        oauth = new FakeOAuth(workspace, tokens);
        webApi = new WebApi(workspace, tokens, limits);
        files = new FileMethods(workspace, tokens);
        new TeamMethods(tokens, socketMode, "ws://127.0.0.1:" + port + "/").register(webApi);
        new ConversationMethods(limits).register(webApi);
        new ChatMethods(limits).register(webApi);
        files.register(webApi);
        oauth.register(webApi);
        botToken = tokens.issue(TokenType.BOT, app.botUserId(), Set.copyOf(DEFAULT_BOT_SCOPES)).value();
        appToken = tokens.issue(TokenType.APP, app.botUserId(), Set.of("connections:write")).value();
    }

    /** A fake Slack with one workspace, one app installed in it, and the app's bot user; not started yet. */
    public static FakeSlack create() {
        return new FakeSlack();
    }

    // ---- life cycle

    /** Starts serving; does nothing if it serves already. */
    public synchronized FakeSlack start() {
        if (closed) {
            throw new IllegalStateException("this fake Slack was closed; create another");
        }
        if (server.isEmpty()) {
            server = Optional.of(Server.start(port, webApi, socketMode, oauth, files, AVATAR));
        }
        return this;
    }

    /** Stops serving and stops delivering events; a closed fake cannot start again. */
    @Override
    public synchronized void close() {
        closed = true;
        server.ifPresent(Javalin::stop);
        server = Optional.empty();
        scheduler.shutdownNow();
        sender.shutdownNow();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (this) {
            if (ownerContext.isPresent()) {
                return; // a @Nested class shares its enclosing class's fake
            }
            ownerContext = Optional.of(context.getUniqueId());
        }
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ownerContext.filter(context.getUniqueId()::equals).isPresent()) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        synchronized (this) {
            if (ownerContext.isPresent()) {
                return;
            }
            ownerContext = Optional.of(context.getUniqueId());
        }
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        afterAll(context);
    }

    // ---- addresses and credentials

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The Web API prefix, {@code http://127.0.0.1:PORT/api/}, for {@code SlackConfig.setMethodsEndpointUrlPrefix}. */
    public String methodsUrl() {
        return baseUrl + "api/";
    }

    /** The OAuth v2 authorize page, for a bridge's {@code https://slack.com/oauth/v2/authorize}. */
    public String authorizeUrl() {
        return baseUrl + "oauth/v2/authorize";
    }

    public SlackApp app() {
        return app;
    }

    public String teamId() {
        return workspace.teamId;
    }

    /** The installed app's bot token, with {@link #DEFAULT_BOT_SCOPES}. */
    public String botToken() {
        return botToken;
    }

    /** The app-level token, with {@code connections:write}, for Socket Mode. */
    public String appToken() {
        return appToken;
    }

    /** A further bot token with exactly these scopes. */
    public String issueBotToken(String... scopes) {
        return tokens.issue(TokenType.BOT, app.botUserId(), Set.of(scopes)).value();
    }

    /** A further app-level token with exactly these scopes (the default one has {@code connections:write}). */
    public String issueAppToken(String... scopes) {
        return tokens.issue(TokenType.APP, app.botUserId(), Set.of(scopes)).value();
    }

    /** A user token for {@code user} with these scopes, as OAuth would grant it; events of their conversations now reach the app. */
    public String issueUserToken(SlackUser user, String... scopes) {
        return tokens.issue(TokenType.USER, user.id(), Set.of(scopes)).value();
    }

    /** The user tokens of {@code user} that still work, e.g. the one OAuth granted to a bridge's login. */
    public List<String> userTokens(SlackUser user) {
        return tokens.liveUserTokens(user.id());
    }

    /** Revokes the token, as an admin or the user would; the app receives {@code tokens_revoked}. */
    public void revoke(String token) {
        synchronized (workspace) {
            tokens.revoke(token).ifPresent(workspace::tokensRevoked);
        }
    }

    // ---- controls

    public FakeSocketMode socketMode() {
        return socketMode;
    }

    public FakeEventsApi eventsApi() {
        return eventsApi;
    }

    public FakeOAuth oauth() {
        return oauth;
    }

    /** The least time between two {@code chat.postMessage} calls to one channel; {@link Duration#ZERO} turns pacing off. */
    public FakeSlack postMessageInterval(Duration interval) {
        limits.postMessageInterval(interval);
        return this;
    }

    /** Makes the next {@code times} calls of {@code method} answer HTTP 429 with {@code Retry-After: retryAfterSeconds}. */
    public FakeSlack failNext(String method, int times, int retryAfterSeconds) {
        limits.failNext(method, times, retryAfterSeconds);
        return this;
    }

    /** Caps {@code conversations.history} pages, e.g. at 15 as Slack does for apps outside the Marketplace. */
    public FakeSlack historyPageCap(int messages) {
        limits.historyPageCap(messages);
        return this;
    }

    /**
     * Calls {@code listener} with every Web API call once it is answered, and the {@link System#nanoTime} at which
     * its request arrived: for a benchmark timing what reaches the fake without polling {@link #calls()}.
     */
    public FakeSlack onCall(ObjLongConsumer<ApiCall> listener) {
        webApi.listen(listener);
        return this;
    }

    // ---- readers

    /** Every Web API call answered, in order. */
    public List<ApiCall> calls() {
        return webApi.calls();
    }

    /** The Web API calls of one method, in order. */
    public List<ApiCall> calls(String method) {
        return webApi.calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Every {@code event_callback} payload published to the app, in order, however it was delivered. */
    public List<JsonNode> events() {
        return hub.published();
    }

    /** Every {@code event_callback} payload whose {@code event.type} (and {@code subtype}, if given as {@code type/subtype}) matches. */
    public List<JsonNode> events(String type) {
        return hub.published().stream().filter(p -> {
            JsonNode event = p.path("event");
            String kind = event.path("type").asString() + (event.has("subtype") ? "/" + event.path("subtype").asString() : "");
            return kind.equals(type) || event.path("type").asString().equals(type);
        }).toList();
    }

    // ---- the people of the workspace: each action sends the app the events Slack would

    /** The app's bot user. */
    public SlackUser botUser() {
        return people.user(app.botUserId());
    }

    /** A person named {@code name} (the handle), with the capitalised name as real name. */
    public SlackUser addUser(String name) {
        return people.addUser(name, name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1));
    }

    public SlackUser addUser(String name, String realName) {
        return people.addUser(name, realName);
    }

    /** Changes a person's names and avatar ({@code user_change}). */
    public SlackUser changeUser(SlackUser user, String realName, String displayName, String avatarUrl) {
        return people.changeUser(user, realName, displayName, avatarUrl);
    }

    /** A public channel with these members, added without join events (the first member created it). */
    public SlackChannel addChannel(String name, SlackUser... members) {
        return people.addChannel(SlackChannel.Kind.PUBLIC, name, members);
    }

    /** A public channel that {@code creator} makes now, as its one member: the app receives {@code channel_created}. */
    public SlackChannel createChannel(SlackUser creator, String name) {
        return people.createChannel(creator, name);
    }

    public SlackChannel addPrivateChannel(String name, SlackUser... members) {
        return people.addChannel(SlackChannel.Kind.PRIVATE, name, members);
    }

    /** The DM between two people, or a group DM between more; opened if need be. */
    public SlackChannel dm(SlackUser... members) {
        return people.direct(members);
    }

    /** {@code member_joined_channel} and a {@code channel_join} message. */
    public void join(SlackUser user, SlackChannel channel) {
        people.join(user, channel);
    }

    /** {@code channel_rename} (or {@code group_rename}) and a {@code channel_name} message. */
    public void rename(SlackUser user, SlackChannel channel, String name) {
        people.rename(user, channel, name);
    }

    /** A {@code channel_topic} message. */
    public void setTopic(SlackUser user, SlackChannel channel, String topic) {
        people.setTopic(user, channel, topic);
    }

    /** A {@code channel_purpose} message. */
    public void setPurpose(SlackUser user, SlackChannel channel, String purpose) {
        people.setPurpose(user, channel, purpose);
    }

    /** A {@code channel_archive} message and event. */
    public void archive(SlackUser user, SlackChannel channel) {
        people.archive(user, channel);
    }

    /** A message from a member of the channel. */
    public SlackMessage post(SlackUser user, SlackChannel channel, String text) {
        return people.post(user, channel.id(), text, Optional.empty(), Optional.empty(), false);
    }

    /** A message with Block Kit blocks (a JSON array) and their fallback text. */
    public SlackMessage post(SlackUser user, SlackChannel channel, String text, String blocksJson) {
        return people.post(user, channel.id(), text, Optional.of(blocksJson), Optional.empty(), false);
    }

    /** A reply in the thread of {@code parent}. */
    public SlackMessage reply(SlackUser user, SlackMessage parent, String text) {
        return people.post(user, parent.channel(), text, Optional.empty(), Optional.of(threadOf(parent)), false);
    }

    /** A reply that is also sent to the channel ({@code thread_broadcast}). */
    public SlackMessage replyAndBroadcast(SlackUser user, SlackMessage parent, String text) {
        return people.post(user, parent.channel(), text, Optional.empty(), Optional.of(threadOf(parent)), true);
    }

    /** {@code message_changed}. */
    public SlackMessage edit(SlackUser user, SlackMessage message, String text) {
        return people.edit(user, message, text);
    }

    /** {@code message_deleted}. */
    public void delete(SlackMessage message) {
        people.delete(message);
    }

    /** {@code reaction_added}; {@code name} without colons, e.g. {@code thumbsup}. */
    public void react(SlackUser user, SlackMessage message, String name) {
        people.react(user, message, name, true);
    }

    /** {@code reaction_removed}. */
    public void unreact(SlackUser user, SlackMessage message, String name) {
        people.react(user, message, name, false);
    }

    /** Uploads a file and shares it in the channel: a {@code file_share} message with the comment as its text. */
    public SlackFile shareFile(SlackUser user, SlackChannel channel, String filename, byte[] content, String comment) {
        return people.shareFile(user, channel, filename, content, comment);
    }

    /** A custom emoji, listed by {@code emoji.list}; {@code url} may be {@code alias:other}. Sends {@code emoji_changed}. */
    public void addEmoji(String name, String url) {
        people.addEmoji(name, url);
    }

    // ---- what the workspace holds now

    public SlackChannel channel(String id) {
        return people.channel(id);
    }

    public List<SlackChannel> channels() {
        return people.channels();
    }

    /** Every message of the conversation, thread replies and join/topic notes included, oldest first. */
    public List<SlackMessage> messages(SlackChannel channel) {
        return people.messages(channel.id());
    }

    public Optional<SlackMessage> message(String channel, String ts) {
        return people.message(channel, ts);
    }

    public SlackUser user(String id) {
        return people.user(id);
    }

    public List<SlackUser> users() {
        return people.users();
    }

    public SlackFile file(String id) {
        return people.file(id);
    }

    public byte[] fileContent(String id) {
        return people.fileContent(id);
    }

    private static String threadOf(SlackMessage parent) {
        return parent.threadTs().orElse(parent.ts());
    }

    private static String digits() {
        return Long.toString(1_000_000_000L + new SecureRandom().nextLong(9_000_000_000L));
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
