package dev.mxbridge.irc;

import java.util.List;
import java.util.Optional;

/**
 * What differs between the server protocols the bridge links with: the handshake, how our users and their channel
 * memberships are written ({@link LinkedUsers}), and how the peer's lines read. Everything else (the link's life,
 * the network's state, the portals) is shared: {@link #inbound} turns the peer's lines into the RFC 2813 shapes
 * {@link LinkedNetwork} and {@link LinkMode} read ({@code NICK} introductions with a server token, {@code NJOIN},
 * {@code :nick} sources, nicks as targets), so a protocol is one class here.
 *
 * <p>Every method returns whole lines without CR LF; values from Matrix have been through {@link IrcText} in
 * {@link LinkedUsers}, and {@link ServerLink#send} refuses a line that could cut a command anyway. Implementations are
 * thread-safe: {@link LinkedUsers} calls under its lock, the link's reader thread calls {@link #inbound}.
 */
sealed interface LinkDialect permits Rfc2813Dialect, Ts6Dialect {

    /** The dialect of the configured protocol. */
    static LinkDialect of(LinkConfig config) {
        return switch (config.protocol()) {
            case RFC2813 -> new Rfc2813Dialect(config.serverName());
            case TS6 -> new Ts6Dialect(config.serverName(), config.sid());
        };
    }

    /** The first lines on a new link: password, server, and what else the protocol wants before the peer answers. */
    List<String> handshake(LinkConfig config, long nowSeconds);

    /** Whether the peer's {@code SERVER} registers the link (TS6), or its end of MOTD does (RFC 2813). */
    boolean registersOnServer();

    /** Our users' host: our server's name. */
    String host();

    /** How our server appears as the source of its own lines: its name, or its SID. */
    String source();

    /** The peer's {@code PASS} line, its password checked: some TS6 servers name their SID only there. */
    void passed(IrcLine pass);

    /** The peer's server id from its {@code SERVER} line (its token), or {@code 1} where servers have none. */
    String peerId(IrcLine server);

    /** A new link: what the dialect knew of the last one (ids, channel timestamps) is forgotten. */
    void reset();

    /**
     * One of the peer's lines after registration, in the RFC 2813 shapes the link mode reads; empty to ignore it.
     * Unknown ids stay as they are.
     */
    List<IrcLine> inbound(IrcLine line);

    /** An id for a user of ours introduced now: the TS6 UID; empty where users have none. */
    String newId();

    /** The line introducing one of our users. */
    String introduce(LinkedUsers.User user);

    /** Our user joins a channel after the burst. */
    String join(LinkedUsers.User user, String channel);

    /**
     * Our user changes members' ranks in a channel ({@code +o-v}, one nick a letter), or its bans ({@code +b}, a mask
     * a letter): {@code MODE} or {@code TMODE}.
     */
    String ranks(LinkedUsers.User user, String channel, String change, List<String> nicks);

    /** Our user leaves a channel. */
    String part(LinkedUsers.User user, String channel, String reason);

    /** Our user leaves the network. */
    String quit(LinkedUsers.User user, String reason);

    /** Our user's nick changes to {@code now.nick()}. */
    String nick(LinkedUsers.User before, LinkedUsers.User now);

    /** Our users in a channel, in the burst. */
    List<String> burstChannel(String channel, List<LinkedUsers.User> members);

    /** Lines that end our burst; none where the protocol has no end of burst. */
    List<String> endOfBurst();

    /**
     * Lines our users send before the bridge closes the link for good, given newest first; none where the peer takes
     * a split of our server quickly anyway. (ngIRCd takes a split in time that grows with the square of its channels
     * and memberships; parting first, newest first, keeps it linear: docs/performance.md, "IRC link mode".)
     */
    List<String> leaving(List<LinkedUsers.User> newestFirst, String reason);

    /** Our user is away with {@code message}, or back (empty): {@code AWAY} from the user, the same in both. */
    default String away(LinkedUsers.User user, Optional<String> message) {
        return from(user) + " AWAY" + message.map(m -> " :" + IrcText.clean(m)).orElse("");
    }

    /** The prefix of a line our user sends: {@code :nick} or {@code :UID}. */
    String from(LinkedUsers.User user);

    /** A message target as the peer wants it: a channel as it is, a network user's nick as its UID where known. */
    String target(String nickOrChannel);
}
