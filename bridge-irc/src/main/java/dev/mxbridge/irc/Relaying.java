package dev.mxbridge.irc;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the bridge bot relays a Matrix user who has no puppet, where the server enabled {@code draft/relaymsg} (with
 * {@code echo-message}): as {@code RELAYMSG #chan Name/m :text}, which IRC users see as a message from
 * {@code Name/m}. Notices, and channels where the server refused {@code RELAYMSG} (servers let channel operators
 * relay; the refusal is remembered until the bot has ops there), get {@code <Name> text} from the bot instead.
 */
final class Relaying {
    private static final Logger log = LoggerFactory.getLogger(Relaying.class);

    private final IrcConnection relay;
    private final int maxNickLength;
    private final BiPredicate<String, String> isOp;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    /** @param isOp whether a nick is channel operator in a channel, as far as the bridge knows */
    Relaying(IrcConnection relay, int maxNickLength, BiPredicate<String, String> isOp) {
        this.relay = relay;
        this.maxNickLength = maxNickLength;
        this.isOp = isOp;
    }

    /** Whether the relay shows Matrix users under their own names now. */
    boolean virtual() {
        return relay.relaysAs().isPresent();
    }

    /** The relayed nick for a Matrix user: their name as a nick, the separator and {@code m}. */
    String nick(String displayName, String localpart, String separator) {
        return IrcNames.nick("{displayname}", displayName, localpart, maxNickLength - 1 - separator.length())
                + separator + "m";
    }

    /** Sends the user's message (unprefixed text) to the channel under their name, or prefixed with it. */
    IrcConnection.Sent send(String channel, IrcLines.Kind kind, String text, String displayName, String localpart,
                            Duration timeout) throws InterruptedException {
        var separator = relay.relaysAs();
        boolean mayTry = !refused.contains(channel) || relay.nick().filter(n -> isOp.test(channel, n)).isPresent();
        if (separator.isPresent() && kind != IrcLines.Kind.NOTICE && mayTry) {
            String nick = nick(displayName, localpart, separator.get());
            try {
                IrcConnection.Sent sent = relay.relay(channel, nick, kind, text, timeout);
                refused.remove(channel);
                return sent;
            } catch (IrcConnection.Refused e) {
                refused.add(channel);
                log.info("RELAYMSG as {} in {} was refused ({}); relaying with the name in the text", nick, channel,
                        e.getMessage());
            }
        }
        String name = IrcText.clean(displayName);
        String prefixed = kind == IrcLines.Kind.ACTION ? "* " + name + " " + text : "<" + name + "> " + text;
        return relay.send(kind == IrcLines.Kind.ACTION ? IrcLines.Kind.PRIVMSG : kind, channel, prefixed, timeout);
    }
}
