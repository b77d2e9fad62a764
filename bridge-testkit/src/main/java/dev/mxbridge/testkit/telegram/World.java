package dev.mxbridge.testkit.telegram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * All of the fake Telegram's state: accounts, chats, messages, files, business connections, recorded calls.
 *
 * <p>Threading: one lock guards everything here and in the state classes it holds. HTTP handlers, webhook senders
 * and test threads take it for each step and never do I/O while holding it. Every change signals one condition,
 * on which long polls, webhook senders and the test side's {@code await...} methods wait.
 */
final class World {
    final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    final FileStore files = new FileStore();
    final RateLimiter rateLimiter;
    final long uploadLimit;
    final long downloadLimit;
    final Duration webhookFirstRetry;
    final Duration webhookMaxRetry;

    final Map<Long, UserState> users = new HashMap<>();
    final Map<String, BotState> botsByToken = new HashMap<>();
    final Map<Long, BotState> bots = new HashMap<>();
    /** Groups, supergroups and channels. */
    final Map<Long, ChatState> chats = new LinkedHashMap<>();
    /** Each bot's private chats, by user id. */
    final Map<Long, Map<Long, ChatState>> privateChats = new HashMap<>();
    final Map<String, BusinessState> business = new LinkedHashMap<>();
    final List<RecordedCall> calls = new ArrayList<>();
    /** Told of each call once it is answered and recorded, outside the lock (see {@link FakeTelegram#onCall}). */
    volatile java.util.function.Consumer<RecordedCall> onCall = call -> { };
    /** Answers queued by the test for the next calls of a method (lower case). */
    final Map<String, Deque<ApiError>> forcedErrors = new HashMap<>();

    private Duration clockOffset = Duration.ZERO;
    private long nextUserId = 7_000_000_001L;     // above 2^32, as real ids are: catches int truncation
    private long nextBotId = 8_000_000_001L;
    private long nextGroupId = -4_000_000_001L;
    private long nextChannelId = -1_002_000_000_001L;
    private boolean closed;

    World(RateLimits rateLimits, long uploadLimit, long downloadLimit, Duration webhookFirstRetry,
          Duration webhookMaxRetry) {
        this.rateLimiter = new RateLimiter(rateLimits);
        this.uploadLimit = uploadLimit;
        this.downloadLimit = downloadLimit;
        this.webhookFirstRetry = webhookFirstRetry;
        this.webhookMaxRetry = webhookMaxRetry;
    }

    /** Runs {@code action} under the lock and wakes every waiter afterwards. */
    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            changed.signalAll();
            lock.unlock();
        }
    }

    void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Waits under the lock until {@code probe} finds something or {@code timeout} passes. Called with the lock held
     * or not; returns with the lock in the same state.
     */
    <T> Optional<T> awaitLocked(Duration timeout, Supplier<Optional<T>> probe) {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (true) {
                Optional<T> found = probe.get();
                if (found.isPresent() || left <= 0 || closed) {
                    return found;
                }
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter; for code that holds the lock itself rather than through {@link #locked}. */
    void signalAll() {
        changed.signalAll();
    }

    /** Waits (holding the lock) until woken or {@code nanos} pass; for loops that re-check their own condition. */
    void awaitChange(long nanos) throws InterruptedException {
        changed.await(nanos, TimeUnit.NANOSECONDS);
    }

    void close() {
        locked(() -> closed = true);
    }

    boolean closed() {
        return closed;
    }

    Instant now() {
        return Instant.now().plus(clockOffset);
    }

    long nowSeconds() {
        return now().getEpochSecond();
    }

    void advanceClock(Duration by) {
        locked(() -> clockOffset = clockOffset.plus(by));
    }

    long takeUserId() {
        return nextUserId++;
    }

    long takeBotId() {
        return nextBotId++;
    }

    long takeGroupId() {
        return nextGroupId--;
    }

    long takeChannelId() {
        return nextChannelId--;
    }

    UserState user(long id) {
        UserState user = users.get(id);
        if (user == null) {
            throw new IllegalStateException("no user " + id);
        }
        return user;
    }

    BotState bot(long id) {
        BotState bot = bots.get(id);
        if (bot == null) {
            throw new IllegalStateException("no bot " + id);
        }
        return bot;
    }

    /** The bot's private chat with the user, created (not yet started) if new. */
    ChatState privateChat(long botId, long userId) {
        return privateChats.computeIfAbsent(botId, b -> new HashMap<>())
                .computeIfAbsent(userId, u -> new ChatState(u, ChatType.PRIVATE, u, botId, ""));
    }

    /** A chat by username (without the @), case-insensitively, among groups, supergroups and channels. */
    Optional<ChatState> chatByUsername(String username) {
        String wanted = username.toLowerCase(Locale.ROOT);
        return chats.values().stream().filter(c -> c.username.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    Optional<ApiError> forcedError(String method) {
        Deque<ApiError> queue = forcedErrors.get(method.toLowerCase(Locale.ROOT));
        return queue == null ? Optional.empty() : Optional.ofNullable(queue.pollFirst());
    }

    void forceErrors(String method, int times, ApiError error) {
        Deque<ApiError> queue = forcedErrors.computeIfAbsent(method.toLowerCase(Locale.ROOT), m -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.addLast(error);
        }
    }
}
