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
 * Private messages between an IRC user and a Matrix user's puppet. Each pair is a remote room of its own,
 * {@code pm:<matrix user>:<nick>} (a nick has no {@code :}, so the last one separates them), whose portal is a
 * direct chat the IRC user's ghost opens with the Matrix user. Only {@code PRIVMSG}s (and CTCP ACTIONs) are
 * bridged: notices to a puppet come from servers and services, not people. A message keeps its IRCv3
 * {@code server-time} and {@code msgid} where the server gives them, and answers ({@code +draft/reply}) become replies.
 */
final class PrivateChats {
    private static final String PREFIX = "pm:";

    /** The two sides of a private chat. */
    record Chat(String matrixUser, String nick) {
        RemoteRoomId room() {
            return new RemoteRoomId(PREFIX + matrixUser + ":" + nick);
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
        String value = room.value();
        int last = value.lastIndexOf(':');
        if (!value.startsWith(PREFIX) || last <= PREFIX.length() || last == value.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Chat(value.substring(PREFIX.length(), last), value.substring(last + 1)));
    }

    /** A line a Matrix user's puppet received: a private message to it becomes a message in the chat. */
    void line(String matrixUser, String raw) {
        IrcLine.parse(raw).ifPresent(line -> {
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
        });
    }
}
