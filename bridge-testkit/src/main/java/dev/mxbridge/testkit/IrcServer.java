package dev.mxbridge.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real IRC server (ngIRCd, InspIRCd 3 with its IRCv3 modules, or ircd-hybrid 8 for TS6 links) for a test class, as a JUnit 5 extension on a
 * static field:
 * <pre>{@code
 * @RegisterExtension
 * static IrcServer ircd = IrcServer.ngircd();
 *
 * @Test
 * void talks() {
 *     try (IrcTestClient alice = ircd.connect("alice"); IrcTestClient bob = ircd.connect("bob")) {
 *         alice.join("#c");
 *         bob.join("#c");
 *         alice.send("PRIVMSG #c :hello");
 *         bob.await(line -> line.endsWith("PRIVMSG #c :hello"), Duration.ofSeconds(5));
 *     }
 * }
 * }</pre>
 *
 * <p>Before all tests of the class it installs the daemon from Debian packages if needed, writes a fresh configuration
 * (127.0.0.1 on a free port, no DNS or ident look-ups, connection, join and flood limits raised) and starts the server;
 * after all tests it stops it. {@link #ngircd()} offers only {@code multi-prefix}, and its clients appear as
 * {@code nick!~user@127.0.0.1}; {@link #inspircd()} offers {@code CAP LS 302} with server-time, message-tags (and
 * msgid), echo-message, away-notify, account-notify, extended-join, multi-prefix, userhost-in-names and more, but no
 * SASL (InspIRCd needs a services server for it), and its clients appear as {@code nick!user@127.0.0.1}. {@link #stop()} and {@link #start()}
 * simulate an outage on the same port; {@link #ngircdPeer} adds a second ngIRCd server to a network, to split it.
 * The instance directory {@code build/ircd/NAME}, with the server's console log, stays until the same test class
 * runs again. Outside JUnit, call {@link #start()} and {@link #stop()} yourself.
 */
public final class IrcServer extends ScriptedServer<IrcServer.Instance> {
    private static final String SCRIPT = "ircd.sh";

    record Instance(String name, Path dir, String host, int port, String serverName, Path log, int tlsPort,
                    Optional<Path> tlsCertificate) {
    }

    /**
     * A server that may link into the IRC server (an ngIRCd {@code [Server]} block), as the IRC bridge's link mode
     * does.
     *
     * @param serverName     its name, e.g. {@code matrix.localhost}
     * @param bridgePassword the password it sends ({@code PASS}); ngIRCd's {@code MyPassword}
     * @param ircdPassword   the password ngIRCd sends it; ngIRCd's {@code PeerPassword}
     * @param bridgePort     where the linking server listens, for a server that connects out to it (hybrid's
     *                       {@code connect { port }}, used by an operator's {@code CONNECT}); 0 for none
     * @param bridgeTls      whether the server connects out to {@code bridgePort} with TLS (hybrid's
     *                       {@code connect { flags = tls }})
     */
    public record Link(String serverName, String bridgePassword, String ircdPassword, int bridgePort,
                       boolean bridgeTls) {
        /** Checks that each is a plain word, as the configuration file needs. */
        public Link {
            if (!serverName.matches("[A-Za-z0-9.-]+") || !bridgePassword.matches("[A-Za-z0-9._-]+")
                    || !ircdPassword.matches("[A-Za-z0-9._-]+") || bridgePort < 0 || bridgePort > 65535) {
                throw new IllegalArgumentException("a link's server name and passwords must be plain words");
            }
        }

        /** A server that only connects in. */
        public Link(String serverName, String bridgePassword, String ircdPassword) {
            this(serverName, bridgePassword, ircdPassword, 0, false);
        }

        /** A server the IRC server may also connect out to, without TLS. */
        public Link(String serverName, String bridgePassword, String ircdPassword, int bridgePort) {
            this(serverName, bridgePassword, ircdPassword, bridgePort, false);
        }
    }

    private final String daemon;
    private final Optional<Link> link;
    private final Optional<IrcServer> hub;

    private IrcServer(String daemon, Optional<String> name, Optional<Link> link, Optional<IrcServer> hub) {
        super(SCRIPT, "ircd", name, Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(30));
        this.daemon = daemon;
        this.link = link;
        this.hub = hub;
    }

    private IrcServer(String daemon, Optional<String> name, Optional<Link> link) {
        this(daemon, name, link, Optional.empty());
    }

    private IrcServer(String daemon, Optional<String> name) {
        this(daemon, name, Optional.empty());
    }

    /**
     * An ngIRCd instance named after the test class that also accepts the server link from 127.0.0.1 on its port:
     * {@code [Server] Name = serverName, MyPassword = bridgePassword, PeerPassword = ircdPassword, Passive = yes}.
     * A client may {@code OPER oper oper} and then {@code SQUIT} the link, to drop it while everyone else stays
     * connected.
     */
    public static IrcServer linkableNgircd(Link link) {
        return new IrcServer("ngircd", Optional.empty(), Optional.of(link));
    }

    /**
     * An ircd-hybrid 8 instance named after the test class that accepts a TS6 server link from 127.0.0.1 on its port
     * (its SID is {@code 1HY}): {@code connect { name = serverName; accept_password = bridgePassword; send_password =
     * ircdPassword; }}. Its package conflicts with ngIRCd's, so the script unpacks it into the build directory
     * instead of installing it. A client may {@code OPER oper oper} and then {@code SQUIT} the link.
     */
    public static IrcServer linkableHybrid(Link link) {
        return new IrcServer("hybrid", Optional.empty(), Optional.of(link));
    }

    /**
     * A second ngIRCd server of {@code hub}'s network (a leaf, for netsplit tests), in {@code build/ircd/NAME}, named
     * {@code NAME.peer.mxbridge.test} ({@link #serverName()}): it connects to {@code hub} and, while the link is down,
     * retries every 5 s (after a {@code SQUIT}, ngIRCd 26 links again within about 10 s). The hub must be an ngIRCd
     * instance created first (start the leaf after it, e.g. as a later {@code server} of the bridge under test); its
     * configuration gets the matching {@code [Server]} block and is reloaded. A client of either may
     * {@code OPER oper oper} and {@code SQUIT} the other to split the network (on the leaf, {@code DISCONNECT} keeps
     * the link down until {@code CONNECT});
     * {@link #stop()} splits it too, and the leaf's clients with it.
     */
    public static IrcServer ngircdPeer(IrcServer hub, String instanceName) {
        if (!hub.daemon().equals("ngircd")) {
            throw new IllegalArgumentException("a peer links to an ngIRCd hub, not " + hub.daemon());
        }
        return new IrcServer("ngircd", Optional.of(checked(instanceName)), Optional.empty(), Optional.of(hub));
    }

    /** The server link this instance accepts, if any. */
    public Optional<Link> link() {
        return link;
    }

    /** An ngIRCd instance named after the test class ({@code ircd} outside JUnit). */
    public static IrcServer ngircd() {
        return new IrcServer("ngircd", Optional.empty());
    }

    /** An ngIRCd instance in {@code build/ircd/NAME}, e.g. for a benchmark. */
    public static IrcServer ngircd(String instanceName) {
        return new IrcServer("ngircd", Optional.of(checked(instanceName)));
    }

    /** An InspIRCd 3 instance with the IRCv3 modules loaded, named after the test class ({@code ircd} outside JUnit). */
    public static IrcServer inspircd() {
        return new IrcServer("inspircd", Optional.empty());
    }

    /** An InspIRCd 3 instance in {@code build/ircd/NAME}. */
    public static IrcServer inspircd(String instanceName) {
        return new IrcServer("inspircd", Optional.of(checked(instanceName)));
    }

    private static String checked(String instanceName) {
        if (!instanceName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("instance name must match [A-Za-z0-9._-]+, got " + instanceName);
        }
        return instanceName;
    }

    /** Which daemon runs: {@code ngircd}, {@code inspircd} or {@code hybrid}. */
    public String daemon() {
        return daemon;
    }

    /** Where clients connect: {@code 127.0.0.1}. */
    public String host() {
        return current().host();
    }

    /** The plain-text port; stable across stop and start. */
    public int port() {
        return current().port();
    }

    /**
     * The server's name, the source of its numeric replies: {@code irc.mxbridge.test}, or for a
     * {@linkplain #ngircdPeer peer} {@code NAME.peer.mxbridge.test}.
     */
    public String serverName() {
        return current().serverName();
    }

    /** The server's console log, kept after the test. */
    public Path logFile() {
        return current().log();
    }

    /** The port with TLS (hybrid only), under the self-signed {@link #tlsCertificate()}; stable across restarts. */
    public int tlsPort() {
        if (current().tlsPort() == 0) {
            throw new IllegalStateException(daemon + " has no TLS port in the test kit: hybrid has");
        }
        return current().tlsPort();
    }

    /** The PEM certificate of the {@link #tlsPort()} (hybrid only), to pin. */
    public Path tlsCertificate() {
        return current().tlsCertificate().orElseThrow(() ->
                new IllegalStateException(daemon + " has no TLS port in the test kit: hybrid has"));
    }

    /** Connects a raw test client and registers it with the nick; see {@link IrcTestClient#connect}. */
    public IrcTestClient connect(String nick) {
        return IrcTestClient.connect(host(), port(), nick);
    }

    @Override
    public String toString() {
        return "IrcServer[" + daemon + " " + created().map(i -> i.name() + " " + i.host() + ":" + i.port())
                .orElse("not created") + "]";
    }

    @Override
    List<String> initArguments() {
        if (hub.isPresent()) {
            return List.of(daemon, "peer", hub.get().current().name());
        }
        return link.map(l -> l.bridgePort() > 0
                        ? List.of(daemon, "link", l.serverName(), l.bridgePassword(), l.ircdPassword(),
                                Integer.toString(l.bridgePort()), l.bridgeTls() ? "tls" : "plain")
                        : List.of(daemon, "link", l.serverName(), l.bridgePassword(), l.ircdPassword()))
                .orElse(List.of(daemon));
    }

    @Override
    Instance instance(String name, Map<String, String> out) {
        return new Instance(name, Path.of(Scripts.require(out, "dir", SCRIPT)), Scripts.require(out, "host", SCRIPT),
                Integer.parseInt(Scripts.require(out, "port", SCRIPT)), Scripts.require(out, "server_name", SCRIPT),
                Path.of(Scripts.require(out, "log", SCRIPT)), Integer.parseInt(out.getOrDefault("tls_port", "0")),
                Optional.ofNullable(out.get("tls_certificate")).map(Path::of));
    }
}
