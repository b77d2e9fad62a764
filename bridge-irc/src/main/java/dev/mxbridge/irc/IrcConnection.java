package dev.mxbridge.irc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the IRC server kept up for as long as it is wanted: the bridge bot or one Matrix user's puppet.
 * Connects on its own virtual thread (paced with the other connections of the server), takes the nick with {@code _}
 * appended while it is taken, joins its channels again after every reconnect and reconnects with exponential
 * back-off, cut short when the server was out of reach and welcomes another connection ({@link Pacer#sleep}); the
 * first connection to fail probes every {@link Pacer#PROBE_INTERVAL} instead ({@link Pacer#probing}).
 * {@link #send} waits, up to a limit, until the connection is in the channel, and with
 * {@code echo-message} for the server's echo, which confirms delivery; {@link #ask} sends a command and collects the
 * server's answer ({@code WHOIS}, {@code NICK}).
 */
final class IrcConnection {
    private static final Logger log = LoggerFactory.getLogger(IrcConnection.class);
    private static final int NICK_ATTEMPTS = 5;
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(2);
    /** How long a send waits for the server's echo ({@code echo-message}) before it takes the message as sent. */
    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(10);

    /** What a connection tells its owner about nicks it takes or gives up, so their lines are known as our own. */
    interface Nicks {
        void taken(String nick);

        void released(String nick);
    }

    /** Nick errors: none given, erroneous, in use, collision, unavailable, restricted. */
    private static final Set<String> NICK_ERRORS = Set.of("431", "432", "433", "436", "437", "484");

    /** The nick asked for; {@link #rename} changes it, and it is kept across reconnects. */
    private volatile String baseNick;
    private final int maxNickLength;
    private final Function<String, SafeBot> factory;
    private final Pacer pacer;
    private final Nicks nicks;
    private final Consumer<String> lines;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Set<String> joined = new LinkedHashSet<>();
    private final List<java.util.function.Consumer<IrcLine>> listeners = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Consumer<SafeBot> welcome = b -> { };
    private volatile Consumer<Removal> removed;
    private volatile SafeBot bot;
    private volatile IrcMetrics.Meters meters = IrcMetrics.unregistered();
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile Function<String, Optional<String>> keys = channel -> Optional.empty();
    /** Why the last attempt to connect failed, for telling users why their message waits. */
    private volatile String lastError = "not connected yet";
    /** The server's welcomes ({@link Pacer#welcomes}) up to this connection's last attempt or welcome. */
    private long welcomesSeen;
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

    /**
     * A channel the connection was put out of ({@code KICK}) or could not join (banned, invite only, full, bad key,
     * needs a registered nick, ...); it does not try again.
     *
     * @param channel as the server named it
     * @param by      who kicked, if it was a kick
     * @param reason  the kick's reason, or the server's words for the refusal
     * @param code    {@code KICK}, or the refusal's numeric ({@code 474}: banned)
     */
    record Removal(String channel, Optional<String> by, String reason, String code) {
        boolean banned() {
            return code.equals("474");
        }
    }

    /**
     * Who hears of {@link Removal removals}: with one set (a puppet), the connection leaves it at that, since its
     * user must know and decide; without (the bridge bot), it joins again after a kick.
     */
    void onRemoved(Consumer<Removal> removed) {
        this.removed = removed;
    }

    /** What to send once the server has welcomed the connection, before it joins its channels (identify). */
    void onWelcome(java.util.function.Consumer<SafeBot> welcome) {
        this.welcome = welcome;
    }

    /** Where this connection counts itself up or down and its reconnects; set before {@link #start()}. */
    void metered(IrcMetrics.Meters value) {
        this.meters = value;
    }

    void start() {
        thread = Thread.ofVirtual().name("irc-connection-" + baseNick).start(this::run);
    }

    /** The nick the server knows this connection by, once registered. */
    Optional<String> nick() {
        SafeBot b = bot;
        return connected && b != null ? Optional.of(b.getNick()) : Optional.empty();
    }

    /**
     * The separator of relayed nicks ({@code draft/relaymsg=/}) if the server enabled {@code draft/relaymsg} on this
     * connection, which may then {@link #relay}; only with {@code echo-message} too, without which a refused
     * {@code RELAYMSG} would go unnoticed and the message be lost.
     */
    Optional<String> relaysAs() {
        SafeBot b = bot;
        if (!connected || b == null || !b.has("draft/relaymsg") || !b.has("echo-message")) {
            return Optional.empty();
        }
        return Optional.of(b.offered("draft/relaymsg").filter(v -> !v.isEmpty()).map(v -> v.substring(0, 1))
                .orElse("/"));
    }

    /** Where the keys of {@code +k} channels come from ({@link SealedValues#channelKeys}); default: none known. */
    void keys(Function<String, Optional<String>> keys) {
        this.keys = keys;
    }

    private String joinLine(String channel) {
        return "JOIN " + IrcText.word(channel) + keys.apply(channel).map(key -> " " + IrcText.word(key)).orElse("");
    }

    /** Why this connection is down, while it is: the last attempt's failure ("not connected yet" before the first). */
    Optional<String> problem() {
        return connected ? Optional.empty() : Optional.of(lastError);
    }

    /** Joins the channel now if connected, and after every reconnect. */
    void join(String channel) {
        lock.lock();
        try {
            if (wanted.add(channel) && connected) {
                bot.sendRaw().rawLine(joinLine(channel));
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

    /** The channels this connection is to be in, joined or not. */
    List<String> channels() {
        lock.lock();
        try {
            return List.copyOf(wanted);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the connection is in the channel now. */
    boolean isIn(String channel) {
        lock.lock();
        try {
            return connected && joined.contains(channel.toLowerCase(Locale.ROOT));
        } finally {
            lock.unlock();
        }
    }

    /** {@code <numeric> <our nick> <channel> :<why>}; 477 also refuses messages in a channel we are in. */
    private void refusedJoin(IrcLine line) {
        Consumer<Removal> handler = removed;
        String channel = line.param(1);
        if (handler != null && !isIn(channel) && unwant(channel)) {
            handler.accept(new Removal(channel, Optional.empty(), line.param(2), line.command()));
        }
    }

    /** Stops wanting the channel (any case); returns whether it was wanted. */
    private boolean unwant(String channel) {
        lock.lock();
        try {
            return wanted.removeIf(w -> w.equalsIgnoreCase(channel));
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

    /** The server refused a message it echoed nothing for ({@code 404}, {@code FAIL RELAYMSG}, ...). */
    static final class Refused extends IrcBridgeException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * What a send put on the wire: how many lines, and, where the server echoed them ({@code echo-message}), the server's
     * {@code msgid} of the first part.
     */
    record Sent(int parts, Optional<String> msgid) {
    }

    /**
     * Sends text to a channel once this connection is in it, split to fit; fails if it is not in the channel within
     * the timeout (the core retries the message, then reports the failure in the room). With {@code echo-message}
     * it waits for the server's echo of every part, which confirms delivery, and fails if the server refuses the
     * message instead ({@code 404}: moderated, banned).
     */
    Sent send(IrcLines.Kind kind, String channel, String text, Duration timeout) throws InterruptedException {
        return send(kind, channel, text, Optional.empty(), timeout);
    }

    /** As {@link #send}, as an answer to the message with the {@code msgid} ({@code +draft/reply}), if any. */
    Sent send(IrcLines.Kind kind, String channel, String text, Optional<String> replyTo, Duration timeout)
            throws InterruptedException {
        return confirmed(channel, timeout, b -> b.sendMessage(kind, channel, text, replyTag(replyTo)).size(), channel);
    }

    /** Sends text to a nick once connected, split to fit, confirmed like {@link #send}; an answer if replying. */
    Sent sendTo(IrcLines.Kind kind, String nick, String text, Optional<String> replyTo, Duration timeout)
            throws InterruptedException {
        return confirmed(IrcText.word(nick), timeout,
                b -> b.sendMessage(kind, IrcText.word(nick), text, replyTag(replyTo)).size(), null);
    }

    private static Optional<String> replyTag(Optional<String> msgid) {
        return msgid.filter(id -> !id.isBlank()).map(id -> "+draft/reply=" + IrcLine.escape(id));
    }

    /**
     * Relays text in a channel under another name with {@code RELAYMSG} ({@code draft/relaymsg}), which the server
     * shows as a message from {@code nick}; confirmed like {@link #send} where the server echoes.
     *
     * @throws Refused if the server refused it ({@code FAIL RELAYMSG}, e.g. not a channel operator)
     */
    Sent relay(String channel, String nick, IrcLines.Kind kind, String text, Duration timeout)
            throws InterruptedException {
        String to = IrcText.word(channel);
        String as = IrcText.word(nick);
        return confirmed(to, timeout, b -> {
            List<String> parts = IrcLines.split(kind, to, text, IrcLines.worstCasePrefixBytes(as));
            parts.forEach(part -> b.sendRaw().rawLine("RELAYMSG " + to + " " + as + " :" + kind.text(part)));
            return parts.size();
        }, to);
    }

    /** Sends (under the lock, once connected and in the channel if any), then waits for the echoes if there are. */
    private Sent confirmed(String target, Duration timeout, java.util.function.ToIntFunction<SafeBot> sending,
                           String channel) throws InterruptedException {
        LinkedBlockingQueue<IrcLine> answers = new LinkedBlockingQueue<>();
        java.util.function.Consumer<IrcLine> listener = line -> {
            if (isEcho(line, target) || isRefusal(line, target)) {
                answers.add(line);
            }
        };
        listeners.add(listener);
        try {
            SafeBot b;
            int parts;
            lock.lock();
            try {
                awaitIn(channel, timeout);
                b = bot;
                parts = sending.applyAsInt(b);
            } finally {
                lock.unlock();
            }
            if (!b.has("echo-message")) {
                return new Sent(parts, Optional.empty());
            }
            return awaitEchoes(target, parts, answers);
        } finally {
            listeners.remove(listener);
        }
    }

    private Sent awaitEchoes(String target, int parts, LinkedBlockingQueue<IrcLine> answers) throws InterruptedException {
        long deadline = System.nanoTime() + ECHO_TIMEOUT.toNanos();
        Optional<String> msgid = Optional.empty();
        for (int echoed = 0; echoed < parts; ) {
            IrcLine line = answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                log.warn("{}: the IRC server echoed {} of {} parts to {} within {} s", baseNick, echoed, parts, target,
                        ECHO_TIMEOUT.toSeconds());
                return new Sent(parts, msgid);
            }
            if (isRefusal(line, target)) {
                throw new Refused("the IRC server did not deliver the message to " + target + ": "
                        + String.join(" ", line.params().subList(Math.min(1, line.params().size()), line.params().size())));
            }
            if (echoed++ == 0) {
                msgid = line.msgid();
            }
        }
        return new Sent(parts, msgid);
    }

    /** Our own message to the target coming back: from us, or relayed by us ({@code draft/relaymsg} names us). */
    private boolean isEcho(IrcLine line, String target) {
        SafeBot b = bot;
        if (b == null || !(line.command().equals("PRIVMSG") || line.command().equals("NOTICE"))
                || !IrcNames.fold(line.param(0)).equals(IrcNames.fold(target))) {
            return false;
        }
        String self = IrcNames.fold(b.getNick());
        return line.nick().map(IrcNames::fold).filter(self::equals).isPresent()
                || line.tag("draft/relaymsg").or(() -> line.tag("relaymsg")).map(IrcNames::fold).filter(self::equals)
                .isPresent();
    }

    /**
     * The server's refusal of a message to the target: cannot send to channel, no such nick or channel, needs a
     * registered nick; or {@code FAIL RELAYMSG}.
     */
    private static boolean isRefusal(IrcLine line, String target) {
        return switch (line.command()) {
            case "404", "401", "403", "477", "486", "489", "492" ->
                    IrcNames.fold(line.param(1)).equals(IrcNames.fold(target));
            case "FAIL" -> line.param(0).equals("RELAYMSG");
            default -> false;
        };
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

    /**
     * Sends a command (its values cleaned by the caller) once connected and collects the lines of the answer that
     * {@code take} accepts, up to and including the first that {@code end} accepts.
     *
     * @throws IrcBridgeException if not connected or no complete answer came within the timeout
     */
    List<IrcLine> ask(String command, Predicate<IrcLine> take, Predicate<IrcLine> end, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        LinkedBlockingQueue<IrcLine> answers = new LinkedBlockingQueue<>();
        java.util.function.Consumer<IrcLine> listener = line -> {
            if (take.test(line)) {
                answers.add(line);
            }
        };
        listeners.add(listener);
        try {
            lock.lock();
            try {
                awaitIn(null, timeout);
                bot.sendRaw().rawLine(command);
            } finally {
                lock.unlock();
            }
            List<IrcLine> answer = new ArrayList<>();
            while (true) {
                IrcLine line = answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IrcBridgeException("the IRC server did not answer " + command.split(" ", 2)[0]
                            + " within " + timeout.toSeconds() + " s");
                }
                answer.add(line);
                if (end.test(line)) {
                    return answer;
                }
            }
        } finally {
            listeners.remove(listener);
        }
    }

    /**
     * Changes the nick, also for later reconnects; returns the new nick.
     *
     * @throws IrcBridgeException with the server's reason if it refused the nick (taken, erroneous), or if not
     *                            connected
     */
    String rename(String nick, Duration timeout) throws InterruptedException {
        String wanted = IrcText.word(nick);
        String before = nick().orElseThrow(() -> new IrcBridgeException(baseNick + " is not connected"));
        nicks.taken(wanted); // before the server announces it, so the bridge bot knows the change is ours
        IrcLine answer;
        try {
            answer = ask("NICK " + wanted,
                    l -> l.command().equals("NICK") && l.nick().map(IrcNames::fold).orElse("").equals(IrcNames.fold(before))
                            || NICK_ERRORS.contains(l.command()),
                    l -> true, timeout).getLast();
        } catch (RuntimeException e) {
            nicks.released(wanted);
            throw e;
        }
        if (!answer.command().equals("NICK")) {
            nicks.released(wanted);
            throw new IrcBridgeException(switch (answer.command()) {
                case "433", "436" -> "the nick " + wanted + " is taken";
                case "432" -> "the server does not accept " + wanted + " as a nick";
                default -> "the server refused " + wanted + ": " + answer.params().getLast();
            });
        }
        baseNick = answer.param(0);
        // The bridge bot may still be reading the change: release the old nick only once it has.
        CompletableFuture.delayedExecutor(10, TimeUnit.SECONDS).execute(() -> {
            if (!IrcNames.fold(baseNick).equals(IrcNames.fold(before))) {
                nicks.released(before);
            }
        });
        return answer.param(0);
    }

    /** Waits until connected and, unless the channel is null, in the channel. */
    private void awaitIn(String channel, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(connected && (channel == null || joined.contains(channel)))) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !running) {
                throw new IrcBridgeException(!connected
                        ? "the IRC connection " + baseNick + " is down (" + (running ? lastError + "; reconnecting" : "it quit") + ")"
                        : baseNick + " is not in " + channel);
            }
            changed.awaitNanos(left);
        }
    }

    /** Quits with the reason and stops reconnecting; completes when the connection has ended (at most 2 s). */
    CompletableFuture<Void> stop(String reason) {
        running = false;
        pacer.notProbing(this);
        SafeBot b = bot;
        CompletableFuture<Void> ended = CompletableFuture.completedFuture(null);
        if (b != null) {
            b.quit(reason);
            ended = b.finished().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> {
                b.close();
                return null;
            });
        }
        if (thread != null) {
            thread.interrupt();
        }
        return ended;
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            long started = System.nanoTime();
            welcomesSeen = pacer.welcomes();
            boolean welcomed = false;
            try {
                SafeBot b = register();
                welcomed = true;
                b.finished().join();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                lastError = reason(e);
                log.warn("IRC connection {} failed: {}", baseNick, e.getMessage());
            }
            disconnected();
            if (!running) {
                return;
            }
            SafeBot last = bot;
            boolean refused = last != null && last.refused();
            // not after a server that welcomes and then throws us out (a K-line): that would be a reconnect a second
            if (welcomed && !refused || System.nanoTime() - started > Duration.ofMinutes(1).toNanos()) {
                backoff = Duration.ofSeconds(1);
            }
            // Thrown out after the welcome (a K-line, or the server going down: ERROR either way), the connection
            // backs off but wakes when the server welcomes another. The prober's back-off does not grow while it
            // probes: it is what it sleeps once no longer the prober.
            boolean probe = !refused && pacer.probing(this) && backoff.compareTo(Pacer.PROBE_INTERVAL) > 0;
            try {
                if (refused && !welcomed) { // turned away at registration: another connection's welcome changes nothing
                    pacer.notProbing(this);
                    Thread.sleep(backoff);
                } else if (pacer.sleep(probe ? Pacer.PROBE_INTERVAL : backoff, welcomesSeen)) {
                    log.info("IRC connection {} tries again now: the server welcomed another connection", baseNick);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!probe) {
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            if (running) {
                meters.reconnecting();
            }
        }
    }

    /** The innermost cause's message: "Connection refused" rather than three layers of wrapping. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName()
                : message.replaceFirst("^IRC connection of \\S+ ", "");
    }

    /** Connects, trying the nick with more {@code _} while the server says it is taken. */
    private SafeBot register() throws InterruptedException {
        RuntimeException last = null;
        for (int attempt = 0; attempt < NICK_ATTEMPTS && running; attempt++) {
            String nick = candidate(attempt);
            nicks.taken(nick);
            pacer.await(); // before the bot exists: thousands waiting for their turn hold no PircBotX objects
            SafeBot b;
            try {
                b = factory.apply(nick);
            } catch (RuntimeException e) {
                pacer.done();
                throw e;
            }
            b.onLine(line -> line(b, line));
            try {
                bot = b;
                b.start();
                b.registered().orTimeout(REGISTER_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            } catch (RuntimeException e) {
                nicks.released(nick);
                b.close();
                last = e;
                if (String.valueOf(e.getMessage()).contains(" 433 ")) {
                    continue;
                }
                throw e;
            } finally {
                pacer.done();
            }
            welcomesSeen = pacer.welcomed();
            pacer.notProbing(this);
            welcome.accept(b);
            lock.lock();
            try {
                connected = true;
                meters.connected();
                joined.clear();
                for (String channel : wanted) {
                    b.sendRaw().rawLine(joinLine(channel));
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
            if (connected) {
                meters.disconnected();
            }
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
        if (listeners.isEmpty() && !PuppetLines.concernsSelf(raw, b.getNick()) && !PuppetLines.refusesJoin(raw)) {
            lines.accept(raw); // about others: nothing to track here, and not worth a parse (in a shared channel
            return;            // every puppet sees every join)
        }
        IrcLine.parse(raw).ifPresent(line -> {
            listeners.forEach(l -> l.accept(line));
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
                        Consumer<Removal> handler = removed;
                        if (handler != null) {
                            unwant(channel);
                            handler.accept(new Removal(line.param(0), line.nick(), line.param(2), "KICK"));
                        } else if (wants(channel)) {
                            b.sendRaw().rawLine(joinLine(channel));
                        }
                    }
                }
                case "NICK" -> {
                    if (self) {
                        nicks.taken(line.param(0));
                    }
                }
                default -> {
                    if (PuppetLines.refusesJoin(raw)) {
                        refusedJoin(line);
                    }
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
