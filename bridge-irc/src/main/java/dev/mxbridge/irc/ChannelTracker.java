package dev.mxbridge.irc;

import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteEvent.Membership.Change;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bridge bot's connection sees in its channels, as remote events: {@code NAMES}, {@code JOIN},
 * {@code PART}, {@code QUIT} (split quits held back by {@link QuitDebounce}), {@code KICK} and {@code NICK} become
 * memberships; {@code PRIVMSG}, {@code NOTICE} and CTCP {@code ACTION} messages; {@code TOPIC} a topic change. Also
 * keeps each channel's members, topic and modes for {@link #info}. Lines from our own connections (the bot and the
 * puppets, {@code own}) become nothing: their Matrix side already happened. Messages and topic changes of a
 * channel reach its portal only while {@code bridged} says so (the privacy rule {@code require_matrix_joined}: they
 * are dropped, not held, while a Matrix member of the portal is not in the channel); which of our puppets are in a
 * channel is judged from the bot's own view of it, which the server keeps in order with the messages.
 *
 * <p>IRCv3 where the server gives it: an event's timestamp is the line's {@code server-time} ({@code time} tag), else
 * the moment the line arrived, so Matrix shows when it happened on IRC (after a reconnect or a lag as well); a
 * message's remote id is its {@code msgid} (so a replay is recognised), and one that answers another with the
 * {@code +draft/reply} client tag becomes a Matrix reply to it; a message the relay sent with
 * {@code RELAYMSG} comes back from the spoofed nick with a {@code draft/relaymsg} tag naming one of our connections
 * and is not bridged again; {@code multi-prefix} names lists give every rank ({@link ChannelRanks}); with
 * {@code away-notify}, {@code account-notify} and {@code extended-join} the {@code AWAY} and {@code ACCOUNT} lines
 * and the longer {@code JOIN} change no membership.
 *
 * <p>Called with the bot's lines on its connection thread; everything is synchronized, since the bridge asks for
 * channel state and expires held quits from other threads.
 */
final class ChannelTracker {
    private static final Logger log = LoggerFactory.getLogger(ChannelTracker.class);
    /** What a portal is created with. */
    record ChannelInfo(String channel, Optional<String> topic, Set<Character> modes) {
    }

    private static final class Channel {
        final Map<String, String> members = new LinkedHashMap<>();
        /** Our puppets in the channel (folded nicks); not among the members. */
        final Set<String> ours = new java.util.HashSet<>();
        Map<String, String> names;
        Optional<String> topic = Optional.empty();
        final Set<Character> modes = new LinkedHashSet<>();
        CompletableFuture<ChannelInfo> ready = new CompletableFuture<>();
    }

    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final ChannelRanks ranks = new ChannelRanks();
    private final Predicate<String> own;
    private final QuitDebounce debounce;
    private volatile Runnable onHeld = () -> { };
    private final Consumer<RemoteEvent> push;
    private final Consumer<String> send;
    private final BiPredicate<String, Predicate<String>> bridged;
    private final InstantSource clock;
    private final String idPrefix = HexFormat.of().formatHex(randomBytes());
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, java.time.Instant> lastNotBridged = new java.util.HashMap<>();
    /** Hears ranks given to or taken from our own connections (channel, nick, power level). */
    private volatile OwnRanks ownRanks = (channel, nick, level) -> { };

    /** A rank change of one of our own connections: ops 50, voice 1, none 0. Called on the bot's line thread. */
    interface OwnRanks {
        void changed(String channel, String nick, int level);
    }

    /** When the line being read happened: its server time, or when it arrived. */
    private Instant at = Instant.EPOCH;

