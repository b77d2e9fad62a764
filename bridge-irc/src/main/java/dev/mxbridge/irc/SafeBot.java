package dev.mxbridge.irc;

import com.google.common.collect.ImmutableMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pircbotx.Configuration;
import org.pircbotx.PircBotX;
import org.pircbotx.exception.IrcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PircBotX connection that puts exactly one IRC line on the wire per line sent, whatever the text holds.
 *
 * <p>PircBotX 2.1 strips CR and LF nowhere: {@code message("#c", "hi\r\nJOIN #evil")} joins {@code #evil}. Every
 * output path (message, action, notice, raw lines, joins, the registration's {@code NICK} and {@code USER}) ends in
 * {@link #sendRawLineToServer}, so this class cuts each line at its first CR, LF or NUL there, and to 510 bytes of
 * UTF-8 on a character boundary (PircBotX cuts at 510 characters, which for non-ASCII text is more than a server
 * accepts). Callers still clean Matrix values at the edge ({@link IrcText}); this is the guard behind it.
 *
 * <p>Also: runs on a virtual thread ({@link #start()}), one connection per instance; reports registration and the
 * end of the connection as futures; learns how the server shows it ({@code nick!user@host}) so that
 * {@link #sendMessage} splits text exactly ({@link IrcLines}); and negotiates IRCv3 capabilities and SASL PLAIN
 * itself ({@link CapNegotiation}, set with {@link #negotiate}), since PircBotX 2.1 cannot do {@code CAP LS 302} and
 * throws on a late {@code ACK}. Lines with IRCv3 tags are read like any other.
 */
class SafeBot extends PircBotX {
    private static final Logger log = LoggerFactory.getLogger(SafeBot.class);
    /** Off unless DEBUG (logging.LogConfigurator: {@code MXBRIDGE_TRACE=DEBUG}): when messages are read and written, for bench/run-e2e.sh. */
    private static final Logger TRACE = LoggerFactory.getLogger("dev.mxbridge.trace");
    /** What a client's tags may take, with the {@code @} and without the space after them. */
    private static final int MAX_CLIENT_TAG_BYTES = 4094;
    private static final int READ_BUFFER_BYTES = 1024;
    private static final int READ_BUFFER_CHARS = 512;

    private final CompletableFuture<Void> registered = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final List<String> capabilities = new CopyOnWriteArrayList<>();
    private volatile Optional<String> userAtHost = Optional.empty();
    private volatile boolean authenticated;
    private volatile boolean abandoned;
    private volatile boolean refused;
    private volatile Map<InetSocketAddress, Exception> connectFailures = Map.of();
    private volatile java.util.function.Consumer<String> lineListener = line -> { };
    private volatile IrcMetrics.Meters meters = IrcMetrics.unregistered();
    private volatile CapNegotiation caps = new CapNegotiation(List.of(), Optional.empty(), capabilities, line -> { });

    SafeBot(Configuration configuration) {
        super(configuration);
    }

    /**
     * The IRCv3 capabilities to enable where the server offers them, and SASL PLAIN credentials if any; set before
     * {@link #start()}. Without either there is no CAP negotiation at all.
     */
    void negotiate(List<String> wanted, Optional<CapNegotiation.SaslPlain> sasl) {
        caps = new CapNegotiation(wanted, sasl, capabilities, line -> sendRaw().rawLineNow(line));
    }

    /** Where this connection counts the lines it sends; set before {@link #start()}. */
    void metered(IrcMetrics.Meters value) {
        this.meters = value;
    }

    IrcMetrics.Meters meters() {
        return meters;
    }

    /** Starts CAP negotiation if there is any; PircBotX calls its listeners with the socket up, before NICK. */
    void beginNegotiation() {
        caps.begin();
    }

    /** Whether the server enabled the capability on this connection. */
    boolean has(String capability) {
        return capabilities.contains(capability);
    }

    /** The value the server offered a capability with ({@code draft/relaymsg=/} → {@code /}), if it offered it. */
    Optional<String> offered(String capability) {
        return Optional.ofNullable(caps.offered().get(capability));
    }

    /** Connects on a new virtual thread, which ends when the connection does. Once per instance. */
    Thread start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a SafeBot connects once; create a new one to connect again");
        }
        return Thread.ofVirtual().name("irc-" + getNick()).start(this::run);
    }

    /** Completes when the server has welcomed the bot ({@code 001}); fails if the connection ends before. */
    CompletableFuture<Void> registered() {
        return registered;
    }

    /**
     * Whether the server itself turned this connection away ({@code ERROR}: a ban, K-line, throttling, too many
     * connections; or a registration error: bad password, taken nick), as opposed to being out of reach.
     */
    boolean refused() {
        return refused;
    }

    /** Completes when the connection has ended and PircBotX has cleaned up. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /**
     * Sends text as messages of the given kind, split to fit the line limit with this connection's real prefix;
     * returns the parts sent. The text may span lines; the target must be one parameter ({@link IrcText#word}).
     */
    List<String> sendMessage(IrcLines.Kind kind, String target, String text) {
        return sendMessage(kind, target, text, Optional.empty());
    }

    /**
     * As {@link #sendMessage(IrcLines.Kind, String, String)}, the first part with IRCv3 client tags (escaped by the
     * caller, e.g. {@code +draft/reply=<msgid>}) if the server enabled {@code message-tags}.
     */
    List<String> sendMessage(IrcLines.Kind kind, String target, String text, Optional<String> tags) {
        String to = IrcText.word(target);
        List<String> parts = IrcLines.split(kind, to, text, sourcePrefixBytes());
        String first = tags.filter(t -> has("message-tags")).map(t -> "@" + t + " ").orElse("");
        if (TRACE.isTraceEnabled()) {
            TRACE.trace("step-send {} {}", epochMicros(), getNick());
        }
        for (String part : parts) {
            sendRaw().rawLine(first + kind.line(to, part));
            first = "";
        }
        return parts;
    }

    /**
     * Shows the listener every line from the server, on the connection's thread, before PircBotX handles it (the
     * bridge reads membership and messages from the raw lines, in order). Set it before {@link #start()}.
     */
    void onLine(java.util.function.Consumer<String> listener) {
        this.lineListener = listener;
    }

    /**
     * Says goodbye with a reason and lets the server close the connection; a bot still connecting is abandoned
     * ({@link #close()}). Does not wait: PircBotX's {@code isConnected()} waits for a connect in progress, which
     * against a busy server takes as long as the TCP handshake's retries.
     */
    void quit(String reason) {
        Socket s = socket;
        if (s == null) {
            close();
        } else if (!s.isClosed()) {
            sendIRC().quitServer(IrcText.clean(reason));
        }
    }

    /**
     * The length of the {@code :nick!user@host } prefix the server puts on this bot's messages: exact once the
     * server has shown it (own JOIN, welcome, host change), the worst case before.
     */
    int sourcePrefixBytes() {
        String nick = getNick();
        return userAtHost.map(uh -> IrcLines.utf8(":" + nick + "!" + uh + " "))
                .orElseGet(() -> IrcLines.worstCasePrefixBytes(nick));
    }

    /** Whether the server confirmed a SASL login ({@code 900}, {@code 903} or {@code 907}) on this connection. */
    boolean authenticated() {
        return authenticated || caps.authenticated();
    }

    /** {@code user@host} as the server shows this bot, once it has. */
    Optional<String> userAtHost() {
        return userAtHost;
    }

    private static long epochMicros() {
        return java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
    }

    @Override
    protected void sendRawLineToServer(String line) throws IOException {
        String safe = guard(line);
        if (safe.length() < line.length()) {
            // The command only: the text is someone's message.
            log.warn("{} line cut from {} to {} characters before it went out (line break, NUL or over 510 bytes)",
                    safe.isBlank() ? "blank" : safe.strip().split(" ", 2)[0], line.length(), safe.length());
        }
        if (!safe.isBlank()) {
            super.sendRawLineToServer(safe);
            meters.sent();
        }
        if (TRACE.isDebugEnabled() && safe.startsWith("PRIVMSG ")) {
            TRACE.debug("irc-write {} {}", epochMicros(), getNick());
        }
    }

    /**
     * The line up to its first CR, LF or NUL, at most 510 bytes of UTF-8 (512 with the CR LF that follows) after its
     * IRCv3 tags, if any; tags of more than 4,094 bytes (the limit for a client's tags) are dropped.
     */
    static String guard(String line) {
        int end = line.length();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                end = i;
                break;
            }
        }
        String cut = line.substring(0, end);
        if (cut.startsWith("@")) {
            int space = cut.indexOf(' ');
            if (space < 0) {
                return ""; // tags and no command
            }
            String tags = cut.substring(0, space + 1);
            String rest = IrcLines.truncate(cut.substring(space + 1), IrcLines.MAX_LINE_BYTES - 2);
            return IrcLines.utf8(tags) <= MAX_CLIENT_TAG_BYTES + 1 ? tags + rest : rest;
        }
        return IrcLines.truncate(cut, IrcLines.MAX_LINE_BYTES - 2);
    }

    /** A mutable list that PircBotX never swaps for an unmodifiable one, so a late {@code CAP ACK} is recorded. */
    @Override
    public List<String> getEnabledCapabilities() {
        return capabilities;
    }

    /**
     * The socket's reader and writer with small buffers: PircBotX's take 8 KiB of bytes and 8 Ki chars (16 KiB) per
     * connection to read lines of at most 512 bytes, half the heap of an idle puppet. Malformed input is replaced,
     * as {@link java.io.InputStreamReader} does.
     */
    @Override
    protected void changeSocket(Socket socket) throws IOException {
        Charset charset = getConfiguration().getEncoding();
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.socket = socket;
        this.inputReader = new BufferedReader(Channels.newReader(Channels.newChannel(socket.getInputStream()), decoder,
                READ_BUFFER_BYTES), READ_BUFFER_CHARS);
        this.outputWriter = new OutputStreamWriter(socket.getOutputStream(), charset);
        if (abandoned) {
            socket.close(); // closed while connecting: the connect went through late, and is not wanted
        }
    }

    @Override
    protected ImmutableMap<InetSocketAddress, Exception> connect() throws IOException, IrcException {
        capabilities.clear();
        userAtHost = Optional.empty();
        ImmutableMap<InetSocketAddress, Exception> failures = super.connect();
        connectFailures = failures;
        return failures;
    }

    /**
     * Closes the socket; before it exists (still connecting, say to a server whose listen queue is full), makes
     * sure the connect, should it still succeed, ends at once instead of registering a connection nobody owns.
     */
    @Override
    public void close() {
        abandoned = true;
        if (socket != null) {
            super.close();
        }
    }

    @Override
    protected void onLoggedIn(String nick) {
        super.onLoggedIn(nick);
        registered.complete(null);
    }

    /**
     * Called by {@link Parser} with every line from the server before PircBotX handles it; runs for every line of
     * every connection, so it allocates only for the few lines it wants.
     */
    void observe(String tagged) {
        String line = IrcLine.untagged(tagged);
        if (!line.startsWith(":")) {
            if (line.startsWith("ERROR ")) {
                refused = true;
                if (!registered.isDone()) {
                    registered.completeExceptionally(new IrcBridgeException("the IRC server refused " + getNick()
                            + ": " + line));
                }
            }
            return;
        }
        int space = line.indexOf(' ');
        int end = space < 0 ? -1 : line.indexOf(' ', space + 1);
        if (end < 0) {
            return;
        }
        String nick = getNick();
        int bang = line.indexOf('!');
        if (bang == nick.length() + 1 && bang < space && line.regionMatches(true, 1, nick, 0, nick.length())) {
            userAtHost = Optional.of(line.substring(bang + 1, space));
            return;
        }
        if (end - space != 4) {
            return; // not a numeric reply
        }
        String numeric = line.substring(space + 1, end);
        switch (numeric) {
            // 001 on many servers ends with the full nick!user@host
            case "001" -> {
                String last = line.substring(line.lastIndexOf(' ') + 1);
                int b = last.indexOf('!');
                if (b == nick.length() && last.indexOf('@') > b && last.regionMatches(true, 0, nick, 0, b)) {
                    userAtHost = Optional.of(last.substring(b + 1));
                }
            }
            case "900", "903" -> authenticated = true;
            // 396 RPL_HOSTHIDDEN: <nick> <host> :is now your displayed host
            case "396" -> {
                String[] words = line.split(" ", 5);
                userAtHost.ifPresent(uh -> userAtHost = Optional.of(uh.substring(0, uh.indexOf('@') + 1)
                        + words[3]));
            }
            default -> {
                if (!registered.isDone() && isRegistrationError(numeric)) {
                    refused = true;
                    registered.completeExceptionally(new IrcBridgeException("the IRC server refused "
                            + nick + ": " + line));
                    close();
                }
            }
        }
    }

    /** Errors that end a registration: erroneous or taken nick, bad password, banned. CAP-related ones do not. */
    private static boolean isRegistrationError(String command) {
        return switch (command) {
            case "432", "433", "436", "437", "464", "465" -> true;
            default -> false;
        };
    }

    private void run() {
        try {
            startBot();
        } catch (Exception | Error e) {
            registered.completeExceptionally(new IrcBridgeException("IRC connection of " + getNick() + " failed", e));
            log.warn("IRC connection of {} failed", getNick(), e);
        } finally {
            if (!registered.isDone()) {
                registered.completeExceptionally(new IrcBridgeException("IRC connection of " + getNick() + " "
                        + (connectFailures.isEmpty() ? "ended before the server welcomed it" : failures())));
            }
            finished.complete(null);
        }
    }

    private String failures() {
        Map<InetSocketAddress, Exception> failures = connectFailures;
        if (failures.isEmpty()) {
            return "";
        }
        StringJoiner out = new StringJoiner(", ", "could not connect to ", "");
        failures.forEach((address, e) -> out.add(address.getHostString() + ":" + address.getPort() + " ("
                + e.getMessage() + ")"));
        return out.toString();
    }

    /**
     * PircBotX's parser with a look at each line first. A puppet's parser ({@code ownStateOnly}) hands PircBotX only
     * the lines about the puppet itself once it is registered ({@link PuppetLines}).
     */
    static final class Parser extends org.pircbotx.InputParser {
        private final SafeBot bot;
        private final boolean ownStateOnly;

        Parser(SafeBot bot, boolean ownStateOnly) {
            super(bot);
            this.bot = bot;
            this.ownStateOnly = ownStateOnly;
        }

        @Override
        public void handleLine(String rawLine) throws IOException, IrcException {
            if (TRACE.isDebugEnabled() && rawLine.contains(" PRIVMSG ")) {
                TRACE.debug("irc-read {} {}", epochMicros(), bot.getNick());
            }
            bot.observe(rawLine);
            boolean negotiation = false;
            if (!bot.caps.ended() || rawLine.contains(" CAP ")) {
                negotiation = IrcLine.parse(rawLine).map(bot.caps::line).orElse(false);
            }
            try {
                bot.lineListener.accept(rawLine);
            } catch (RuntimeException e) {
                log.warn("IRC line listener of {} failed", bot.getNick(), e);
            }
            if (!negotiation && (!ownStateOnly || !bot.loggedIn || PuppetLines.concernsSelf(rawLine, bot.getNick()))) {
                try {
                    super.handleLine(rawLine);
                } catch (RuntimeException e) {
                    // PircBotX 2.1's own state tracking trips over some valid lines (a KICK of a user it does not
                    // know, a MODE whose nick has a leading ':'); it would log each at ERROR with a stack trace. The
                    // bridge has already handled the line above and keeps its own channel state.
                    log.debug("PircBotX could not follow a line of {} ({}): {}", bot.getNick(), e.toString(), rawLine);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SafeBot[" + getNick() + ", " + getState().name().toLowerCase(Locale.ROOT) + "]";
    }
}
