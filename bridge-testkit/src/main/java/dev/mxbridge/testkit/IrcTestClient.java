package dev.mxbridge.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A person on IRC, speaking raw IRC over a socket: what the test sends is exactly what goes on the wire, and every
 * line the server sends is recorded. Answers the server's {@code PING}s by itself. Safe to use from several threads.
 * <pre>{@code
 * try (IrcTestClient bob = IrcTestClient.connect("127.0.0.1", port, "bob")) {
 *     bob.join("#c");
 *     String line = bob.await(l -> l.contains(" PRIVMSG #c :"), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class IrcTestClient implements AutoCloseable {
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final String nick;
    private final Socket socket;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<String> lines = new ArrayList<>();
    private final BitSet taken = new BitSet();
    private boolean closed;

    private IrcTestClient(String nick, Socket socket) throws IOException {
        this.nick = nick;
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /**
     * Connects and registers ({@code NICK}, {@code USER}); returns once the server welcomed the client
     * ({@code 001}).
     *
     * @throws TestKitException if the server cannot be reached or refuses the nick
     */
    public static IrcTestClient connect(String host, int port, String nick) {
        requireNoLineBreak(nick);
        Socket socket = new Socket();
        IrcTestClient client;
        try {
            socket.connect(new InetSocketAddress(host, port), (int) REGISTRATION_TIMEOUT.toMillis());
            client = new IrcTestClient(nick, socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new TestKitException("could not connect to IRC server " + host + ":" + port + ": " + e.getMessage(), e);
        }
        Thread.ofVirtual().name("irc-test-client-" + nick).start(client::readLoop);
        client.send("NICK " + nick);
        client.send("USER " + nick + " 0 * :" + nick);
        try {
            String reply = client.await(line -> isNumeric(line, "001") || isRegistrationError(line),
                    REGISTRATION_TIMEOUT);
            if (!isNumeric(reply, "001")) {
                throw new TestKitException("the IRC server refused " + nick + ": " + reply);
            }
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** The nick this client registered with. */
    public String nick() {
        return nick;
    }

    /** Sends one raw line; the client adds CR LF, so the line itself must not contain any. */
    public void send(String line) {
        requireNoLineBreak(line);
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new TestKitException(nick + " could not send " + line + ": " + e.getMessage(), e);
            }
        }
    }

    /** Joins a channel and waits until the server has sent its member list. */
    public void join(String channel) {
        send("JOIN " + channel);
        await(line -> isNumeric(line, "366") && line.contains(" " + channel + " "), JOIN_TIMEOUT);
    }

    /** Sends a {@code PRIVMSG}. */
    public void message(String target, String text) {
        send("PRIVMSG " + target + " :" + text);
    }

    /**
     * Waits for a line from the server that matches and that no earlier {@code await} returned, oldest first, and
     * returns it (without CR LF). Lines that arrived before the call count too.
     *
     * @throws TestKitException if none arrives in time or the connection closes first
     */
    public String await(Predicate<String> predicate, Duration timeout) {
        return await(0, predicate, timeout);
    }

    /**
     * The channel's members as the server lists them now ({@code NAMES}): nicks, without rank prefixes ({@code @},
     * {@code +}) or hosts. Ask this rather than look in the raw {@code 353} lines, which also name the server
     * ({@code :irc.mxbridge.test 353 ...}).
     *
     * @throws TestKitException if the list does not end in time
     */
    public Set<String> names(String channel, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = received().size();
        send("NAMES " + channel);
        Set<String> names = new LinkedHashSet<>();
        while (true) {
            String reply = untagged(await(from, line -> isNamesReply(line, channel),
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
            if (isNumeric(reply, "366")) {
                return names;
            }
            for (String name : reply.substring(reply.indexOf(" :", 1) + 2).split(" ")) {
                String nick = name.replaceFirst("^[~&@%+]+", "").replaceFirst("!.*", "");
                if (!nick.isEmpty()) {
                    names.add(nick);
                }
            }
        }
    }

    /** A line of the server's answer to {@code NAMES channel}: {@code 353}, or {@code 366} at its end. */
    private static boolean isNamesReply(String line, String channel) {
        String untagged = untagged(line);
        int trailing = untagged.indexOf(" :", 1);
        String[] words = (trailing < 0 ? untagged : untagged.substring(0, trailing)).split(" ");
        return (isNumeric(untagged, "353") || isNumeric(untagged, "366"))
                && words[words.length - 1].equalsIgnoreCase(channel);
    }

    /** As {@link #await(Predicate, Duration)}, among the lines from index {@code start} on. */
    private String await(int start, Predicate<String> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            int from = start;
            while (true) {
                for (int i = taken.nextClearBit(from); i < lines.size(); i = taken.nextClearBit(i + 1)) {
                    if (predicate.test(lines.get(i))) {
                        taken.set(i);
                        return lines.get(i);
                    }
                }
                from = lines.size();
                long left = deadline - System.nanoTime();
                if (closed || left <= 0) {
                    throw new TestKitException(nick + (closed ? " was disconnected" : " waited " + timeout)
                            + " without receiving the expected line; last lines:\n" + tail());
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestKitException("interrupted while " + nick + " waited for a line", e);
        } finally {
            lock.unlock();
        }
    }

    /** Every line received so far, oldest first. */
    public List<String> received() {
        lock.lock();
        try {
            return List.copyOf(lines);
        } finally {
            lock.unlock();
        }
    }

    /** False once the server closed the connection or {@link #close()} was called. */
    public boolean isConnected() {
        lock.lock();
        try {
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the server closes the connection, e.g. because it was stopped. */
    public void awaitDisconnected(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TestKitException(nick + " is still connected after " + timeout);
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestKitException("interrupted while waiting for " + nick + " to be disconnected", e);
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code QUIT} if still connected and closes the socket. */
    @Override
    public void close() {
        if (isConnected()) {
            try {
                send("QUIT :bye");
            } catch (TestKitException ignored) {
                // the server went first; closing is all that is left
            }
        }
        closeQuietly(socket);
        markClosed();
    }

    @Override
    public String toString() {
        return "IrcTestClient[" + nick + (isConnected() ? "" : ", disconnected") + "]";
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("PING ")) {
                    send("PONG " + line.substring(5));
                }
                lock.lock();
                try {
                    lines.add(line);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException | TestKitException e) {
            // closed by either side; recorded below
        } finally {
            markClosed();
        }
    }

    private void markClosed() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private String tail() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** Whether the line is the server's numeric reply {@code code}: {@code :server 001 nick ...}. */
    static boolean isNumeric(String line, String code) {
        String[] parts = untagged(line).split(" ", 3);
        return parts.length >= 2 && parts[0].startsWith(":") && parts[1].equals(code);
    }

    /** The line without its IRCv3 tags ({@code @time=...;msgid=... }), which a client that asked for them gets. */
    static String untagged(String line) {
        int space = line.indexOf(' ');
        return line.startsWith("@") && space > 0 ? line.substring(space + 1) : line;
    }

    private static boolean isRegistrationError(String line) {
        String[] parts = untagged(line).split(" ", 3);
        return line.startsWith("ERROR ")
                || parts.length >= 2 && parts[0].startsWith(":") && parts[1].matches("[45][0-9][0-9]");
    }

    private static void requireNoLineBreak(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an IRC line must not contain CR or LF: " + text.replace("\r", "\\r")
                    .replace("\n", "\\n"));
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do for a socket that is going away
        }
    }
}