    /**
     * @param own  whether a nick is one of our connections
     * @param send    sends a raw line from the bot (to ask for a channel's modes after joining it)
     * @param bridged whether a channel's messages and topic changes may reach its portal now, given which nicks of
     *                our puppets are in it
     */
    ChannelTracker(Predicate<String> own, QuitDebounce debounce, Consumer<RemoteEvent> push, Consumer<String> send,
                   BiPredicate<String, Predicate<String>> bridged, InstantSource clock) {
        this.own = own;
        this.bridged = bridged;
        this.debounce = debounce;
        this.push = push;
        this.send = send;
        this.clock = clock;
    }

    /** Who hears rank changes of our own connections (the Matrix users' puppets). */
    void onOwnRanks(OwnRanks listener) {
        this.ownRanks = listener;
    }

    /** Completes with the channel's state once the bot is in it and knows its modes; fails if it cannot join. */
    synchronized CompletableFuture<ChannelInfo> joining(String channel) {
        return channels.computeIfAbsent(channel, c -> new Channel()).ready;
    }

    /** Pushes a join for every member, so that a new portal fills with the channel's ghosts. */
    synchronized void sync(String channel) {
        at = clock.instant();
        Channel c = channels.get(channel);
        if (c != null) {
            c.members.values().forEach(nick -> membership(channel, nick, nick, Change.JOIN, Optional.empty()));
            levels(channel, "", c.members.values());
        }
    }

    /** Whether someone other than our own connections is in the channel under this nick, as far as the bot knows. */
    synchronized boolean isMember(String channel, String nick) {
        Channel c = channels.get(channel.toLowerCase(Locale.ROOT));
        return c != null && c.members.containsKey(IrcNames.fold(nick));
    }

    /** The nick's power level from its channel modes ({@link ChannelRanks}), as far as the bot knows. */
    synchronized int level(String channel, String nick) {
        return ranks.level(channel.toLowerCase(Locale.ROOT), nick);
    }

    /** Whether the nick (any connection, ours included) is a channel operator there, as far as the bot knows. */
    synchronized boolean isOp(String channel, String nick) {
        return ranks.isOp(channel.toLowerCase(Locale.ROOT), nick);
    }

    /** When the next held leave of a split quit is due, if any. */
    synchronized Optional<Instant> nextHeldDue() {
        return debounce.nextDue();
    }

    /** Called (under the tracker's lock) whenever a split quit is held back: its expiry has a new deadline. */
    void onHeld(Runnable hook) {
        this.onHeld = hook;
    }

    /** Pushes the leaves of split quits whose users did not come back in time. */
    synchronized void expireHeld() {
        at = clock.instant();
        for (QuitDebounce.Leave leave : debounce.expire()) {
            for (String channel : leave.channels()) {
                membership(channel, leave.nick(), leave.nick(), Change.LEAVE, Optional.of(leave.reason()));
            }
        }
    }

