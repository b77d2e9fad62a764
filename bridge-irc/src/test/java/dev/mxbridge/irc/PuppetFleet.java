package dev.mxbridge.irc;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * Many puppets connected the way the bridge connects them, for the connection benchmark: {@link Puppets} opens an
 * {@link IrcConnection} per Matrix user, each with a puppet bot from {@link IrcBots} (no state about other users),
 * paced by one {@link Pacer}, and every line a puppet gets goes through {@link PrivateChats}, exactly as
 * {@code IrcConnector} does, minus Matrix. Part of this module's test jar, which {@code bench} depends on: the
 * classes it drives are the bridge's internals, so the harness is compiled with them rather than beside them.
 */
public final class PuppetFleet implements AutoCloseable {
    private static final int MAX_NICK_LENGTH = 31;

    private final int size;
    private final IntFunction<String> channelOf;
    private final Puppets puppets;
    private final AtomicInteger bots = new AtomicInteger();

    /**
     * @param channelOf the channel of puppet {@code i}
     * @param lines     sees (puppet index, raw line) for every line any puppet receives, on that puppet's thread
     */
    public PuppetFleet(String host, int port, Duration connectInterval, int size, IntFunction<String> channelOf,
                       BiConsumer<Integer, String> lines) {
        this.size = size;
        this.channelOf = channelOf;
        IrcBots ircBots = new IrcBots(IrcNetwork.plain(host, port, Duration.ZERO));
        Pacer pacer = new Pacer(connectInterval);
        IrcConnection.Nicks nicks = new IrcConnection.Nicks() {
            @Override
            public void taken(String nick) {
            }

            @Override
            public void released(String nick) {
            }
        };
        // what the bridge does with each line a puppet gets; pushes nothing here, as no one sends a private message
        PrivateChats privateChats = new PrivateChats(nick -> false, event -> { }, InstantSource.system(), "bench");
        Puppets.Opener opener = (matrixUser, nick) -> {
            int index = index(matrixUser);
            IrcConnection connection = new IrcConnection(nick, MAX_NICK_LENGTH, n -> {
                bots.incrementAndGet();
                return ircBots.puppet(n);
            }, pacer, nicks, line -> {
                privateChats.line(matrixUser, line);
                lines.accept(index, line);
            });
            connection.start();
            return connection;
        };
        puppets = new Puppets(opener, (user, displayName) -> displayName, size, Duration.ZERO, InstantSource.system());
    }

    /** Asks for every puppet: each connects (paced) and joins its channel on its own thread. */
    public void start() {
        for (int i = 0; i < size; i++) {
            puppets.joined(user(i), nick(i), Optional.of(channelOf.apply(i)));
        }
    }

    /** How many puppets are registered, and how many of those are in their channel. */
    public int[] progress() {
        int registered = 0;
        int joined = 0;
        for (int i = 0; i < size; i++) {
            Optional<IrcConnection> c = puppets.connection(user(i));
            if (c.isPresent() && c.get().nick().isPresent()) {
                registered++;
                if (c.get().isIn(channelOf.apply(i))) {
                    joined++;
                }
            }
        }
        return new int[] {registered, joined};
    }

    /** Bots created so far: one per connect attempt, so more than the fleet's size means retries. */
    public int connectAttempts() {
        return bots.get();
    }

    /** Puppet {@code i} says the text in its channel, as the bridge sends a Matrix user's message. */
    public void say(int i, String text) throws InterruptedException {
        IrcConnection c = puppets.connection(user(i)).orElseThrow();
        c.send(IrcLines.Kind.PRIVMSG, channelOf.apply(i), text, Duration.ofSeconds(20));
    }

    public static String nick(int i) {
        return "p" + i;
    }

    private static String user(int i) {
        return "@p" + i + ":bench.test";
    }

    private static int index(String matrixUser) {
        return Integer.parseInt(matrixUser.substring(2, matrixUser.indexOf(':')));
    }

    /** Quits every puppet, without waiting for the server. */
    @Override
    public void close() {
        puppets.stopAll("benchmark done");
    }
}
