package dev.mxbridge.irc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TS6 as ircd-hybrid 8.2 speaks it (and, for what the peer sends, ratbox, charybdis and solanum):
 * {@code PASS <password> TS 6 :<SID>}, {@code CAPAB}, {@code SERVER <name> 1 <SID> + :<description>} and {@code SVINFO 6 6 0 :<time>};
 * users by UID ({@code <SID>AAAAAA}) with a nick timestamp, channels by {@code SJOIN} with the channel's timestamp,
 * and {@code EOB} after our burst.
 *
 * <p>The peer's lines name users by UID and servers by SID: {@link #inbound} keeps both maps and writes the lines back
 * with nicks and server names, {@code UID}/{@code EUID} as an RFC 2813 {@code NICK} introduction whose server token
 * is the SID, {@code SID} as {@code SERVER}, {@code SJOIN} as {@code NJOIN}, {@code TMODE} as {@code MODE},
 * {@code BMASK} bans as {@code MODE +b}, {@code TB}/{@code TBURST} as {@code TOPIC}. Channel timestamps from the peer are kept, so that our {@code SJOIN}
 * and {@code JOIN} never carry an older one (which would strip the channel's modes and ops). Thread-safe.
 */
final class Ts6Dialect implements LinkDialect {
    private static final String CAPAB = "QS ENCAP EX IE TBURST EOB";
    private static final int MAX_SJOIN = 400;

    private final String server;
    private final String sid;
    private final AtomicLong ids = new AtomicLong();
    /** Every user's nick by UID, ours and the network's. */
    private final Map<String, String> nicks = new HashMap<>();
    /** The network's users' UIDs by folded nick (ours are not targets of our own lines). */
    private final Map<String, String> uids = new HashMap<>();
    private final Map<String, String> servers = new HashMap<>();
    /** Each server's uplink by SID: a split takes the servers behind it along (QS: no QUIT for their users). */
    private final Map<String, String> uplinks = new HashMap<>();
    private final Map<String, Long> channelTs = new HashMap<>();
    private String passSid = "";

    Ts6Dialect(String server, String sid) {
        if (!sid.matches("[0-9][A-Z0-9]{2}")) {
            throw new IllegalArgumentException("a TS6 server id is a digit and two capital letters or digits: " + sid);
        }
        this.server = IrcText.word(server);
        this.sid = sid;
    }

    @Override
    public List<String> handshake(LinkConfig config, long nowSeconds) {
        return List.of("PASS " + config.sendPassword() + " TS 6 :" + sid, "CAPAB :" + CAPAB,
                "SERVER " + server + " 1 " + sid + " + :" + IrcText.clean(config.description()),
                ":" + sid + " SVINFO 6 6 0 :" + nowSeconds);
    }

    @Override
    public boolean registersOnServer() {
        return true;
    }

    @Override
    public String host() {
        return server;
    }

    @Override
    public String source() {
        return sid;
    }

    /** {@code PASS <password> TS 6 :<SID>}: ratbox and charybdis name their SID only here. */
    @Override
    public synchronized void passed(IrcLine pass) {
        passSid = pass.params().size() >= 4 && pass.param(1).equals("TS") && isSid(pass.param(3)) ? pass.param(3) : "";
    }

    /** Hybrid 8.2 names its SID in {@code SERVER name 1 SID +flags :info}, others in their {@code PASS}. */
    @Override
    public synchronized String peerId(IrcLine line) {
        String id = line.params().size() >= 4 && isSid(line.param(2)) ? line.param(2) : passSid;
        servers.put(id, line.param(0));
        return id;
    }

    @Override
    public synchronized void reset() {
        nicks.keySet().removeIf(uid -> !uid.startsWith(sid)); // ours are introduced again by the burst
        uids.clear();
        servers.clear();
        uplinks.clear();
        channelTs.clear();
        passSid = "";
    }

    @Override
    public synchronized List<IrcLine> inbound(IrcLine line) {
        Optional<String> source = line.nick().map(this::name);
        List<String> p = line.params();
        return switch (line.command()) {
            case "UID", "EUID" -> introduced(line);
            case "SID" -> {
                if (p.size() < 4) {
                    yield List.of();
                }
                servers.put(line.param(2), line.param(0));
                line.nick().ifPresent(uplink -> uplinks.put(line.param(2), uplink));
                yield List.of(line(Optional.empty(), "SERVER", line.param(0), line.param(1), line.param(2),
                        p.getLast()));
            }
            case "NICK" -> {
                if (p.isEmpty()) {
                    yield List.of();
                }
                String uid = line.nick().orElse("");
                String before = nicks.get(uid);
                if (before != null) {
                    nicks.put(uid, line.param(0));
                    uids.remove(IrcNames.fold(before));
                    uids.put(IrcNames.fold(line.param(0)), uid);
                }
                yield List.of(line(source, "NICK", line.param(0)));
            }
            case "SJOIN" -> sjoin(line);
            case "JOIN" -> {
                if (p.size() < 2) {
                    yield List.of(); // JOIN 0: parts all channels, which the PARTs that follow say again
                }
                channelTs.putIfAbsent(IrcNames.fold(line.param(1)), number(line.param(0)));
                yield List.of(line(source, "JOIN", line.param(1)));
            }
            case "KICK" -> List.of(line(source, "KICK", line.param(0), name(line.param(1)), line.param(2)));
            case "KILL" -> {
                String nick = name(line.param(0));
                forget(line.param(0));
                yield List.of(line(source, "KILL", nick, line.param(1)));
            }
            case "QUIT" -> {
                line.nick().ifPresent(this::forget);
                yield List.of(line(source, "QUIT", line.param(0)));
            }
            case "TMODE" -> p.size() < 3 ? List.of() : List.of(line(source, "MODE",
                    names(p.subList(1, p.size()))));
            case "MODE" -> List.of(line(source, "MODE", names(p)));
            case "PRIVMSG", "NOTICE", "PART", "TOPIC" -> { // the text after the target is never an id
                List<String> params = new ArrayList<>(p);
                if (!params.isEmpty()) {
                    params.set(0, name(params.getFirst()));
                }
                yield List.of(line(source, line.command(), params));
            }
            case "TB" -> p.size() < 3 ? List.of() : List.of(line(p.size() >= 4 ? Optional.of(nickOf(p.get(2)))
                    : source, "TOPIC", p.getFirst(), p.getLast()));
            case "TBURST" -> p.size() < 5 ? List.of() : List.of(line(Optional.of(nickOf(p.get(3))), "TOPIC",
                    p.get(1), p.getLast()));
            case "SQUIT" -> squit(source, line.param(0), line.param(1));
            case "BMASK" -> { // BMASK ts #chan b :mask mask ...: the bans, as MODE +bb mask mask
                if (p.size() < 4 || !p.get(2).equals("b") || p.get(3).isBlank()) {
                    yield List.of(); // exceptions (e) and invite exceptions (I) do not keep anyone out
                }
                List<String> masks = List.of(p.get(3).trim().split(" +"));
                List<String> params = new ArrayList<>(List.of(p.get(1), "+" + "b".repeat(masks.size())));
                params.addAll(masks);
                yield List.of(line(source, "MODE", params));
            }
            case "EOB", "ENCAP", "CAPAB", "SVINFO", "CERTFP", "METADATA", "SVSTAG", "MLOCK", "AWAY" ->
                    List.of(); // away and services' tags are not bridged
            default -> List.of(line(source, line.command(), p));
        };
    }

    /** {@code UID nick hops ts umodes user host [realhost] ip uid [account] :gecos} (hybrid 8.2 has 11 parameters,
     *  charybdis 9), or charybdis' {@code EUID nick hops ts umodes user host ip uid realhost account :gecos}. */
    private List<IrcLine> introduced(IrcLine line) {
        List<String> p = line.params();
        int uidAt = line.command().equals("EUID") || p.size() < 11 ? 7 : 8;
        if (p.size() < 9) {
            return List.of();
        }
        String nick = p.getFirst();
        String uid = p.get(uidAt);
        nicks.put(uid, nick);
        uids.put(IrcNames.fold(nick), uid);
        String token = line.nick().orElse(uid.length() > 3 ? uid.substring(0, 3) : "");
        return List.of(line(Optional.empty(), "NICK", nick, p.get(1), p.get(4), p.get(5), token, p.get(3),
                p.getLast()));
    }

    /**
     * A server split off, and with it every server behind it: one {@code SQUIT} each, as with QS the peer sends no
     * {@code QUIT} for their users. Their UIDs are forgotten.
     */
    private List<IrcLine> squit(Optional<String> source, String server, String reason) {
        String sid = isSid(server) ? server : servers.entrySet().stream()
                .filter(e -> e.getValue().equalsIgnoreCase(server)).map(Map.Entry::getKey).findFirst().orElse(server);
        List<String> gone = new ArrayList<>(List.of(sid));
        for (int i = 0; i < gone.size(); i++) {
            String up = gone.get(i);
            uplinks.forEach((down, uplink) -> {
                if (uplink.equals(up) && !gone.contains(down)) {
                    gone.add(down);
                }
            });
        }
        List<IrcLine> lines = new ArrayList<>();
        for (String split : gone.reversed()) {
            lines.add(line(source, "SQUIT", name(split), reason));
            nicks.keySet().removeIf(uid -> uid.startsWith(split));
            uids.values().removeIf(uid -> uid.startsWith(split));
            uplinks.remove(split);
            servers.remove(split);
        }
        return lines;
    }

    /** {@code SJOIN ts #chan +modes [args] :@UID +UID UID}: one {@code NJOIN} with the members' nicks and ranks. */
    private List<IrcLine> sjoin(IrcLine line) {
        List<String> p = line.params();
        if (p.size() < 4) {
            return List.of();
        }
        String channel = p.get(1);
        // the peer's timestamp as it is now: a channel emptied and made again on the network has a newer one
        channelTs.put(IrcNames.fold(channel), number(p.getFirst()));
        List<String> members = new ArrayList<>();
        for (String entry : p.getLast().split(" ")) {
            int i = 0;
            while (i < entry.length() && "~&@%+".indexOf(entry.charAt(i)) >= 0) {
                i++;
            }
            if (i < entry.length()) {
                members.add(entry.substring(0, i) + name(entry.substring(i)));
            }
        }
        Optional<String> source = line.nick().map(this::name);
        return members.isEmpty() ? List.of() : List.of(line(source, "NJOIN", channel, String.join(",", members)));
    }

    /** {@code <SID>AAAAAA}, {@code <SID>AAAAAB}, ...: a letter, then letters or digits, as the specification says. */
    @Override
    public String newId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        long n = ids.getAndIncrement();
        char[] id = new char[6];
        for (int i = 5; i > 0; i--) {
            id[i] = alphabet.charAt((int) (n % 36));
            n /= 36;
        }
        id[0] = alphabet.charAt((int) (n % 26));
        return sid + new String(id);
    }

    @Override
    public synchronized String introduce(LinkedUsers.User user) {
        nicks.put(user.uid(), user.nick());
        return ":" + sid + " UID " + user.nick() + " 1 " + user.ts() + " + " + IrcText.word(user.userName()) + " "
                + server + " " + server + " 0 " + user.uid() + " * :" + IrcText.clean(user.realName());
    }

    @Override
    public synchronized String join(LinkedUsers.User user, String channel) {
        return ":" + user.uid() + " JOIN " + channelTs(channel) + " " + IrcText.word(channel) + " +";
    }

    /** {@code :UID TMODE ts #chan +o UID}: with the channel's timestamp, members by UID. */
    @Override
    public synchronized String ranks(LinkedUsers.User user, String channel, String change, List<String> nicks) {
        return ":" + user.uid() + " TMODE " + channelTs(channel) + " " + IrcText.word(channel) + " "
                + IrcText.word(change) + " " + String.join(" ", nicks.stream().map(this::target).toList());
    }

    @Override
    public String part(LinkedUsers.User user, String channel, String reason) {
        return ":" + user.uid() + " PART " + IrcText.word(channel) + " :" + IrcText.clean(reason);
    }

    @Override
    public synchronized String quit(LinkedUsers.User user, String reason) {
        nicks.remove(user.uid());
        return ":" + user.uid() + " QUIT :" + IrcText.clean(reason);
    }

    @Override
    public synchronized String nick(LinkedUsers.User before, LinkedUsers.User now) {
        nicks.put(now.uid(), now.nick());
        return ":" + before.uid() + " NICK " + now.nick() + " :" + now.ts();
    }

    @Override
    public synchronized List<String> burstChannel(String channel, List<LinkedUsers.User> members) {
        List<String> lines = new ArrayList<>();
        String start = ":" + sid + " SJOIN " + channelTs(channel) + " " + IrcText.word(channel) + " + :";
        StringBuilder line = new StringBuilder(start);
        for (LinkedUsers.User user : members) {
            if (line.length() + user.uid().length() + 1 > MAX_SJOIN) {
                lines.add(line.toString());
                line = new StringBuilder(start);
            }
            line.append(line.length() == start.length() ? "" : " ").append(user.uid());
        }
        lines.add(line.toString());
        return lines;
    }

    @Override
    public List<String> endOfBurst() {
        return List.of(":" + sid + " EOB");
    }

    /** None: hybrid keeps users and channels in hash tables and takes a split of 20,000 users in a blink. */
    @Override
    public List<String> leaving(List<LinkedUsers.User> newestFirst, String reason) {
        return List.of();
    }

    @Override
    public String from(LinkedUsers.User user) {
        return ":" + user.uid();
    }

    @Override
    public synchronized String target(String nickOrChannel) {
        return IrcText.word(uids.getOrDefault(IrcNames.fold(nickOrChannel), nickOrChannel));
    }

    /** The channel's timestamp on the network, or now for a channel we create (then it is the network's too). */
    private long channelTs(String channel) {
        return channelTs.computeIfAbsent(IrcNames.fold(channel), c -> Instant.now().getEpochSecond());
    }

    /** A UID's nick or a SID's server name; anything else as it is. */
    private String name(String id) {
        String nick = nicks.get(id);
        return nick != null ? nick : servers.getOrDefault(id, id);
    }

    private List<String> names(List<String> params) {
        return params.stream().map(this::name).toList();
    }

    private void forget(String uid) {
        String nick = nicks.remove(uid);
        if (nick != null) {
            uids.remove(IrcNames.fold(nick), uid);
        }
    }

    private static String nickOf(String mask) {
        int bang = mask.indexOf('!');
        return bang < 0 ? mask : mask.substring(0, bang);
    }

    private static boolean isSid(String s) {
        return s.matches("[0-9][A-Z0-9]{2}");
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Instant.now().getEpochSecond();
        }
    }

    private static IrcLine line(Optional<String> source, String command, String... params) {
        return line(source, command, List.of(params));
    }

    private static IrcLine line(Optional<String> source, String command, List<String> params) {
        return new IrcLine(Map.of(), source, command, params);
    }
}