    synchronized void line(String raw, String self) {
        Optional<IrcLine> parsed = IrcLine.parse(raw);
        if (parsed.isEmpty()) {
            return;
        }
        IrcLine line = parsed.get();
        at = line.time().orElseGet(clock::instant);
        String nick = line.nick().orElse("");
        boolean fromSelf = IrcNames.fold(nick).equals(IrcNames.fold(self));
        boolean fromOwn = fromSelf || own.test(nick);
        String target = line.param(0).toLowerCase(Locale.ROOT);
        switch (line.command()) {
            case "JOIN" -> {
                Channel c = channels.get(target);
                ranks.left(target, nick);
                if (fromSelf) {
                    if (c == null) {
                        c = new Channel();
                        channels.put(target, c);
                    }
                    c.ours.clear(); // the names list that follows tells again
                    send.accept("MODE " + IrcText.word(target));
                } else if (c != null && fromOwn) {
                    c.ours.add(IrcNames.fold(nick));
                } else if (c != null) {
                    c.members.put(IrcNames.fold(nick), nick);
                    if (!debounce.rejoined(nick, target)) {
                        membership(target, nick, nick, Change.JOIN, Optional.empty());
                    }
                }
            }
            case "PART" -> {
                Channel c = channels.get(target);
                ranks.left(target, nick);
                if (c != null) {
                    c.ours.remove(IrcNames.fold(nick));
                }
                if (c != null && !fromOwn && c.members.remove(IrcNames.fold(nick)) != null) {
                    membership(target, nick, nick, Change.LEAVE, reason(line, 1));
                }
            }
            case "KICK" -> {
                Channel c = channels.get(target);
                String victim = line.param(1);
                ranks.left(target, victim);
                if (c != null) {
                    c.ours.remove(IrcNames.fold(victim));
                }
                // a kick by one of our connections was a Matrix user's kick: the ghost is out already
                if (c != null && c.members.remove(IrcNames.fold(victim)) != null && !fromOwn) {
                    membership(target, nick, victim, Change.KICK, reason(line, 2));
                }
            }
            case "QUIT" -> {
                ranks.quit(nick);
                if (fromOwn) {
                    channels.values().forEach(c -> c.ours.remove(IrcNames.fold(nick)));
                    return;
                }
                Set<String> left = new LinkedHashSet<>();
                channels.forEach((name, c) -> {
                    if (c.members.remove(IrcNames.fold(nick)) != null) {
                        left.add(name);
                    }
                });
                String reason = line.param(0);
                if (debounce.quit(nick, left, reason)) {
                    onHeld.run();
                } else {
                    left.forEach(channel -> membership(channel, nick, nick, Change.LEAVE, Optional.of(reason)));
                }
            }
            case "NICK" -> {
                String now = line.param(0);
                ranks.renamed(nick, now);
                if (fromOwn) {
                    channels.values().forEach(c -> {
                        if (c.ours.remove(IrcNames.fold(nick))) {
                            c.ours.add(IrcNames.fold(now));
                        }
                    });
                    return;
                }
                channels.forEach((name, c) -> {
                    if (c.members.remove(IrcNames.fold(nick)) != null) {
                        c.members.put(IrcNames.fold(now), now);
                        membership(name, nick, nick, Change.LEAVE, Optional.of("now known as " + now));
                        membership(name, now, now, Change.JOIN, Optional.empty());
                    }
                });
            }
            case "PRIVMSG", "NOTICE" -> {
                if (!fromOwn && !relayedByUs(line, self) && channels.containsKey(target)) {
                    if (bridged(target)) {
                        message(target, nick, line.command().equals("NOTICE"), line.param(1), line);
                    } else {
                        notBridged(target);
                    }
                }
            }
            // away-notify: the ghost's presence, pushed with one channel the user is in (presence is global)
            case "AWAY" -> {
                if (!fromOwn) {
                    channels.entrySet().stream().filter(e -> e.getValue().members.containsKey(IrcNames.fold(nick)))
                            .findFirst().ifPresentOrElse(e -> push.accept(new RemoteEvent.Presence(room(e.getKey()),
                                    new RemoteUserId(nick), !line.params().isEmpty(),
                                    Optional.of(line.param(0)).filter(m -> !m.isEmpty()), at)),
                                    () -> log.info("AWAY of {} not bridged: in none of the tracked channels {}", nick,
                                            channels.keySet()));
                }
            }
            case "TOPIC" -> {
                Channel c = channels.get(target);
                if (c != null) {
                    c.topic = Optional.of(line.param(1)).filter(t -> !t.isEmpty());
                    if (!fromOwn && bridged(target)) {
                        push.accept(new RemoteEvent.RoomInfo(room(target), new RemoteUserId(nick), Optional.empty(),
                                Optional.of(line.param(1)), at));
                    }
                }
            }
            case "MODE" -> {
                Channel c = channels.get(target);
                if (c != null) {
                    boolean inviteOnly = isInviteOnly(c.modes);
                    boolean listed = isListed(c.modes);
                    modes(c, line.param(1));
                    if (inviteOnly != isInviteOnly(c.modes) || listed != isListed(c.modes)) {
                        push.accept(new RemoteEvent.Access(room(target), new RemoteUserId(nick), isInviteOnly(c.modes),
                                isListed(c.modes), clock.instant()));
                    }
                    List<String> args = line.params().subList(Math.min(2, line.params().size()), line.params().size());
                    List<String> changed = ranks.mode(target, line.param(1), args);
                    levels(target, nick, changed.stream().filter(n -> c.members.containsKey(IrcNames.fold(n))).toList());
                    changed.stream().filter(n -> c.ours.contains(IrcNames.fold(n)))
                            .forEach(n -> ownRanks.changed(target, n, ranks.level(target, n)));
                }
            }
            case "332" -> channel(line.param(1)).ifPresent(c -> c.topic = Optional.of(line.param(2)));
            case "353" -> channel(line.param(2)).ifPresent(c -> {
                if (c.names == null) {
                    c.names = new LinkedHashMap<>();
                }
                for (String name : line.param(3).split(" ")) {
                    String member = ranks.named(line.param(2).toLowerCase(Locale.ROOT), name);
                    if (!member.isEmpty() && !IrcNames.fold(member).equals(IrcNames.fold(self))) {
                        if (own.test(member)) {
                            c.ours.add(IrcNames.fold(member));
                        } else {
                            c.names.put(IrcNames.fold(member), member);
                        }
                    }
                }
            });
            case "366" -> {
                String channel = line.param(1).toLowerCase(Locale.ROOT);
                channel(channel).ifPresent(c -> {
                    names(channel, c);
                    levels(channel, line.nick().orElse(""), c.members.values());
                });
            }
            case "324" -> {
                String channel = line.param(1).toLowerCase(Locale.ROOT);
                channel(channel).ifPresent(c -> {
                    c.modes.clear();
                    modes(c, line.param(2));
                    c.ready.complete(new ChannelInfo(channel, c.topic, Set.copyOf(c.modes)));
                });
            }
            // cannot join: full, invite only, banned, bad key, no such channel, too many channels, registered only
            case "471", "473", "474", "475", "403", "405", "477" -> {
                String channel = line.param(1).toLowerCase(Locale.ROOT);
                Channel c = channels.remove(channel);
                if (c != null) {
                    c.ready.completeExceptionally(new IrcBridgeException("cannot join " + channel + ": "
                            + line.param(2)));
                }
            }
            default -> {
            }
        }
    }

