package dev.mxbridge.irc;

import dev.mxbridge.core.client.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix users as users of our own server: {@code nick!user@server}, introduced with one line each and joined to the
 * channels of the portals they are in; the protocol's {@link LinkDialect} writes the lines. While the link is down,
 * changes are only noted; the burst after a re-link introduces everyone again ({@link #burst}).
 *
 * <p>Nick collisions: a nick is chosen free of the network's users and of ours ({@code Alice[m]}, then
 * {@code Alice2[m]}, ...), so the bridge never makes the network kill one of its users. If the network still kills
 * ours (a collision with a user introduced at the same moment), the user is introduced again under the next free
 * nick ({@link #killed}). A user the network introduces under the nick of one of ours (crossing introductions, in
 * TS6 settled by timestamps on the network's side) makes the bridge rename its own user ({@link #collided}).
 *
 * <p>Every value from Matrix goes through {@link IrcText} before it is part of a line. Thread-safe.
 */
final class LinkedUsers {
    private static final Logger log = LoggerFactory.getLogger(LinkedUsers.class);
    /**
     * One Matrix user on our server.
     *
     * @param uid the TS6 UID, constant while the user is on the network; empty in RFC 2813
     * @param ts  when the user took the nick, in seconds: TS6's nick timestamp
     */
    record User(String matrixUser, String displayName, String nick, String userName, Set<String> channels,
                String uid, long ts) {
        /** The real name field: the display name and the Matrix ID. */
        String realName() {
            return displayName + " (" + matrixUser + ")";
        }
    }

    /** Where lines go. */
    interface Wire {
        void send(String line);
    }

    private final LinkDialect dialect;
    private final String nickTemplate;
    private final int maxNickLength;
    private final Predicate<String> takenOnNetwork;
    private final Wire wire;
    /** Our users' host: our server's name. */
    private final String host;
    private final Map<String, User> byMatrixUser = new LinkedHashMap<>();
    private final Map<String, String> byNick = new HashMap<>();
    /** Matrix users away (their presence), with the message their user shows; kept for the next burst. */
    private final Map<String, String> away = new HashMap<>();
    /** Whether our burst went out on the current link: until then changes are only noted. */
    private boolean up;

    LinkedUsers(LinkDialect dialect, String nickTemplate, int maxNickLength, Predicate<String> takenOnNetwork,
                Wire wire) {
        this.dialect = dialect;
        this.nickTemplate = nickTemplate;
        this.maxNickLength = maxNickLength;
        this.takenOnNetwork = takenOnNetwork;
        this.wire = wire;
        this.host = dialect.host();
    }

    /** The user joined a portal: introduced if new, then joined to the channel. */
    synchronized void joined(String matrixUser, String displayName, String channel) {
        User user = byMatrixUser.get(matrixUser);
        if (user == null) {
            user = add(matrixUser, displayName, new LinkedHashSet<>());
            if (up) {
                introduce(user);
            }
        }
        if (user.channels().add(channel) && up) {
            wire.send(dialect.join(user, channel));
        }
    }

    /** The user is in a private chat with an IRC user: introduced if new, so that the chat has someone to talk to. */
    synchronized void present(String matrixUser, String displayName) {
        if (!byMatrixUser.containsKey(matrixUser)) {
            User user = add(matrixUser, displayName, new LinkedHashSet<>());
            if (up) {
                introduce(user);
            }
        }
    }

    /** The Matrix user whose nick this is, if one of ours. */
    synchronized Optional<String> matrixUserOf(String nick) {
        return Optional.ofNullable(byNick.get(IrcNames.fold(nick)));
    }

    /** The user left a portal: parts the channel, and quits the network when in none. */
    synchronized void left(String matrixUser, String channel, String reason) {
        User user = byMatrixUser.get(matrixUser);
        if (user == null || !user.channels().remove(channel)) {
            return;
        }
        if (up) {
            wire.send(dialect.part(user, channel, reason));
        }
        if (!user.channels().isEmpty()) {
            log.debug("{} left {} and is still in {}", matrixUser, channel, user.channels());
        } else {
            remove(user);
            if (up) {
                wire.send(dialect.quit(user, "left Matrix portals"));
            }
        }
    }

    /** The user's display name changed: a new nick from the template, if it differs. */
    synchronized void renamed(String matrixUser, String displayName) {
        User user = byMatrixUser.get(matrixUser);
        if (user == null || user.displayName().equals(displayName)) {
            return;
        }
        String wanted = IrcNames.nick(nickTemplate, displayName, new UserId(matrixUser).localpart(), maxNickLength);
        remove(user);
        User now = add(matrixUser, displayName, user.channels(),
                IrcNames.fold(wanted).equals(IrcNames.fold(user.nick())) ? Optional.of(user.nick()) : Optional.empty(),
                user);
        if (!now.nick().equals(user.nick()) && up) {
            wire.send(dialect.nick(user, now));
        }
    }

    /**
     * The network introduced a user under the nick of one of ours, or a user of the network took it: ours takes the
     * next free nick, and nobody is killed. Returns our user as renamed.
     */
    synchronized Optional<User> collided(String nick) {
        return movedOff(nick, true).map(moved -> {
            if (up) {
                wire.send(dialect.nick(moved.before(), moved.now()));
            }
            return moved.now();
        });
    }

    /** The network killed one of ours (a nick collision): the user comes back under another nick. */
    synchronized Optional<User> killed(String nick) {
        return movedOff(nick, false).map(moved -> {
            User user = moved.now();
            if (up) {
                introduce(user);
                user.channels().forEach(channel -> wire.send(dialect.join(user, channel)));
            }
            return user;
        });
    }

    private record Moved(User before, User now) {
    }

    /**
     * Our user on {@code nick} under the next free nick instead, if {@code nick} is one of ours; {@code renamed}: the
     * same user renamed (keeps its identity), else introduced afresh.
     */
    private Optional<Moved> movedOff(String nick, boolean renamed) {
        String matrixUser = byNick.get(IrcNames.fold(nick));
        if (matrixUser == null) {
            return Optional.empty();
        }
        User before = byMatrixUser.get(matrixUser);
        remove(before);
        byNick.put(IrcNames.fold(nick), matrixUser); // not this one again
        User now = renamed ? add(matrixUser, before.displayName(), before.channels(), Optional.empty(), before)
                : add(matrixUser, before.displayName(), before.channels());
        byNick.remove(IrcNames.fold(nick));
        return Optional.of(new Moved(before, now));
    }

    /** A user of ours was kicked from a channel: no longer in it. Returns the Matrix user. */
    synchronized Optional<String> kicked(String nick, String channel) {
        String matrixUser = byNick.get(IrcNames.fold(nick));
        if (matrixUser == null) {
            return Optional.empty();
        }
        byMatrixUser.get(matrixUser).channels().remove(channel);
        return Optional.of(matrixUser);
    }

    /**
     * The Matrix user's presence: away with {@code message}, or back (empty). Their user shows it if on the network,
     * and from the next burst on.
     */
    synchronized void away(String matrixUser, Optional<String> message) {
        boolean changed = message.isPresent()
                ? !message.get().equals(away.put(matrixUser, message.get()))
                : away.remove(matrixUser) != null;
        User user = byMatrixUser.get(matrixUser);
        if (changed && up && user != null) {
            wire.send(dialect.away(user, message));
        }
    }

    /** Whether our users are on the network now: our burst went out on the current link. */
    synchronized boolean up() {
        return up;
    }

    /** The link dropped: changes are noted until the next {@link #burst}. */
    synchronized void down() {
        up = false;
    }

    /**
     * Sends our burst: every user introduced and joined to their channels ({@code NJOIN} or {@code SJOIN} per
     * channel), then the protocol's end of burst; from then on changes go out as they happen.
     */
    synchronized void burst() {
        lines().forEach(wire::send);
        up = true;
    }

    /**
     * Each channel's members are introduced right before the channel's lines, and users in no channel last: ngIRCd
     * looks every nick of an {@code NJOIN} up in its list of users, newest first, so a member introduced just before
     * is found at once (all users first made the burst's lookups grow with the square of the users).
     */
    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        Map<String, List<User>> channels = new LinkedHashMap<>();
        List<User> everyone = new ArrayList<>();
        for (User user : List.copyOf(byMatrixUser.values())) {
            if (takenOnNetwork.test(user.nick())) { // taken on the network while we were away
                remove(user);
                user = add(user.matrixUser(), user.displayName(), user.channels());
            }
            everyone.add(user);
            for (String channel : user.channels()) {
                channels.computeIfAbsent(channel, c -> new ArrayList<>()).add(user);
            }
        }
        Set<String> introduced = new HashSet<>();
        channels.forEach((channel, members) -> {
            members.stream().filter(user -> introduced.add(user.matrixUser()))
                    .forEach(user -> lines.add(dialect.introduce(user)));
            lines.addAll(dialect.burstChannel(channel, members));
        });
        everyone.stream().filter(user -> introduced.add(user.matrixUser()))
                .forEach(user -> lines.add(dialect.introduce(user)));
        everyone.stream().filter(user -> away.containsKey(user.matrixUser()))
                .forEach(user -> lines.add(dialect.away(user, Optional.of(away.get(user.matrixUser())))));
        lines.addAll(dialect.endOfBurst());
        return lines;
    }

    /**
     * The bridge is closing the link for good: the lines our users send before it ({@link LinkDialect#leaving}),
     * newest first; none if our burst is not out. From now on changes are only noted.
     */
    synchronized List<String> leaving(String reason) {
        if (!up) {
            return List.of();
        }
        up = false;
        return dialect.leaving(new ArrayList<>(byMatrixUser.values()).reversed(), reason);
    }

    /** The user's nick on the network, if introduced. */
    synchronized Optional<User> user(String matrixUser) {
        return Optional.ofNullable(byMatrixUser.get(matrixUser));
    }

    /** Our users in a channel. */
    synchronized List<User> in(String channel) {
        return byMatrixUser.values().stream().filter(u -> u.channels().contains(channel)).toList();
    }

    /**
     * The user's {@code nick!user@host} on the network, as a ban would match it: their own, or for a user not on the
     * network yet the one they would get.
     */
    synchronized String mask(String matrixUser, String displayName) {
        User user = byMatrixUser.get(matrixUser);
        String localpart = new UserId(matrixUser).localpart();
        String nick = user != null ? user.nick()
                : IrcText.word(IrcNames.nick(nickTemplate, displayName, localpart, maxNickLength));
        return nick + "!" + IrcNames.userName(localpart) + "@" + host;
    }

    /** Whether the nick is one of our users'. */
    synchronized boolean isOwn(String nick) {
        return byNick.containsKey(IrcNames.fold(nick));
    }

    /** The members of a channel, Matrix user to display name, to keep across restarts. */
    synchronized Map<String, String> members(String channel) {
        Map<String, String> out = new LinkedHashMap<>();
        byMatrixUser.values().stream().filter(u -> u.channels().contains(channel))
                .forEach(u -> out.put(u.matrixUser(), u.displayName()));
        return out;
    }

    /** How many users of ours are on the network. */
    synchronized int size() {
        return byMatrixUser.size();
    }

    /** A user new on the network: a new UID. */
    private User add(String matrixUser, String displayName, Set<String> channels) {
        return add(matrixUser, displayName, channels, Optional.empty(), null);
    }

    /** {@code before}: the same user on the network under another nick (same UID), or null for a new one. */
    private User add(String matrixUser, String displayName, Set<String> channels, Optional<String> keep, User before) {
        String localpart = new UserId(matrixUser).localpart();
        String nick = keep.orElseGet(() -> freeNick(displayName, localpart));
        long ts = before != null && before.nick().equals(nick) ? before.ts() : Instant.now().getEpochSecond();
        User user = new User(matrixUser, displayName, nick, IrcNames.userName(localpart), channels,
                before != null ? before.uid() : dialect.newId(), ts);
        byMatrixUser.put(matrixUser, user);
        byNick.put(IrcNames.fold(nick), matrixUser);
        log.debug("{} is {} on IRC", matrixUser, nick);
        return user;
    }

    /** Introduces a user after the burst, away if their Matrix presence is. */
    private void introduce(User user) {
        wire.send(dialect.introduce(user));
        Optional.ofNullable(away.get(user.matrixUser())).ifPresent(m -> wire.send(dialect.away(user, Optional.of(m))));
    }

    private void remove(User user) {
        byMatrixUser.remove(user.matrixUser());
        byNick.remove(IrcNames.fold(user.nick()));
    }

    private String freeNick(String displayName, String localpart) {
        String nick = IrcNames.nick(nickTemplate, displayName, localpart, maxNickLength);
        for (int i = 2; taken(nick) && i < 10_000; i++) {
            nick = IrcNames.nick(nickTemplate, displayName + i, localpart + i, maxNickLength);
        }
        return IrcText.word(nick);
    }

    private boolean taken(String nick) {
        return byNick.containsKey(IrcNames.fold(nick)) || takenOnNetwork.test(nick);
    }
}
