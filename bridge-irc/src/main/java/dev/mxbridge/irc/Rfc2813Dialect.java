package dev.mxbridge.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RFC 2813 as ngIRCd speaks it: {@code PASS <password> 0210-IRC+ mxbridge|<version>:CHLMSX P}, users introduced
 * with {@code NICK <nick> 1 <user> <host> 1 + :<realname>}, nicks as sources and targets, {@code NJOIN} in the
 * burst. The peer's lines already have the shapes the link mode reads.
 */
final class Rfc2813Dialect implements LinkDialect {
    private static final String VERSION = "0210-IRC+ mxbridge|0.1:CHLMSX P";
    /** How long an {@code NJOIN} or {@code PART} listing nicks or channels grows: ngIRCd forwards it with a prefix. */
    private static final int MAX_LISTING = 400;

    private final String server;

    Rfc2813Dialect(String server) {
        this.server = IrcText.word(server);
    }

    @Override
    public List<String> handshake(LinkConfig config, long nowSeconds) {
        return List.of("PASS " + config.sendPassword() + " " + VERSION,
                "SERVER " + server + " 1 :" + IrcText.clean(config.description()));
    }

    @Override
    public boolean registersOnServer() {
        return false;
    }

    @Override
    public String host() {
        return server;
    }

    @Override
    public String source() {
        return server;
    }

    @Override
    public void passed(IrcLine pass) {
    }

    @Override
    public String peerId(IrcLine line) {
        return "1";
    }

    @Override
    public void reset() {
    }

    @Override
    public List<IrcLine> inbound(IrcLine line) {
        return List.of(line);
    }

    @Override
    public String newId() {
        return "";
    }

    /** {@code :server NICK nick 1 user host 1 + :realname}: hop count 1, on our server (token 1). */
    @Override
    public String introduce(LinkedUsers.User user) {
        return ":" + server + " NICK " + user.nick() + " 1 " + IrcText.word(user.userName()) + " " + server + " 1 + :"
                + IrcText.clean(user.realName());
    }

    @Override
    public String join(LinkedUsers.User user, String channel) {
        return ":" + user.nick() + " JOIN " + IrcText.word(channel);
    }

    @Override
    public String ranks(LinkedUsers.User user, String channel, String change, List<String> nicks) {
        return ":" + user.nick() + " MODE " + IrcText.word(channel) + " " + IrcText.word(change) + " "
                + String.join(" ", nicks.stream().map(IrcText::word).toList());
    }

    @Override
    public String part(LinkedUsers.User user, String channel, String reason) {
        return ":" + user.nick() + " PART " + IrcText.word(channel) + " :" + IrcText.clean(reason);
    }

    @Override
    public String quit(LinkedUsers.User user, String reason) {
        return ":" + user.nick() + " QUIT :" + IrcText.clean(reason);
    }

    @Override
    public String nick(LinkedUsers.User before, LinkedUsers.User now) {
        return ":" + before.nick() + " NICK " + now.nick();
    }

    @Override
    public List<String> burstChannel(String channel, List<LinkedUsers.User> members) {
        List<String> lines = new ArrayList<>();
        String start = ":" + server + " NJOIN " + IrcText.word(channel) + " :";
        StringBuilder line = new StringBuilder(start);
        for (LinkedUsers.User user : members) {
            if (line.length() + user.nick().length() + 1 > MAX_LISTING) {
                lines.add(line.toString());
                line = new StringBuilder(start);
            }
            line.append(line.length() == start.length() ? "" : ",").append(user.nick());
        }
        lines.add(line.toString());
        return lines;
    }

    @Override
    public List<String> endOfBurst() {
        return List.of();
    }

    /**
     * Every user parts their channels, newest user and channel first. ngIRCd keeps its users, channels and
     * memberships in lists with the newest first, and a user split off with our server leaves every channel of the
     * network, each a walk along the whole membership list (channel.c, {@code Channel_Quit}, {@code Remove_Client}):
     * 5,000 users took 80 s. Parting newest first finds each at the front and empties our channels, so the split
     * that follows is quick.
     */
    @Override
    public List<String> leaving(List<LinkedUsers.User> newestFirst, String reason) {
        List<String> lines = new ArrayList<>();
        String tail = " :" + IrcText.clean(reason);
        for (LinkedUsers.User user : newestFirst) {
            List<String> channels = new ArrayList<>(user.channels()).reversed();
            String start = ":" + user.nick() + " PART ";
            StringBuilder line = new StringBuilder(start);
            for (String channel : channels) {
                if (line.length() > start.length() && line.length() + channel.length() + tail.length() > MAX_LISTING) {
                    lines.add(line.append(tail).toString());
                    line = new StringBuilder(start);
                }
                line.append(line.length() == start.length() ? "" : ",").append(IrcText.word(channel));
            }
            if (line.length() > start.length()) {
                lines.add(line.append(tail).toString());
            }
        }
        return lines;
    }

    /**
     * {@code :nick MODE nick :+a} (or {@code -a}): ngIRCd sets a server's {@code AWAY} on the server itself
     * ({@code IRC_AWAY}) and carries away between servers as the user mode, without the message (it shows "Away").
     */
    @Override
    public String away(LinkedUsers.User user, Optional<String> message) {
        return ":" + user.nick() + " MODE " + user.nick() + " :" + (message.isPresent() ? "+a" : "-a");
    }

    @Override
    public String from(LinkedUsers.User user) {
        return ":" + user.nick();
    }

    @Override
    public String target(String nickOrChannel) {
        return IrcText.word(nickOrChannel);
    }
}