    /** A message our relay sent with {@code RELAYMSG}, back from the spoofed nick. */
    private boolean relayedByUs(IrcLine line, String self) {
        return line.tag("draft/relaymsg").or(() -> line.tag("relaymsg"))
                .filter(by -> IrcNames.fold(by).equals(IrcNames.fold(self)) || own.test(by)).isPresent();
    }

    /** Says, at most once a minute per channel, that its lines are held back by the privacy rule. */
    private void notBridged(String channel) {
        java.time.Instant last = lastNotBridged.get(channel);
        if (last == null || at.isAfter(last.plusSeconds(60))) {
            lastNotBridged.put(channel, at);
            Channel c = channels.get(channel);
            log.info("messages in {} are not bridged while a Matrix member's puppet is not in the channel "
                    + "(require_matrix_joined; our connections there: {})", channel, c == null ? "none" : c.ours);
        }
    }

    private boolean bridged(String channel) {
        Channel c = channels.get(channel);
        return bridged.test(channel, nick -> c != null && c.ours.contains(IrcNames.fold(nick)));
    }

    /** The end of a NAMES list: joins for the new members, leaves for those gone while we were away. */
    private void names(String channel, Channel c) {
        Map<String, String> now = c.names == null ? Map.of() : c.names;
        c.names = null;
        for (var gone : List.copyOf(c.members.entrySet())) {
            if (!now.containsKey(gone.getKey()) && !debounce.holds(gone.getValue())) {
                c.members.remove(gone.getKey());
                membership(channel, gone.getValue(), gone.getValue(), Change.LEAVE, Optional.empty());
            }
        }
        now.forEach((key, nick) -> {
            if (c.members.put(key, nick) == null && !debounce.rejoined(nick, channel)) {
                membership(channel, nick, nick, Change.JOIN, Optional.empty());
            }
        });
    }

