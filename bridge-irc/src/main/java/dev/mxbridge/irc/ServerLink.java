package dev.mxbridge.irc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's server-to-server connection, in the protocol's {@link LinkDialect}: connects, sends the dialect's
 * handshake ({@code PASS}, {@code SERVER}, and in TS6 {@code CAPAB} and {@code SVINFO}), checks the password the peer
 * sends back (in constant time), and registers: in RFC 2813 by answering the peer's end of MOTD with its own (which
 * registers the link in ngIRCd), in TS6 on the peer's {@code SERVER}. Then the peer bursts its users and channels,
 * followed by a {@code PING}: the end of its burst. Answers every {@code PING}, pings an idle link itself and drops a
 * link that stops answering. A dropped link is made again after a pause that doubles from {@code retry_min} up to
 * {@code retry_max}. The peer's lines reach the handler as {@link LinkDialect#inbound} reads them.
 *
 * <p>With {@code accept: true} the ircd connects instead: the link listens on {@code listen_port}, takes links only
 * from the addresses of {@code host}, one at a time, and waits for the next after a drop; the handshake is the same
 * (both sides send theirs at once: hybrid takes them in either order; ngIRCd accepted this way is untested).
 *
 * <p>The handler is called on the link's reader thread, one line at a time. {@link #send} may be called from any
 * thread; it refuses a line holding CR, LF or NUL, so nothing a Matrix user wrote can add a command.
 */
