package dev.mxbridge.irc;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the IRC server kept up for as long as it is wanted: the bridge bot or one Matrix user's puppet.
 * Connects on its own virtual thread (paced with the other connections of the server), takes the nick with {@code _}
 * appended while it is taken, joins its channels again after every reconnect and reconnects with exponential
 * back-off. {@link #send} waits, up to a limit, until the connection is in the channel.
 */
final class IrcConnection {
    private static final Logger log = LoggerFactory.getLogger(IrcConnection.class);
    private static final int NICK_ATTEMPTS = 5;
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

    /** What a connection tells its owner about nicks it takes or gives up, so their lines are known as our own. */
    interface Nicks {
        void taken(String nick);

        void released(String nick);
    }

    private final String baseNick;
    private final int maxNickLength;
    private final Function<String, SafeBot> factory;
    private final Pacer pacer;
    private final Nicks nicks;
    private final Consumer<String> lines;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Set<String> joined = new LinkedHashSet<>();
    private volatile SafeBot bot;
    private volatile boolean running = true;
    private volatile boolean connected;
    private Thread thread;

    /**
     * @param factory creates an unstarted bot for a nick
     * @param lines   sees every line the server sends this connection
     */
    IrcConnection(String baseNick, int maxNickLength, Function<String, SafeBot> factory, Pacer pacer, Nicks nicks,
                  Consumer<String> lines) {
        this.baseNick = baseNick;
        this.maxNickLength = maxNickLength;
        this.factory = factory;
        this.pacer = pacer;
        this.nicks = nicks;
        this.lines = lines;
    }

    void start() {
        thread = Thread.ofVirtual().name("irc-connection-" + baseNick).start(this::run);
    }

    /** The nick the server knows this connection by, once registered. */
    Optional<String> nick() {
        SafeBot b = bot;
        return connected && b != null ? Optional.of(b.getNick()) : Optional.empty();
    }

    /** Joins the channel now if connected, and after every reconnect. */
    void join(String channel) {
        lock.lock();
        try {
            if (wanted.add(channel) && connected) {
                bot.sendRaw().rawLine("JOIN " + IrcText.word(channel));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Leaves the channel; returns whether any channel is still wanted. */
    boolean part(String channel, String reason) {
        lock.lock();
        try {
            if (wanted.remove(channel) && connected) {
                bot.sendRaw().rawLine("PART " + IrcText.word(channel) + " :" + IrcText.clean(reason));
            }
            joined.remove(channel);
            return !wanted.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    boolean wants(String channel) {
        lock.lock();
        try {
            return wanted.contains(channel);
        } finally {
            lock.unlock();
        }
    }

    /** Sends a raw line if connected (the caller has cleaned every value in it). */
    void raw(String line) {
        SafeBot b = bot;
        if (connected && b != null) {
            b.sendRaw().rawLine(line);
        }
    }

    /**
     * Sends text to a channel once this connection is in it, split to fit; fails if it is not in the channel within
     * the timeout (the core retries the message, then reports the failure in the room).
     */
    List<String> send(IrcLines.Kind kind, String channel, String text, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            awaitIn(channel, timeout);
            return bot.sendMessage(kind, channel, text);
        } finally {
            lock.unlock();
        }
    }

    /** Sends text to a nick once connected, split to fit; fails if not connected within the timeout. */
    List<String> sendTo(IrcLines.Kind kind, String nick, String text, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            awaitIn(null, timeout);
            return bot.sendMessage(kind, IrcText.word(nick), text);
        } finally {
            lock.unlock();
        }
    }

    /** Sends a raw line once this connection is in the channel (the caller has cleaned every value in it). */
    void sendIn(String channel, String line, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            awaitIn(channel, timeout);
            bot.sendRaw().rawLine(line);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until connected and, unless the channel is null, in the channel. */
    private void awaitIn(String channel, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(connected && (channel == null || joined.contains(channel)))) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !running) {
                throw new IrcBridgeException(baseNick + (channel == null ? " is not connected"
                        : " is not in " + channel + (connected ? "" : " (not connected)")));
            }
            changed.awaitNanos(left);
        }
    }

    /** Quits with the reason and stops reconnecting. */
    void stop(String reason) {
        running = false;
        SafeBot b = bot;
        if (b != null) {
            b.quit(reason);
            b.finished().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> {
                b.close();
                return null;
            });
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            long started = System.nanoTime();
            try {
                SafeBot b = register();
                b.finished().join();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("IRC connection {} failed: {}", baseNick, e.getMessage());
            }
            disconnected();
            if (!running) {
                return;
            }
            if (System.nanoTime() - started > Duration.ofMinutes(1).toNanos()) {
                backoff = Duration.ofSeconds(1);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Connects, trying the nick with more {@code _} while the server says it is taken. */
    private SafeBot register() throws InterruptedException {
        RuntimeException last = null;
        for (int attempt = 0; attempt < NICK_ATTEMPTS && running; attempt++) {
            String nick = candidate(attempt);
            nicks.taken(nick);
            pacer.await();
            SafeBot b = factory.apply(nick);
            b.onLine(line -> line(b, line));
            bot = b;
            b.start();
            try {
                b.registered().orTimeout(REGISTER_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            } catch (RuntimeException e) {
                nicks.released(nick);
                b.close();
                last = e;
                if (String.valueOf(e.getMessage()).contains(" 433 ")) {
                    continue;
                }
                throw e;
            }
            lock.lock();
            try {
                connected = true;
                joined.clear();
                for (String channel : wanted) {
                    b.sendRaw().rawLine("JOIN " + IrcText.word(channel));
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            return b;
        }
        throw last != null ? last : new IrcBridgeException(baseNick + " stopped");
    }

    private String candidate(int attempt) {
        String suffix = "_".repeat(attempt);
        String base = baseNick.length() + suffix.length() > maxNickLength
                ? baseNick.substring(0, Math.max(1, maxNickLength - suffix.length())) : baseNick;
        return base + suffix;
    }

    private void disconnected() {
        lock.lock();
        try {
            connected = false;
            joined.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        SafeBot b = bot;
        if (b != null) {
            nicks.released(b.getNick());
        }
    }

    /** Tracks which channels this connection is in, then hands the line on. */
    private void line(SafeBot b, String raw) {
        IrcLine.parse(raw).ifPresent(line -> {
            boolean self = line.nick().map(n -> IrcNames.fold(n).equals(IrcNames.fold(b.getNick()))).orElse(false);
            String channel = line.param(0).toLowerCase(java.util.Locale.ROOT);
            switch (line.command()) {
                case "JOIN" -> {
                    if (self) {
                        update(() -> joined.add(channel));
                    }
                }
                case "PART" -> {
                    if (self) {
                        update(() -> joined.remove(channel));
                    }
                }
                case "KICK" -> {
                    if (IrcNames.fold(line.param(1)).equals(IrcNames.fold(b.getNick()))) {
                        update(() -> joined.remove(channel));
                        if (wants(channel)) {
                            b.sendRaw().rawLine("JOIN " + IrcText.word(channel));
                        }
                    }
                }
                case "NICK" -> {
                    if (self) {
                        nicks.taken(line.param(0));
                    }
                }
                default -> {
                }
            }
        });
        lines.accept(raw);
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