    private void message(String channel, String nick, boolean notice, String text, IrcLine line) {
        RemoteMessageId id = RemoteMessageId.of(line.msgid().orElseGet(() -> idPrefix + "-" + ids.incrementAndGet()));
        content(notice, text).ifPresent(content -> push.accept(new RemoteEvent.Message(room(channel),
                new RemoteUserId(nick), Optional.of(nick), id, at, content, replyTo(line))));
    }

    /** The message a line answers: the {@code msgid} in its {@code +draft/reply} client tag (message-tags). */
    static Optional<RemoteMessageId> replyTo(IrcLine line) {
        return line.tag("+draft/reply").or(() -> line.tag("+reply")).filter(id -> !id.isBlank()).map(RemoteMessageId::of);
    }

    /** The text of a PRIVMSG or NOTICE as a message: a CTCP ACTION is an emote, other CTCP is for clients. */
    static Optional<MessageContent.Text> content(boolean notice, String text) {
        MessageContent.Text.Kind kind = notice ? MessageContent.Text.Kind.NOTICE : MessageContent.Text.Kind.TEXT;
        String body = text;
        if (text.startsWith("\u0001")) {
            String ctcp = text.substring(1, text.endsWith("\u0001") && text.length() > 1 ? text.length() - 1 : text.length());
            if (notice || !ctcp.startsWith("ACTION ")) {
                return Optional.empty(); // CTCP queries and replies are for clients, not people
            }
            kind = MessageContent.Text.Kind.EMOTE;
            body = ctcp.substring("ACTION ".length());
        }
        return Optional.of(new MessageContent.Text(kind, IrcFormat.parse(body)));
    }

    /** The Matrix power levels of these (remote) members' ranks. */
    private void levels(String channel, String actor, java.util.Collection<String> nicks) {
        if (nicks.isEmpty()) {
            return;
        }
        Map<RemoteUserId, Integer> levels = new LinkedHashMap<>();
        nicks.forEach(n -> levels.put(new RemoteUserId(n), ranks.level(channel, n)));
        push.accept(new RemoteEvent.PowerLevels(room(channel), new RemoteUserId(actor.isEmpty() ? channel : actor), levels,
                at));
    }

    private void membership(String channel, String actor, String member, Change change, Optional<String> reason) {
        push.accept(new RemoteEvent.Membership(room(channel), new RemoteUserId(actor), new RemoteUserId(member),
                change, reason, at));
    }

    /** {@code +i} or {@code +k}: Matrix users need an invite. */
    static boolean isInviteOnly(Set<Character> modes) {
        return modes.contains('i') || modes.contains('k');
    }

    /** Neither {@code +s} nor {@code +p}: the portal may be in the room directory. */
    static boolean isListed(Set<Character> modes) {
        return !modes.contains('s') && !modes.contains('p');
    }

    private static void modes(Channel c, String change) {
        boolean add = true;
        for (char m : change.toCharArray()) {
            switch (m) {
                case '+' -> add = true;
                case '-' -> add = false;
                case 'i', 'k', 's', 'p' -> {
                    if (add) {
                        c.modes.add(m);
                    } else {
                        c.modes.remove(m);
                    }
                }
                default -> {
                }
            }
        }
    }

    private Optional<Channel> channel(String name) {
        return Optional.ofNullable(channels.get(name.toLowerCase(Locale.ROOT)));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static RemoteRoomId room(String channel) {
        return new RemoteRoomId(channel);
    }

    private static Optional<String> reason(IrcLine line, int index) {
        return Optional.of(line.param(index)).filter(r -> !r.isEmpty());
    }
}
