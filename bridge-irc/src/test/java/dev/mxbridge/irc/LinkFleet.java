package dev.mxbridge.irc;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Many Matrix users introduced through the server link the way link mode introduces them, for the link benchmark:
 * {@link LinkedUsers} over a {@link ServerLink}, with the network's burst read into a {@link LinkedNetwork} that
 * pushes nowhere, as {@code LinkMode} does minus Matrix. "Done" is the answer to a {@code PING} sent after the last
 * line: the ircd handles a link's lines in order, so by then it has taken every user and join. Part of this module's
 * test jar, like {@link PuppetFleet}.
 */
public final class LinkFleet implements AutoCloseable {
    private final LinkConfig config;
    private final LinkedNetwork network = new LinkedNetwork(channel -> false, event -> { }, "bench", nick -> false,
            Duration.ofSeconds(30), java.time.InstantSource.system());
    private final LinkDialect dialect;
    private final LinkedUsers users;
    private final AtomicReference<ServerLink> link = new AtomicReference<>();
    private final AtomicLong tokens = new AtomicLong();
    private volatile CompletableFuture<Void> burst = new CompletableFuture<>();
    private volatile String pingToken = "";
    private volatile CompletableFuture<Void> pong = new CompletableFuture<>();

    /** A fleet that links to {@code host:port} as {@code serverName}, speaking RFC 2813 (ngIRCd). */
    public LinkFleet(String host, int port, String serverName, String sendPassword, String acceptPassword) {
        this(host, port, serverName, sendPassword, acceptPassword, false);
    }

    /** A fleet that links to {@code host:port} as {@code serverName}, speaking TS6 (SID {@code 0MX}) or RFC 2813. */
    public LinkFleet(String host, int port, String serverName, String sendPassword, String acceptPassword, boolean ts6) {
        config = new LinkConfig(ts6 ? LinkConfig.Protocol.TS6 : LinkConfig.Protocol.RFC2813, serverName,
                "mxbridge link benchmark", sendPassword, acceptPassword, host, port, Duration.ofMillis(200),
                Duration.ofSeconds(2), ts6 ? "0MX" : "");
        dialect = LinkDialect.of(config);
        users = new LinkedUsers(dialect, "{localpart}[m]", 31, network::nickInUse, line -> link.get().send(line));
    }

    /** Links (or links again, as after a restart) and waits until our burst is out and taken; returns when it is. */
    public void link(Duration timeout) throws Exception {
        ServerLink old = link.get();
        if (old != null) {
            old.stop(users.leaving("restarting"), timeout); // as LinkMode.stop does
        }
        burst = new CompletableFuture<>();
        ServerLink fresh = new ServerLink(config, dialect, new ServerLink.Handler() {
            @Override
            public void linked(String peer) {
                users.down();
                network.linked(peer);
            }

            @Override
            public void burstEnded() {
                network.burstEnded();
                users.burst();
                burst.complete(null);
            }

            @Override
            public void line(IrcLine line) {
                if ((line.command().equals("PONG") || line.command().equals("401")) && line.params().contains(pingToken)) {
                    pong.complete(null);
                }
                network.line(line);
            }

            @Override
            public void dropped(String why) {
                users.down();
            }
        });
        link.set(fresh);
        fresh.start();
        burst.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        sync(timeout);
    }

    /** Introduces users {@code from} to {@code to - 1} ({@code @u<i>:bench}) and joins each to its channel. */
    public void introduce(int from, int to, IntFunction<String> channelOf) {
        for (int i = from; i < to; i++) {
            users.joined("@u" + i + ":bench", "u" + i, channelOf.apply(i));
        }
    }

    /**
     * Waits until the IRC server has handled every line sent so far. RFC 2813: a {@code PING} whose token the
     * {@code PONG} echoes. TS6 servers (hybrid 8) answer a server's {@code PING} without its token, so there one of
     * our users writes to a nick named after the token, which nobody has: the {@code 401} names it. With no user of
     * ours yet, the peer's end of burst was the last thing to wait for.
     */
    public void sync(Duration timeout) throws Exception {
        pong = new CompletableFuture<>();
        pingToken = "sync" + tokens.incrementAndGet();
        if (config.protocol() == LinkConfig.Protocol.TS6) {
            Optional<String> uid = users.user("@u0:bench").map(LinkedUsers.User::uid);
            if (uid.isEmpty()) {
                return;
            }
            link.get().send(":" + uid.get() + " PRIVMSG " + pingToken + " :sync");
        } else {
            link.get().send(":" + dialect.source() + " PING :" + pingToken);
        }
        pong.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many users are introduced. */
    public int size() {
        return users.size();
    }

    @Override
    public void close() {
        ServerLink current = link.get();
        if (current != null) {
            current.stop();
        }
    }
}
