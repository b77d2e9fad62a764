package dev.mxbridge.irc;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matrix users of the bridge's rooms and their puppet connections: which channels each user is to be in (the
 * portals they joined), the nick they chose, and when they last did something on Matrix. A puppet that quit (the
 * user's {@code quit}, or no Matrix activity for {@code idle_timeout}) is remembered with its channels and connects
 * again on the user's next message or join ({@link #active}, {@link #joined}); until then it is not in its
 * channels, which {@link #allIn} tells the privacy rule.
 *
 * <p>Thread-safe. Nothing here waits on the network: connections start and quit on their own threads, and are
 * stopped outside the lock, since the bridge bot's line thread asks {@link #allIn} for every channel message.
 */
final class Puppets {
    private static final Logger log = LoggerFactory.getLogger(Puppets.class);

    /** Creates and starts a connection for a Matrix user under a nick. */
    interface Opener {
        IrcConnection open(String matrixUser, String nick);
    }

    private static final class Puppet {
        String displayName;
        Optional<String> nick = Optional.empty();
        final Set<String> channels = new LinkedHashSet<>();
        IrcConnection connection;
        Instant lastActive;

        Puppet(String displayName) {
            this.displayName = displayName;
        }
    }

    private final Map<String, Puppet> puppets = new LinkedHashMap<>();
    private final Opener opener;
    private final BiFunction<String, String, String> nickFor;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final InstantSource clock;

    /**
     * @param nickFor        the nick of a user (Matrix id, display name) who has not chosen one
     * @param maxConnections users beyond this many connections have none (they are relayed)
     * @param idleTimeout    zero: puppets never quit for idleness
     */
    Puppets(Opener opener, BiFunction<String, String, String> nickFor, int maxConnections, Duration idleTimeout,
            InstantSource clock) {
        this.opener = opener;
        this.nickFor = nickFor;
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /**
     * The user joined a portal of the channel (or, without a channel, a private chat): their puppet joins it,
     * connecting first if needed. Empty if the connection limit is reached.
     */
    synchronized Optional<IrcConnection> joined(String matrixUser, String displayName, Optional<String> channel) {
        Puppet p = puppets.computeIfAbsent(matrixUser, u -> new Puppet(displayName));
        p.displayName = displayName;
        channel.ifPresent(p.channels::add);
        Optional<IrcConnection> connection = wake(matrixUser, p);
        connection.ifPresent(c -> channel.ifPresent(c::join));
        return connection;
    }

    /** The user left a portal: the puppet parts the channel, and quits if it was the user's last. */
    void left(String matrixUser, String channel) {
        IrcConnection stop = null;
        synchronized (this) {
            Puppet p = puppets.get(matrixUser);
            if (p == null) {
                return;
            }
            p.channels.remove(channel);
            if (p.connection != null) {
                p.connection.part(channel, "left the Matrix room");
            }
            if (p.channels.isEmpty()) {
                puppets.remove(matrixUser);
                stop = p.connection;
            }
        }
        if (stop != null) {
            stop.stop("left Matrix");
        }
    }

    /**
     * The user's puppet is out of the channel for good (kicked, banned, refused): forgets the channel without a
     * {@code PART}, so the privacy rule no longer waits for it, and quits if it was the user's last.
     */
    void removed(String matrixUser, String channel) {
        IrcConnection stop = null;
        synchronized (this) {
            Puppet p = puppets.get(matrixUser);
            if (p == null || !p.channels.remove(channel)) {
                return;
            }
            if (p.channels.isEmpty()) {
                puppets.remove(matrixUser);
                stop = p.connection;
            }
        }
        if (stop != null) {
            stop.stop("left Matrix");
        }
    }

    /** The user did something on Matrix: their connection, reconnected if it had quit; empty if they have none. */
    synchronized Optional<IrcConnection> active(String matrixUser) {
        Puppet p = puppets.get(matrixUser);
        return p == null ? Optional.empty() : wake(matrixUser, p);
    }

    /** The user did something that needs no connection (a command): counts as activity, connects nothing. */
    synchronized void touched(String matrixUser) {
        Optional.ofNullable(puppets.get(matrixUser)).ifPresent(p -> p.lastActive = clock.instant());
    }

    /** The user's connection as it is, without counting as activity. */
    synchronized Optional<IrcConnection> connection(String matrixUser) {
        return Optional.ofNullable(puppets.get(matrixUser)).map(p -> p.connection);
    }

    /** Whether the bridge knows the user (they are in a portal or private chat). */
    /** The Matrix user whose connected puppet goes by this nick (IRC case-insensitively). */
    synchronized Optional<String> userByNick(String nick) {
        String folded = IrcNames.fold(nick);
        for (Map.Entry<String, Puppet> e : puppets.entrySet()) {
            IrcConnection c = e.getValue().connection;
            if (c != null && c.nick().map(IrcNames::fold).filter(folded::equals).isPresent()) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    synchronized boolean knows(String matrixUser) {
        return puppets.containsKey(matrixUser);
    }

    /** The channels of the user's portals. */
    synchronized List<String> channels(String matrixUser) {
        return Optional.ofNullable(puppets.get(matrixUser)).map(p -> List.copyOf(p.channels)).orElse(List.of());
    }

    /**
     * The user's display name changed: their puppet, if named after it (no nick of their choosing), takes the new
     * name's nick now if connected (a taken nick keeps the old one), else when it connects.
     */
    void renamed(String matrixUser, String displayName) throws InterruptedException {
        IrcConnection connection;
        String nick;
        synchronized (this) {
            Puppet p = puppets.get(matrixUser);
            if (p == null || p.displayName.equals(displayName)) {
                return;
            }
            p.displayName = displayName;
            if (p.nick.isPresent() || p.connection == null) {
                return;
            }
            connection = p.connection;
            nick = nickFor.apply(matrixUser, displayName);
        }
        if (connection.nick().map(IrcNames::fold).filter(IrcNames.fold(nick)::equals).isPresent()) {
            return;
        }
        try {
            connection.rename(nick, java.time.Duration.ofSeconds(10));
        } catch (IrcBridgeException e) {
            log.info("{}'s puppet keeps its nick after a display name change: {}", matrixUser, e.getMessage());
        }
    }

    /** The nick the user chose ({@code nick}), used from now on, also after reconnects. */
    synchronized void chose(String matrixUser, String nick) {
        Optional.ofNullable(puppets.get(matrixUser)).ifPresent(p -> p.nick = Optional.of(nick));
    }

    /** Disconnects the user's puppet until their next activity; false if it was not connected. */
    boolean quit(String matrixUser, String reason) {
        return disconnect(matrixUser, reason).isPresent();
    }

    /**
     * Disconnects the user's puppet and connects it again once the old connection has ended (so the server has
     * released the nick); empty if the user has no puppet or the connection limit is reached.
     */
    Optional<IrcConnection> reconnect(String matrixUser) throws InterruptedException {
        Optional<CompletableFuture<Void>> ended = disconnect(matrixUser, "reconnecting");
        if (ended.isPresent()) {
            try {
                ended.get().get();
            } catch (ExecutionException e) {
                log.debug("the old connection of {} ended badly", matrixUser, e);
            }
        }
        return active(matrixUser);
    }

    private Optional<CompletableFuture<Void>> disconnect(String matrixUser, String reason) {
        IrcConnection stop;
        synchronized (this) {
            Puppet p = puppets.get(matrixUser);
            stop = p == null ? null : p.connection;
            if (stop != null) {
                p.connection = null;
            }
        }
        return Optional.ofNullable(stop).map(c -> c.stop(reason));
    }

    /**
     * Whether every Matrix member of the channel's portals has a puppet in the channel now.
     *
     * @param present whether a nick is in the channel, as the bridge bot sees it
     */
    synchronized boolean allIn(String channel, Predicate<String> present) {
        return puppets.values().stream().filter(p -> p.channels.contains(channel))
                .allMatch(p -> p.connection != null && p.connection.nick().filter(present).isPresent());
    }

    /** The Matrix members of the channel's portals and their display names, to remember across restarts. */
    synchronized Map<String, String> members(String channel) {
        Map<String, String> members = new LinkedHashMap<>();
        puppets.forEach((user, p) -> {
            if (p.channels.contains(channel)) {
                members.put(user, p.displayName);
            }
        });
        return members;
    }

    /** Quits the puppets whose users did nothing on Matrix for the idle timeout; returns those users. */
    List<String> expireIdle() {
        if (idleTimeout.isZero()) {
            return List.of();
        }
        List<String> idle = new ArrayList<>();
        synchronized (this) {
            Instant cutoff = clock.instant().minus(idleTimeout);
            puppets.forEach((user, p) -> {
                if (p.connection != null && !p.lastActive.isAfter(cutoff)) {
                    idle.add(user);
                }
            });
        }
        idle.forEach(user -> quit(user, "idle on Matrix"));
        return idle;
    }

    /** Quits every puppet (the bridge stops). */
    void stopAll(String reason) {
        List<IrcConnection> stop = new ArrayList<>();
        synchronized (this) {
            puppets.values().stream().filter(p -> p.connection != null).forEach(p -> stop.add(p.connection));
            puppets.clear();
        }
        stop.forEach(c -> c.stop(reason));
    }

    /** Counts as activity; connects the puppet (wanting its channels) unless connected or at the limit. */
    private Optional<IrcConnection> wake(String matrixUser, Puppet p) {
        p.lastActive = clock.instant();
        if (p.connection == null) {
            long connected = puppets.values().stream().filter(other -> other.connection != null).count();
            if (connected >= maxConnections) {
                log.warn("{} puppets connected, the limit: {} is relayed", connected, matrixUser);
                return Optional.empty();
            }
            p.connection = opener.open(matrixUser, p.nick.orElseGet(() -> nickFor.apply(matrixUser, p.displayName)));
            p.channels.forEach(p.connection::join);
        }
        return Optional.of(p.connection);
    }
}
