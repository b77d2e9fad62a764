package dev.mxbridge.irc;

import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Private messages between an IRC user and a Matrix user's puppet. Each pair is a per-login remote room: the nick as
 * the Matrix user's puppet receives it ({@link RemoteRoomId#perLogin}); its portal key is
 * {@code pm:<matrix user>:<nick>} (a nick has no {@code :}, so the last one separates them), and its portal a direct
 * chat the IRC user's ghost opens with the Matrix user. Only {@code PRIVMSG}s (and CTCP ACTIONs) are
 * bridged: notices to a puppet come from servers and services, not people. A message keeps its IRCv3
 * {@code server-time} and {@code msgid} where the server gives them, and answers ({@code +draft/reply}) become replies.
 */
final class PrivateChats {
    private static final String PREFIX = "pm:";

    /** The two sides of a private chat. */
    record Chat(String matrixUser, String nick) {
        RemoteRoomId room() {
            return RemoteRoomId.perLogin(nick, matrixUser);
        }

        String portalKey() {
            return PREFIX + matrixUser + ":" + nick;
        }
    }

    private final Predicate<String> own;
    private final Consumer<RemoteEvent> push;
    private final InstantSource clock;
    private final String idPrefix;
    private final AtomicLong ids = new AtomicLong();

    /** @param own whether a nick is one of our connections (their messages to each other are not bridged) */
    PrivateChats(Predicate<String> own, Consumer<RemoteEvent> push, InstantSource clock, String idPrefix) {
        this.own = own;
        this.push = push;
        this.clock = clock;
        this.idPrefix = idPrefix;
    }

    /** The chat a remote room stands for, if it is one. */
    static Optional<Chat> parse(RemoteRoomId room) {
        return room.receiver().map(matrixUser -> new Chat(matrixUser, room.value()));
    }

    /** The chat a portal key ({@link Chat#portalKey}) stands for, if it is one. */
    static Optional<Chat> fromPortalKey(String key) {
        int last = key.lastIndexOf(':');
        if (!key.startsWith(PREFIX) || last <= PREFIX.length() || last == key.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Chat(key.substring(PREFIX.length(), last), key.substring(last + 1)));
    }

    /** A line a Matrix user's puppet received: a private message to it becomes a message in the chat. */
    void line(String matrixUser, String raw) {
        if (!raw.contains(" PRIVMSG ")) {
            return; // most lines a puppet gets: joins, parts, quits of the channels' members
        }
        IrcLine.parse(raw).ifPresent(line -> line(matrixUser, line));
    }

    /** A line to a Matrix user's nick, parsed (link mode: from the server link). */
    void line(String matrixUser, IrcLine line) {
        String from = line.nick().orElse("");
        if (!line.command().equals("PRIVMSG") || from.isEmpty() || own.test(from)
                || IrcNames.channel(line.param(0)).isPresent()) {
            return;
        }
        ChannelTracker.content(false, line.param(1)).ifPresent(content -> push.accept(new RemoteEvent.Message(
                new Chat(matrixUser, from).room(), new RemoteUserId(from), Optional.of(from),
                RemoteMessageId.of(line.msgid().orElseGet(() -> idPrefix + "-pm-" + ids.incrementAndGet())),
                line.time().orElseGet(clock::instant), content,
                ChannelTracker.replyTo(line))));
    }
}
