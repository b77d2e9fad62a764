package dev.mxbridge.irc;

import dev.mxbridge.core.client.UserId;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Matrix users as users of our own server: {@code nick!user@server}, introduced with one {@code NICK} line each and
 * joined to the channels of the portals they are in. While the link is down, changes are only noted; the burst
 * after a re-link introduces everyone again ({@link #burst}).
 *
 * <p>Nick collisions: a nick is chosen free of the network's users and of ours ({@code Alice[m]}, then
 * {@code Alice2[m]}, ...), so the bridge never makes the network kill one of its users. If the network still kills
 * ours (a collision with a user introduced at the same moment), the user is introduced again under the next free
 * nick ({@link #killed}).
 *
 * <p>Every value from Matrix goes through {@link IrcText} before it is part of a line. Thread-safe.
 */
final class LinkedUsers {
    private static final Logger log = LoggerFactory.getLogger(LinkedUsers.class);
    /** One Matrix user on our server. */
    record User(String matrixUser, String displayName, String nick, String userName, Set<String> channels) {
    }

    /** Where lines go. */
    interface Wire {
        void send(String line);
    }

    private final String server;
    private final String nickTemplate;
    private final int maxNickLength;
    private final Predicate<String> takenOnNetwork;
    private final Wire wire;
    private final Map<String, User> byMatrixUser = new LinkedHashMap<>();
    private final Map<String, String> byNick = new HashMap<>();
    /** Whether our burst went out on the current link: until then changes are only noted. */
    private boolean up;

    LinkedUsers(String server, String nickTemplate, int maxNickLength, Predicate<String> takenOnNetwork, Wire wire) {
        this.server = IrcText.word(server);
        this.nickTemplate = nickTemplate;
        this.maxNickLength = maxNickLength;
        this.takenOnNetwork = takenOnNetwork;
        this.wire = wire;
    }

    /** The user joined a portal: introduced if new, then joined to the channel. */
    synchronized void joined(String matrixUser, String displayName, String channel) {
        User user = byMatrixUser.get(matrixUser);
        if (user == null) {
            user = add(matrixUser, displayName, new LinkedHashSet<>());
            if (up) {
                wire.send(introduction(user));
            }
        }
        if (user.channels().add(channel) && up) {
            wire.send(":" + user.nick() + " JOIN " + IrcText.word(channel));
        }
    }

    /** The user is in a private chat with an IRC user: introduced if new, so that the chat has someone to talk to. */
    synchronized void present(String matrixUser, String displayName) {
        if (!byMatrixUser.containsKey(matrixUser)) {
            User user = add(matrixUser, displayName, new LinkedHashSet<>());
            if (up) {
                wire.send(introduction(user));
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
            wire.send(":" + user.nick() + " PART " + IrcText.word(channel) + " :" + IrcText.clean(reason));
        }
        if (!user.channels().isEmpty()) {
            log.debug("{} left {} and is still in {}", matrixUser, channel, user.channels());
        } else {
            remove(user);
            if (up) {
                wire.send(":" + user.nick() + " QUIT :left Matrix portals");
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
                IrcNames.fold(wanted).equals(IrcNames.fold(user.nick())) ? Optional.of(user.nick()) : Optional.empty());
        if (!now.nick().equals(user.nick()) && up) {
            wire.send(":" + user.nick() + " NICK " + now.nick());
        }
    }

    /** The network killed one of ours (a nick collision): the user comes back under another nick. */
    synchronized Optional<User> killed(String nick) {
        String matrixUser = byNick.get(IrcNames.fold(nick));
        if (matrixUser == null) {
            return Optional.empty();
        }
        User old = byMatrixUser.get(matrixUser);
        remove(old);
        byNick.put(IrcNames.fold(nick), matrixUser); // not this one again
        User user = add(matrixUser, old.displayName(), old.channels());
        byNick.remove(IrcNames.fold(nick));
        if (up) {
            wire.send(introduction(user));
            user.channels().forEach(channel -> wire.send(":" + user.nick() + " JOIN " + channel));
        }
        return Optional.of(user);
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

    /** Whether our users are on the network now: our burst went out on the current link. */
    synchronized boolean up() {
        return up;
    }

    /** The link dropped: changes are noted until the next {@link #burst}. */
    synchronized void down() {
        up = false;
    }

    /**
     * Sends our burst: every user introduced and joined to their channels, one {@code NJOIN} per channel; from then on
     * changes go out as they happen.
     */
    synchronized void burst() {
        lines().forEach(wire::send);
        up = true;
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        Map<String, List<String>> channels = new LinkedHashMap<>();
        for (User user : List.copyOf(byMatrixUser.values())) {
            if (takenOnNetwork.test(user.nick())) { // taken on the network while we were away
                remove(user);
                user = add(user.matrixUser(), user.displayName(), user.channels());
            }
            lines.add(introduction(user));
            for (String channel : user.channels()) {
                channels.computeIfAbsent(channel, c -> new ArrayList<>()).add(user.nick());
            }
        }
        channels.forEach((channel, nicks) -> {
            String start = ":" + server + " NJOIN " + channel + " :";
            StringBuilder line = new StringBuilder(start);
            for (String nick : nicks) {
                if (line.length() + nick.length() + 1 > 400) {
                    lines.add(line.toString());
                    line = new StringBuilder(start);
                }
                line.append(line.length() == start.length() ? "" : ",").append(nick);
            }
            lines.add(line.toString());
        });
        return lines;
    }

    /** The user's nick on the network, if introduced. */
    synchronized Optional<User> user(String matrixUser) {
        return Optional.ofNullable(byMatrixUser.get(matrixUser));
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

    private User add(String matrixUser, String displayName, Set<String> channels) {
        return add(matrixUser, displayName, channels, Optional.empty());
    }

    private User add(String matrixUser, String displayName, Set<String> channels, Optional<String> keep) {
        String localpart = new UserId(matrixUser).localpart();
        String nick = keep.orElseGet(() -> freeNick(displayName, localpart));
        User user = new User(matrixUser, displayName, nick, IrcNames.userName(localpart), channels);
        byMatrixUser.put(matrixUser, user);
        byNick.put(IrcNames.fold(nick), matrixUser);
        log.debug("{} is {} on IRC", matrixUser, nick);
        return user;
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

    /** {@code :server NICK nick 1 user host 1 + :realname}: hop count 1, on our server (token 1). */
    private String introduction(User user) {
        return ":" + server + " NICK " + user.nick() + " 1 " + IrcText.word(user.userName()) + " " + server + " 1 + :"
                + IrcText.clean(user.displayName() + " (" + user.matrixUser() + ")");
    }
}
