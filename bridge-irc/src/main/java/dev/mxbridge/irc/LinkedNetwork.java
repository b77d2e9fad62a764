package dev.mxbridge.irc;

import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteEvent.Membership.Change;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteUserId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The IRC network as a linked server sees it: every user (from {@code NICK} introductions) and every channel's
 * members ({@code NJOIN}, {@code JOIN}) and topic ({@code CHANINFO}, {@code TOPIC}), kept from the peer's burst and
 * the lines after it. The network's users are ghosts in Matrix: what they do in a bridged channel becomes a
 * {@link RemoteEvent}. Our own users' lines never come back over the link, so everything here is someone else's.
 *
 * <p>Across a re-link the state is reconciled, not replayed: a member already known is not joined again, and at
 * the end of the new burst whoever is gone (a netsplit while the link was down) leaves. Matrix sees no membership
 * storm. A netsplit inside the network ({@code SQUIT} of another server) holds its users back for
 * {@code quit_debounce}: if they come back with their server and rejoin in time, Matrix sees nothing.
 *
 * <p>Not thread-safe: fed by the link's reader thread; the readers {@link #nickInUse}, {@link #members} and
 * {@link #topic} take the same lock.
 */
final class LinkedNetwork {
    /** A network user: the nick as written, {@code user@host}, and the token of the server it is on. */
    private record User(String nick, String userHost, String server) {
    }

    /** A user split off with their server: the channels they were in, until {@code until}. */
    private record Held(String nick, String server, Set<String> channels, Instant until) {
    }

    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Map<String, String>> members = new HashMap<>();
    private final Map<String, String> topics = new HashMap<>();
    /** Server tokens by name, and names by token: who is behind a {@code SQUIT}. */
    private final Map<String, String> serverTokens = new HashMap<>();
    private final Predicate<String> bridged;
    private final Predicate<String> own;
    private final ChannelRanks ranks = new ChannelRanks();
    private final Map<String, Held> held = new HashMap<>();
    private final Duration debounce;
    private final InstantSource clock;
    private final Consumer<RemoteEvent> push;
    private final String idPrefix;
    private final AtomicLong ids = new AtomicLong();
    private volatile ChannelTracker.OwnRanks ownRanks = (channel, nick, level) -> { };
    private Set<String> seenUsers;
    private Map<String, Set<String>> seenMembers;

    /**
     * @param bridged whether a channel (lower case) is linked to Matrix: only its events are pushed
     * @param push    where events for Matrix go
     * @param own      whether a nick is one of our users' (their ranks are not ghosts' power levels)
     * @param debounce how long users split off with their server are held back, waiting for the netjoin
     */
    LinkedNetwork(Predicate<String> bridged, Consumer<RemoteEvent> push, String idPrefix, Predicate<String> own,
                  Duration debounce, InstantSource clock) {
        this.bridged = bridged;
        this.own = own;
        this.debounce = debounce;
        this.clock = clock;
        this.push = push;
        this.idPrefix = idPrefix;
    }

    /** Told when a user of ours gets or loses ops or voice (their rank is no ghost's power level). */
    void onOwnRanks(ChannelTracker.OwnRanks listener) {
        this.ownRanks = listener;
    }

    /** The link is up and the peer's burst starts: what it names is noted, for {@link #burstEnded}. */
    synchronized void linked(String peer) {
        seenUsers = new HashSet<>();
        seenMembers = new HashMap<>();
        serverTokens.clear();
        serverTokens.put("1", peer);
    }

    /** The burst ended: users and members it did not name left the network while the link was down. */
    synchronized void burstEnded() {
        if (seenUsers == null) {
            return;
        }
        for (String folded : List.copyOf(users.keySet())) {
            if (!seenUsers.contains(folded)) {
                quit(users.get(folded).nick(), "left while the server link was down");
            }
        }
        members.forEach((channel, present) -> {
            Set<String> seen = seenMembers.getOrDefault(channel, Set.of());
            for (var member : List.copyOf(present.entrySet())) {
                if (!seen.contains(member.getKey())) {
                    present.remove(member.getKey());
                    membership(channel, member.getValue(), member.getValue(), Change.LEAVE, Optional.empty());
                }
            }
        });
        seenUsers = null;
        seenMembers = null;
    }

    /** Whether a network user holds the nick (case-insensitively). */
    synchronized boolean nickInUse(String nick) {
        return users.containsKey(IrcNames.fold(nick));
    }

    /** A network user's {@code user@host}, as a ban would match it. */
    synchronized Optional<String> userHost(String nick) {
        return Optional.ofNullable(users.get(IrcNames.fold(nick))).map(User::userHost);
    }

    /** The network's members of a channel (nicks as written). */
    synchronized List<String> members(String channel) {
        return List.copyOf(members.getOrDefault(channel, Map.of()).values());
    }

    /** Whether the network user or one of ours holds ops ({@code +o} or higher) in the channel. */
    synchronized boolean isOp(String channel, String nick) {
        return ranks.isOp(channel, nick);
    }

    /** A member's rank as a Matrix power level: 50 for ops, 1 for voice, 0 otherwise. */
    synchronized int level(String channel, String nick) {
        return ranks.level(channel, nick);
    }

    /** One of our users changed ranks: noted here, without a word to Matrix (the change came from there). */
    synchronized void ranksByUs(String channel, String change, List<String> nicks) {
        ranks.mode(channel, change, nicks);
    }

    /**
     * One of our users kicked a network user: out of the channel here too, without a word to Matrix (the kick came
     * from there; the peer does not send our own lines back).
     */
    synchronized void kickedByUs(String channel, String nick) {
        ranks.left(channel, nick);
        Map<String, String> present = members.get(channel);
        if (present != null && present.remove(IrcNames.fold(nick)) != null && present.isEmpty()) {
            members.remove(channel);
        }
    }

    /** The channel's topic, if it has one. */
    synchronized Optional<String> topic(String channel) {
        return Optional.ofNullable(topics.get(channel)).filter(t -> !t.isEmpty());
    }

    /** A line from the peer; lines of our own users are never among them. */
    synchronized void line(IrcLine line) {
        String source = line.nick().orElse("");
        switch (line.command()) {
            case "SERVER" -> serverTokens.put(line.param(2), line.param(0));
            case "NICK" -> {
                if (line.params().size() >= 7) {
                    introduced(line.param(0), line.param(2) + "@" + line.param(3), line.param(4));
                } else {
                    renamed(source, line.param(0));
                }
            }
            case "NJOIN" -> IrcNames.channel(line.param(0)).ifPresent(channel -> {
                List<String> ranked = new java.util.ArrayList<>();
                for (String entry : line.param(1).split(",")) {
                    String nick = ranks.named(channel, entry);
                    if (!nick.isEmpty()) {
                        joined(channel, nick);
                        if (ranks.level(channel, nick) > 0) {
                            ranked.add(nick);
                        }
                    }
                }
                levels(channel, source, ranked);
            });
            case "JOIN" -> {
                for (String target : line.param(0).split(",")) {
                    String[] parts = target.split("\u0007", 2); // RFC 2813: #chan^Go joins with ops
                    IrcNames.channel(parts[0]).ifPresent(channel -> {
                        joined(channel, source);
                        if (parts.length == 2 && !parts[1].isEmpty()) {
                            levels(channel, source, ranks.mode(channel, "+" + parts[1],
                                    java.util.Collections.nCopies(parts[1].length(), source)));
                        }
                    });
                }
            }
            case "MODE" -> IrcNames.channel(line.param(0)).ifPresent(channel -> levels(channel, source,
                    ranks.mode(channel, line.param(1), line.params().subList(Math.min(2, line.params().size()),
                            line.params().size()))));
            case "PART" -> {
                for (String target : line.param(0).split(",")) {
                    left(IrcNames.channel(target).orElse(""), source, source, Change.LEAVE, reason(line, 1));
                }
            }
            case "KICK" -> left(IrcNames.channel(line.param(0)).orElse(""), source, line.param(1), Change.KICK,
                    reason(line, 2));
            case "QUIT" -> quit(source, line.param(0));
            case "KILL" -> quit(line.param(0), "killed: " + line.param(1));
            case "SQUIT" -> squit(line.param(0));
            case "CHANINFO" -> IrcNames.channel(line.param(0)).ifPresent(channel -> {
                if (line.params().size() == 3 || line.params().size() == 5) {
                    topic(channel, source, line.params().getLast());
                }
            });
            case "TOPIC" -> IrcNames.channel(line.param(0)).ifPresent(channel -> topic(channel, source, line.param(1)));
            case "PRIVMSG", "NOTICE" -> IrcNames.channel(line.param(0)).filter(bridged).ifPresent(channel ->
                    ChannelTracker.content(line.command().equals("NOTICE"), line.param(1)).ifPresent(content ->
                            push.accept(new RemoteEvent.Message(ChannelTracker.room(channel), new RemoteUserId(source),
                                    Optional.of(source), RemoteMessageId.of(idPrefix + "-" + ids.incrementAndGet()),
                                    Instant.now(), content, Optional.empty()))));
            default -> {
                // modes, away, metadata, numerics: not bridged in link mode yet
            }
        }
    }

    /**
     * A channel just became bridged: joins for every network member, so its ghosts are there, their ranks, and its
     * topic (which may have arrived between the portal's creation and now).
     */
    synchronized void announce(String channel) {
        members.getOrDefault(channel, Map.of()).values()
                .forEach(nick -> membership(channel, nick, nick, Change.JOIN, Optional.empty()));
        levels(channel, channel, members.getOrDefault(channel, Map.of()).values().stream()
                .filter(nick -> ranks.level(channel, nick) > 0).toList());
        topic(channel).ifPresent(topic -> push.accept(new RemoteEvent.RoomInfo(ChannelTracker.room(channel),
                new RemoteUserId(channel), Optional.empty(), Optional.of(topic), Optional.empty(), Instant.now())));
    }

    private void introduced(String nick, String userHost, String serverToken) {
        String folded = IrcNames.fold(nick);
        users.put(folded, new User(nick, userHost, serverToken));
        if (seenUsers != null) {
            seenUsers.add(folded);
        }
    }

    private void renamed(String from, String to) {
        ranks.renamed(from, to);
        User user = users.remove(IrcNames.fold(from));
        if (user == null) {
            return;
        }
        users.put(IrcNames.fold(to), new User(to, user.userHost(), user.server()));
        members.forEach((channel, present) -> {
            if (present.remove(IrcNames.fold(from)) != null) {
                present.put(IrcNames.fold(to), to);
                membership(channel, from, from, Change.LEAVE, Optional.of("now known as " + to));
                membership(channel, to, to, Change.JOIN, Optional.empty());
            }
        });
    }

    private void joined(String channel, String nick) {
        if (channel.isEmpty() || nick.isEmpty()) {
            return;
        }
        String folded = IrcNames.fold(nick);
        if (seenMembers != null) {
            seenMembers.computeIfAbsent(channel, c -> new HashSet<>()).add(folded);
        }
        Held split = held.get(folded);
        boolean back = split != null && split.channels().remove(channel); // the netjoin: Matrix saw no leave
        if (members.computeIfAbsent(channel, c -> new LinkedHashMap<>()).put(folded, nick) == null && !back) {
            membership(channel, nick, nick, Change.JOIN, Optional.empty());
        }
    }

    private void left(String channel, String actor, String nick, Change change, Optional<String> reason) {
        Map<String, String> present = members.get(channel);
        ranks.left(channel, nick);
        if (present != null && present.remove(IrcNames.fold(nick)) != null) {
            membership(channel, actor, nick, change, reason);
            if (present.isEmpty()) {
                members.remove(channel);
            }
        }
    }

    private void quit(String nick, String reason) {
        users.remove(IrcNames.fold(nick));
        ranks.quit(nick);
        for (String channel : List.copyOf(members.keySet())) {
            left(channel, nick, nick, Change.LEAVE, Optional.of(reason).filter(r -> !r.isBlank()));
        }
    }

    /**
     * A server left the network: its users with it, but held back for the debounce. If the server comes back
     * (netjoin) and they rejoin in time, Matrix sees nothing; else they leave at {@link #expireHeld}.
     */
    private void squit(String server) {
        Set<String> tokens = new HashSet<>();
        serverTokens.forEach((token, name) -> {
            if (name.equalsIgnoreCase(server)) {
                tokens.add(token);
            }
        });
        Instant until = clock.instant().plus(debounce);
        for (User user : List.copyOf(users.values())) {
            if (tokens.contains(user.server())) {
                String folded = IrcNames.fold(user.nick());
                Set<String> channels = new HashSet<>();
                members.forEach((channel, present) -> {
                    if (present.remove(folded) != null) {
                        channels.add(channel);
                    }
                });
                users.remove(folded);
                ranks.quit(user.nick());
                held.put(folded, new Held(user.nick(), server, channels, until));
            }
        }
    }

    /** Users split off longer than the debounce leave the channels they have not rejoined. */
    synchronized void expireHeld() {
        Instant now = clock.instant();
        for (var entry : List.copyOf(held.entrySet())) {
            Held split = entry.getValue();
            if (!now.isBefore(split.until())) {
                held.remove(entry.getKey());
                split.channels().forEach(channel -> membership(channel, split.nick(), split.nick(), Change.LEAVE,
                        Optional.of("netsplit: " + split.server())));
            }
        }
    }

    private void topic(String channel, String by, String topic) {
        if (topic.equals(topics.getOrDefault(channel, ""))) {
            return;
        }
        topics.put(channel, topic);
        if (bridged.test(channel)) {
            push.accept(new RemoteEvent.RoomInfo(ChannelTracker.room(channel), new RemoteUserId(by), Optional.empty(),
                    Optional.of(topic), Optional.empty(), Instant.now()));
        }
    }

    private void membership(String channel, String actor, String member, Change change, Optional<String> reason) {
        if (bridged.test(channel)) {
            push.accept(new RemoteEvent.Membership(ChannelTracker.room(channel), new RemoteUserId(actor),
                    new RemoteUserId(member), change, reason, Instant.now()));
        }
    }

    /**
     * The Matrix power levels of network users whose rank changed: ops 50, voice 1 ({@link ChannelRanks}); our own
     * users' to {@link #onOwnRanks}.
     */
    private void levels(String channel, String actor, List<String> nicks) {
        Map<RemoteUserId, Integer> levels = new LinkedHashMap<>();
        for (String nick : nicks) {
            if (own.test(nick)) {
                ownRanks.changed(channel, nick, ranks.level(channel, nick));
            } else {
                levels.put(new RemoteUserId(nick), ranks.level(channel, nick));
            }
        }
        if (!levels.isEmpty() && bridged.test(channel)) {
            push.accept(new RemoteEvent.PowerLevels(ChannelTracker.room(channel), new RemoteUserId(actor), levels,
                    Instant.now()));
        }
    }

    private static Optional<String> reason(IrcLine line, int index) {
        return Optional.of(line.param(index)).filter(r -> !r.isBlank());
    }
}