final class ServerLink {
    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);
    private static final Duration IDLE = Duration.ofSeconds(60);

    /** What the link reports. Called on the reader thread. */
    interface Handler {
        /** The link is registered: the peer's burst follows. */
        void linked(String peer);

        /** The peer's burst ended: send ours through {@link #send}. */
        void burstEnded();

        /** A line from the peer after registration. */
        void line(IrcLine line);

        /** The link dropped; it is made again after a pause. */
        void dropped(String why);
    }

    private final LinkConfig config;
    private final LinkDialect dialect;
    private final Handler handler;
    private final Object writeLock = new Object();
    private volatile Socket socket;
    private volatile ServerSocket listener;
    private volatile OutputStream out;
    private volatile boolean running;
    /** Closing for good after last lines: the peer's close ends the link, not a reason to link again. */
    private volatile boolean leaving;
    private volatile boolean linked;
    private volatile Optional<String> problem = Optional.of("not linked yet");
    private Thread thread;

    ServerLink(LinkConfig config, LinkDialect dialect, Handler handler) {
        this.config = config;
        this.dialect = dialect;
        this.handler = handler;
    }

    /** Links in the background, and again whenever the link drops, until {@link #stop}. */
    void start() {
        if (config.accepts()) {
            try {
                ServerSocket bound = config.tls() ? LinkTls.listener(config) : new ServerSocket();
                bound.setReuseAddress(true);
                bound.bind(new InetSocketAddress(config.listenHost(), config.listenPort()));
                listener = bound;
            } catch (IOException e) {
                throw new IrcBridgeException("cannot listen for the server link on " + config.listenHost() + ":"
                        + config.listenPort() + ": " + e.getMessage());
            }
            problem = Optional.of("waiting for " + config.host() + " to link to port " + config.listenPort());
        }
        running = true;
        thread = Thread.ofVirtual().name("irc-link-" + config.serverName()).start(this::run);
    }

    /** Our server's name, the source of the lines only the server may send. */
    String serverName() {
        return config.serverName();
    }

    /** Whether the link is registered now. */
    boolean linked() {
        return linked;
    }

    /** Why the link is down, in words for an operator; empty while it is up. */
    Optional<String> problem() {
        return problem;
    }

    /**
     * Sends one line (without CR LF) if the link is up.
     *
     * @return whether it was written
     * @throws IllegalArgumentException if the line could end or cut a command (CR, LF, NUL)
     */
    boolean send(String line) {
        if (!IrcText.isClean(line)) {
            throw new IllegalArgumentException("a link line must not contain CR, LF or NUL");
        }
        OutputStream stream = out;
        if (stream == null) {
            return false;
        }
        byte[] bytes = (IrcLines.truncate(line, IrcLines.MAX_LINE_BYTES - 2) + "\r\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            try {
                stream.write(bytes);
                stream.flush();
                return true;
            } catch (IOException e) {
                close();
                return false;
            }
        }
    }

    /**
     * Closes the link for good after {@code last} ({@link LinkedUsers#leaving}): sends them, ends our half of the
     * connection, and waits up to {@code wait} for the peer to close its half, which it does once it has taken every
     * line and split our server off. Without lines, or if the link is down, as {@link #stop()}.
     */
    void stop(List<String> last, Duration wait) {
        Thread reader = thread;
        Socket s = socket;
        if (!last.isEmpty() && linked && reader != null && s != null) {
            leaving = true;
            last.forEach(this::send);
            try {
                s.shutdownOutput();
                if (!reader.join(wait)) {
                    log.warn("IRC server link: the server did not close its end within {} s", wait.toSeconds());
                }
            } catch (IOException | UnsupportedOperationException e) {
                log.debug("ending our half of the link: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stop();
    }

    /**
     * Closes the link for good. Only closes: the network then splits our server off with all its users. (A
     * {@code SQUIT} of our own server right before closing made ngIRCd 26 stall the split half-way, for its next
     * read.)
     */
    void stop() {
        running = false;
        close();
        ServerSocket l = listener;
        if (l != null) {
            try {
                l.close();
            } catch (IOException e) {
                log.debug("closing the link's listener: {}", e.toString());
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void close() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log.debug("closing the link: {}", e.toString());
            }
        }
    }

    private void run() {
        Duration pause = config.retryMin();
        while (running) {
            long started = System.nanoTime();
            String why;
            try {
                why = session();
            } catch (IOException e) {
                why = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            boolean wasLinked = linked;
            linked = false;
            out = null;
            close();
            problem = Optional.of(config.accepts()
                    ? "the server link from " + config.host() + " is down (waiting on port " + config.listenPort()
                            + "): " + why
                    : "the server link to " + config.host() + ":" + config.port() + " is down: " + why);
            if (!running || leaving) {
                return;
            }
            if (wasLinked) {
                handler.dropped(why);
            }
            if (config.accepts()) {
                log.warn("IRC server link: {}; waiting for the next link on port {}", why, config.listenPort());
                continue; // the ircd links again when it will
            }
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(config.retryMax()) > 0) {
                pause = config.retryMin(); // it was up a good while: this is a new outage
            }
            log.warn("IRC server link: {}; linking again in {} ms", why, pause.toMillis());
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            pause = pause.multipliedBy(2).compareTo(config.retryMax()) > 0 ? config.retryMax() : pause.multipliedBy(2);
        }
    }

    /** One link from connect to drop; returns why it ended. */
    private String session() throws IOException {
        Socket s;
        if (config.accepts()) {
            s = accepted();
        } else {
            s = new Socket();
            socket = s;
            s.connect(new InetSocketAddress(config.host(), config.port()), 10_000);
            if (config.tls()) {
                s.setSoTimeout(10_000); // a peer that never answers the TLS handshake
                s = LinkTls.wrap(s, config);
                socket = s;
            }
        }
        s.setSoTimeout((int) IDLE.toMillis());
        s.setTcpNoDelay(true);
        out = s.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        dialect.reset();
        dialect.handshake(config, System.currentTimeMillis() / 1000).forEach(this::send);
        String self = dialect.source();
        boolean passed = false;
        boolean pinged = false;
        boolean bursting = true;
        String peer = null;
        while (running) {
            String raw;
            try {
                raw = in.readLine();
            } catch (SocketTimeoutException e) {
                if (pinged || !linked) {
                    return "no answer for " + IDLE.toSeconds() + " s";
                }
                pinged = true;
                send(":" + self + " PING " + config.serverName() + " :" + peer);
                continue;
            }
            if (raw == null) {
                return "the server closed the link";
            }
            pinged = false;
            if (log.isTraceEnabled()) {
                log.trace("<< {}", raw.contains(" PASS ") || raw.startsWith("PASS ") ? "PASS (not logged)" : raw);
            }
            Optional<IrcLine> parsed = IrcLine.parse(IrcLine.untagged(raw));
            if (parsed.isEmpty()) {
                continue;
            }
            IrcLine line = parsed.get();
            switch (line.command()) {
                case "ERROR" -> {
                    return "the server said: " + line.param(0);
                }
                case "PASS" -> {
                    passed = MessageDigest.isEqual(line.param(0).getBytes(StandardCharsets.UTF_8),
                            config.acceptPassword().getBytes(StandardCharsets.UTF_8));
                    if (!passed) {
                        send("ERROR :Bad password");
                        return "the IRC server sent a wrong link password (accept_password)";
                    }
                    dialect.passed(line);
                }
                case "SERVER" -> {
                    if (peer == null) {
                        if (!passed) {
                            return "the IRC server sent no link password";
                        }
                        peer = line.param(0);
                        String token = dialect.peerId(line);
                        if (dialect.registersOnServer()) {
                            registered(peer);
                            // the peer's own token, for a netsplit behind it
                            handler.line(new IrcLine(Map.of(), Optional.empty(), "SERVER",
                                    List.of(peer, "1", token, line.params().getLast())));
                        }
                    } else {
                        dialect.inbound(line).forEach(handler::line);
                    }
                }
                case "376" -> {
                    if (!linked && peer != null && !dialect.registersOnServer()) {
                        // up before the answer: a peer that has it may act on the link at once (a stop with last
                        // lines right after it found the link down and dropped them)
                        linked = true;
                        send(":" + config.serverName() + " 376 " + peer + " :End of MOTD command");
                        registered(peer);
                    }
                }
                case "PING" -> {
                    if (bursting && linked) { // our burst before the PONG: TS6 servers take that PONG as its end
                        bursting = false;
                        handler.burstEnded();
                    }
                    send(":" + self + " PONG " + config.serverName() + " :" + line.param(0));
                }
                default -> {
                    if (linked) {
                        dialect.inbound(line).forEach(handler::line);
                    }
                }
            }
        }
        return "stopped";
    }

    /** The next link from one of {@code host}'s addresses; others are closed unheard. */
    private Socket accepted() throws IOException {
        while (true) {
            Socket s = listener.accept();
            Set<InetAddress> allowed = Set.of(InetAddress.getAllByName(config.host()));
            if (allowed.contains(s.getInetAddress())) {
                socket = s;
                if (s instanceof SSLSocket tls) {
                    s.setSoTimeout(10_000);
                    tls.startHandshake(); // only now, for an address that may link
                }
                log.info("a server link from {}", s.getInetAddress().getHostAddress());
                return s;
            }
            log.warn("refused a server link from {}: only {} may link", s.getInetAddress().getHostAddress(),
                    config.host());
            s.close();
        }
    }

    private void registered(String peer) {
        linked = true;
        problem = Optional.empty();
        log.info("linked to the IRC network through {} as {} ({})", peer, config.serverName(), config.protocol());
        handler.linked(peer);
    }
}
