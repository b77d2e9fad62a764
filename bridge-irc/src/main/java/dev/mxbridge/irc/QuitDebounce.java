package dev.mxbridge.irc;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Holds back the leaves of users who quit in what looks like a netsplit, so that Matrix sees no leave/join storm
 * when the servers rejoin: a held leave is dropped when the user joins the channel again within the delay, and is
 * released by {@link #expire()} after it. Other quits are not held.
 *
 * <p>A split QUIT's reason is the two servers that lost each other, {@code irc.a.net irc.b.net}. ngIRCd and other
 * servers quote a user's own QUIT reason ({@code "irc.a.net irc.b.net"}) precisely so that it cannot pass for a split;
 * the quoted form is accepted too, since all a faked split gains is a leave that shows later. Not thread-safe: the
 * relay bot calls it from its connection's thread, and the expiry runs under the same lock (the caller's).
 */
final class QuitDebounce {
    private static final String SERVER = "[A-Za-z0-9*][A-Za-z0-9*_-]*(?:\\.[A-Za-z0-9*_-]+)+";
    private static final Pattern SPLIT = Pattern.compile("\"?(" + SERVER + ") (" + SERVER + ")\"?");

    /** A leave that was held back and is now due: the nick left these channels. */
    record Leave(String nick, Set<String> channels, String reason) {
    }

    private record Held(String nick, Set<String> channels, String reason, Instant due) {
    }

    private final Duration delay;
    private final InstantSource clock;
    private final Map<String, Held> held = new HashMap<>();

    QuitDebounce(Duration delay, InstantSource clock) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("quit debounce must not be negative: " + delay);
        }
        this.delay = delay;
        this.clock = clock;
    }

    /** Whether a QUIT reason looks like a netsplit: two distinct server names. */
    static boolean isSplit(String reason) {
        var m = SPLIT.matcher(reason.strip());
        return m.matches() && !m.group(1).equalsIgnoreCase(m.group(2));
    }

    /**
     * A user quit from these channels. Returns true if the leave is held back; false if it should be bridged now
     * (not a split, or debouncing is off).
     */
    boolean quit(String nick, Set<String> channels, String reason) {
        if (delay.isZero() || channels.isEmpty() || !isSplit(reason)) {
            return false;
        }
        Held previous = held.get(key(nick));
        Set<String> all = new LinkedHashSet<>(channels);
        if (previous != null) {
            all.addAll(previous.channels());
        }
        held.put(key(nick), new Held(nick, all, reason, clock.instant().plus(delay)));
        return true;
    }

    /** A user joined a channel. Returns true if that cancels a held leave (the user never left, as Matrix sees it). */
    boolean rejoined(String nick, String channel) {
        Held h = held.get(key(nick));
        if (h == null || !h.channels().remove(channel)) {
            return false;
        }
        if (h.channels().isEmpty()) {
            held.remove(key(nick));
        }
        return true;
    }

    /** The held leaves that are due, removed from the hold. */
    List<Leave> expire() {
        Instant now = clock.instant();
        List<Leave> due = new ArrayList<>();
        held.values().removeIf(h -> {
            if (h.due().isAfter(now)) {
                return false;
            }
            due.add(new Leave(h.nick(), Set.copyOf(h.channels()), h.reason()));
            return true;
        });
        return due;
    }

    /** When the next held leave is due, if any. */
    Optional<Instant> nextDue() {
        return held.values().stream().map(Held::due).min(Instant::compareTo);
    }

    /** Whether a leave of the nick is held. */
    boolean holds(String nick) {
        return held.containsKey(key(nick));
    }

    private static String key(String nick) {
        return IrcNames.fold(nick);
    }
}
