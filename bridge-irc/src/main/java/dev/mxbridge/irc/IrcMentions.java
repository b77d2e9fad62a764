package dev.mxbridge.irc;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteUserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mentions between IRC's habit of addressing someone by nick ({@code nick: hello}) and Matrix pills. From IRC, a
 * line starting with the nick of someone in the channel and {@code :} or {@code ,} mentions them: a Matrix user
 * through their puppet's nick, an IRC user through their ghost. To IRC, a user pill becomes the nick of whom it
 * points at (a ghost's IRC user, a Matrix user's puppet) rather than their Matrix display name, and a reply is
 * prefixed with a short quote of what it answers.
 */
final class IrcMentions {
    private static final Pattern ADDRESSED = Pattern.compile("([^\\s:,]{1,64})([:,] .*|[:,])", Pattern.DOTALL);

    /** Who stands behind nicks and Matrix users, as far as the bridge knows. */
    interface Directory {
        /** The Matrix user whose puppet has this nick. */
        Optional<String> matrixUserOfPuppet(String nick);

        /** Whether an IRC user (not one of ours) with this nick is in the channel. */
        boolean isIrcUserIn(String channel, String nick);

        /** The ghost of an IRC nick. */
        String ghostOf(String nick);

        /** The IRC nick a Matrix user id stands for: a ghost's nick, or the nick of a Matrix user's puppet. */
        Optional<String> nickOf(String matrixUser);
    }

    private static final int QUOTE_BYTES = 60;

    private final Directory directory;

    IrcMentions(Directory directory) {
        this.directory = directory;
    }

    /** IRC → Matrix: a leading {@code nick:} or {@code nick,} addressing someone in the channel becomes a pill. */
    FormattedText fromIrc(String channel, FormattedText text) {
        List<Node> nodes = text.nodes();
        if (nodes.isEmpty() || !(nodes.getFirst() instanceof Node.Text(String first))) {
            return text;
        }
        Matcher m = ADDRESSED.matcher(first);
        if (!m.matches()) {
            return text;
        }
        String nick = m.group(1);
        Optional<String> user = directory.matrixUserOfPuppet(nick)
                .or(() -> directory.isIrcUserIn(channel, nick) ? Optional.of(directory.ghostOf(nick)) : Optional.empty());
        if (user.isEmpty()) {
            return text;
        }
        List<Node> out = new ArrayList<>();
        out.add(new Node.Mention(new MentionTarget.User(new UserId(user.get())), nick));
        out.add(new Node.Text(m.group(2)));
        out.addAll(nodes.subList(1, nodes.size()));
        return new FormattedText(out);
    }

    /** Matrix → IRC: user pills show the nick of whom they point at, where the bridge knows one. */
    FormattedText toIrc(FormattedText text) {
        return text.mapMentions(mention -> switch (mention.target()) {
            case MentionTarget.User(UserId id) -> directory.nickOf(id.value())
                    .<Node>map(nick -> new Node.Mention(mention.target(), nick)).orElse(mention);
            default -> mention;
        });
    }

    /**
     * The prefix that shows on IRC which message a Matrix reply answers, as matrix-appservice-irc does:
     * {@code <nick> "the first words of it…" <- }, the author by IRC nick where there is one.
     */
    String quote(OutboundMessage.Quote quote) {
        String who = directory.nickOf(quote.sender()).orElse(quote.senderName());
        String line = quote.text().strip().lines().findFirst().orElse("").strip();
        String shown = IrcLines.truncate(line, QUOTE_BYTES);
        return "<" + IrcText.clean(who) + "> \"" + IrcText.clean(shown) + (shown.length() < line.length() ? "…" : "")
                + "\" <- ";
    }

    /** A directory over the connector's puppets, channel tracker and the core's ghosts. */
    static Directory directory(Puppets puppets, java.util.function.Predicate<String> own, ChannelTracker tracker,
                               Function<String, String> ghostOf, Function<String, Optional<RemoteUserId>> remoteUserOf) {
        return new Directory() {
            @Override
            public Optional<String> matrixUserOfPuppet(String nick) {
                // the set check first: searching the puppets is a scan, and most addressed nicks are IRC users'
                return own.test(nick) ? puppets.userByNick(nick) : Optional.empty();
            }

            @Override
            public boolean isIrcUserIn(String channel, String nick) {
                return tracker.isMember(channel, nick);
            }

            @Override
            public String ghostOf(String nick) {
                return ghostOf.apply(nick);
            }

            @Override
            public Optional<String> nickOf(String matrixUser) {
                return puppets.connection(matrixUser).flatMap(IrcConnection::nick)
                        .or(() -> remoteUserOf.apply(matrixUser).map(RemoteUserId::value));
            }
        };
    }
}
