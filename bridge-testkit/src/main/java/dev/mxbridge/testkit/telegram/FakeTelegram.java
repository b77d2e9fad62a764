package dev.mxbridge.testkit.telegram;

import dev.mxbridge.testkit.TestKitException;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake Telegram Bot API on 127.0.0.1 that speaks the real wire protocol, for testing bridges through a real client
 * library. As a JUnit 5 extension:
 * <pre>{@code
 * @RegisterExtension
 * static FakeTelegram telegram = FakeTelegram.create();
 *
 * @Test
 * void relays() {
 *     FakeBot bot = telegram.newBot("relay_bot").canReadAllGroupMessages(true).create();
 *     FakeUser alice = telegram.newUser("Alice").username("alice").create();
 *     FakeChat group = telegram.newGroup("Team").members(alice).bots(bot).create();
 *     group.from(alice).text("hello");                  // the bot gets a "message" update
 *     // ... the bridge under test, pointed at telegram.baseUrl() with bot.token(), sends a reply ...
 *     group.awaitMessage(m -> m.text().equals(Optional.of("hi")), Duration.ofSeconds(5));
 * }
 * }</pre>
 * A static field gets one server for the class; an instance field one per test. Outside JUnit call {@link #start()}
 * and {@link #close()}. See the package documentation for what is modelled and what is not.
 */
public final class FakeTelegram implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final World world;
    final Render render;
    final TestActions actions;
    private final WebhookSender webhooks;
    private final Map<String, ApiMethod> methods = new HashMap<>();
    private volatile Optional<ApiServer> server = Optional.empty();
    private Optional<String> ownerContext = Optional.empty();
    private boolean startedForEach;

    private FakeTelegram(Builder builder) {
        world = new World(builder.rateLimits, builder.uploadLimit, builder.downloadLimit, builder.webhookFirstRetry,
                builder.webhookMaxRetry);
        render = new Render(world);
        Delivery delivery = new Delivery(world, render);
        Formatting formatting = new Formatting(world, render);
        ChatAccess access = new ChatAccess(world);
        actions = new TestActions(world, render, delivery, formatting);
        webhooks = new WebhookSender(world);
        new BotMethods(world, render, webhooks).register(methods);
        new SendMethods(world, render, formatting, new Outbox(world, access), access).register(methods);
        new EditMethods(world, render, formatting, access, actions).register(methods);
        new ChatMethods(world, render, access, actions).register(methods);
    }

    /** Telegram's flood limits, 50 MB uploads and 20 MB downloads. */
    public static FakeTelegram create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link FakeTelegram}. */
    public static final class Builder {
        private RateLimits rateLimits = RateLimits.telegram();
        private long uploadLimit = 50L * 1024 * 1024;
        private long downloadLimit = 20L * 1024 * 1024;
        private Duration webhookFirstRetry = Duration.ofMillis(100);
        private Duration webhookMaxRetry = Duration.ofSeconds(2);

        private Builder() {
        }

        public Builder rateLimits(RateLimits limits) {
            rateLimits = limits;
            return this;
        }

        /** The largest request body, answered beyond with 413 (Telegram: 50 MB). */
        public Builder uploadLimit(long bytes) {
            uploadLimit = bytes;
            return this;
        }

        /** The largest file {@code getFile} hands out, answered beyond with "file is too big" (Telegram: 20 MB). */
        public Builder downloadLimit(long bytes) {
            downloadLimit = bytes;
            return this;
        }

        /** The webhook's retry delays: the first, doubling up to the last (Telegram's are seconds, growing). */
        public Builder webhookRetry(Duration first, Duration max) {
            webhookFirstRetry = first;
            webhookMaxRetry = max;
            return this;
        }

        public FakeTelegram build() {
            return new FakeTelegram(this);
        }
    }

    /** Starts the server on a free port of 127.0.0.1; does nothing if started. Returns this. */
    public synchronized FakeTelegram start() {
        if (server.isEmpty()) {
            if (world.closed()) {
                throw new IllegalStateException("a closed FakeTelegram cannot start again");
            }
            try {
                ApiServer api = new ApiServer(world, Map.copyOf(methods));
                api.start();
                server = Optional.of(api);
            } catch (IOException e) {
                throw new TestKitException("fake Telegram could not listen on 127.0.0.1", e);
            }
        }
        return this;
    }

    /** Stops the server, ends long polls and webhook deliveries. The state stays readable. */
    @Override
    public synchronized void close() {
        world.close();
        server.ifPresent(ApiServer::stop);
        webhooks.close();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownerContext.isEmpty()) {
            ownerContext = Optional.of(context.getUniqueId()); // @Nested classes share the enclosing class's server
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ownerContext.filter(context.getUniqueId()::equals).isPresent()) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server.isEmpty()) {
            startedForEach = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (startedForEach) {
            close();
        }
    }

    /** Where clients reach the API, e.g. {@code http://127.0.0.1:41234}: methods are under {@code /bot<token>/}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.orElseThrow(() -> new IllegalStateException("the fake Telegram is not started")).port();
    }

    /** The download URL of a {@code getFile} result's {@code file_path}, on this fake's file host. */
    public URI fileUrl(FakeBot bot, String filePath) {
        return URI.create(baseUrl() + "/file/bot" + bot.token() + "/" + filePath);
    }

    /** Starts describing a bot; Telegram wants its username to end in "bot". */
    public FakeBot.Builder newBot(String username) {
        return new FakeBot.Builder(this, username);
    }

    public FakeUser.Builder newUser(String firstName) {
        return new FakeUser.Builder(this, firstName);
    }

    public FakeChat.Builder newGroup(String title) {
        return new FakeChat.Builder(this, ChatType.GROUP, title);
    }

    public FakeChat.Builder newSupergroup(String title) {
        return new FakeChat.Builder(this, ChatType.SUPERGROUP, title);
    }

    public FakeChat.Builder newChannel(String title) {
        return new FakeChat.Builder(this, ChatType.CHANNEL, title);
    }

    /** A Telegram Business account connects the bot with {@code can_reply}: the bot gets a business_connection. */
    public FakeBusinessConnection connectBusiness(FakeUser owner, FakeBot bot) {
        return connectBusiness(owner, bot, true);
    }

    /**
     * @throws IllegalStateException if the bot's business mode is off or the owner has no Premium, as Telegram
     *                               requires both
     */
    public FakeBusinessConnection connectBusiness(FakeUser owner, FakeBot bot, boolean canReply) {
        String id = randomId(12);
        world.locked(() -> {
            BotState botState = world.bot(bot.id());
            UserState user = world.user(owner.id());
            if (!botState.canConnectToBusiness) {
                throw new IllegalStateException("bot " + bot.username() + " has business mode off");
            }
            if (!user.premium) {
                throw new IllegalStateException("Telegram Business needs Premium; user " + owner.id() + " has none");
            }
            actions.connect(new BusinessState(id, bot.id(), owner.id(), world.nowSeconds(), canReply));
        });
        return new FakeBusinessConnection(this, id, owner, bot);
    }

    /** The fake's clock: real time plus whatever {@link #advanceClock} added. Message dates follow it. */
    public Instant now() {
        return world.locked(world::now);
    }

    /** Moves the clock on, e.g. past Telegram's 48-hour limit for deleting a message. */
    public void advanceClock(Duration by) {
        world.advanceClock(by);
    }

    /** Replaces the flood limits (and forgets what was counted so far). */
    public void rateLimits(RateLimits limits) {
        world.locked(() -> world.rateLimiter.limits(limits));
    }

    /** Every call so far, in the order they were answered. */
    public List<RecordedCall> calls() {
        return world.locked(() -> List.copyOf(world.calls));
    }

    /**
     * Tells {@code listener} of every call from now on, on the thread that answered it, once it is recorded (before
     * the answer is written): e.g. a benchmark timing when a bridge's {@code sendMessage} reached Telegram.
     */
    public void onCall(Consumer<RecordedCall> listener) {
        world.onCall = listener;
    }

    /** The calls of one method (matched case-insensitively, as Telegram matches methods). */
    public List<RecordedCall> calls(String method) {
        return world.locked(() -> world.calls.stream().filter(c -> c.method().equalsIgnoreCase(method)).toList());
    }

    /**
     * Waits until at least {@code count} calls of the method were answered and returns them all.
     *
     * @throws AssertionError on timeout, naming what was awaited and what arrived
     */
    public List<RecordedCall> awaitCalls(String method, int count, Duration timeout) {
        return world.awaitLocked(timeout, () -> {
            List<RecordedCall> found = world.calls.stream().filter(c -> c.method().equalsIgnoreCase(method)).toList();
            return found.size() >= count ? Optional.of(found) : Optional.empty();
        }).orElseThrow(() -> new AssertionError("timed out after " + timeout + " waiting for " + count + " "
                + method + " calls; got " + calls(method).size()));
    }

    /** The next {@code times} calls of the method answer 429 "Too Many Requests: retry after N". */
    public void throttleNext(String method, int times, int retryAfterSeconds) {
        world.locked(() -> world.forceErrors(method, times, ApiError.tooManyRequests(retryAfterSeconds)));
    }

    /** The next {@code times} calls of the method answer this error, e.g. (500, "Internal Server Error"). */
    public void failNext(String method, int times, int errorCode, String description) {
        world.locked(() -> world.forceErrors(method, times, new ApiError(errorCode, description, Map.of())));
    }

    static String randomId(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
