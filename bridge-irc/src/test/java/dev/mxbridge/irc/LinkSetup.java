package dev.mxbridge.irc;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestPorts;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One daemon's side of {@link LinkContract}: a Synapse, the ircd accepting the link from {@code matrix.localhost},
 * and the bridge linked to it with a static mapping of {@code #lmapped} to a room Quin makes before the bridge
 * first starts. A test class keeps one in a static field and registers {@link #it}. The static methods are what
 * every link test shares, {@link LinkAcceptIT} and the TLS tests too.
 */
final class LinkSetup {
    static final String SERVER = "matrix.localhost";

    final Homeserver hs;
    final IrcServer ircd;
    final BridgeUnderTest<Bridge> it;
    TestUser quin;
    String mapped;

    /**
     * @param name     the test's directory name
     * @param daemon   the linkable ircd, e.g. {@code IrcServer::linkableNgircd}
     * @param protocol the {@code link:} lines naming the protocol ({@code protocol: ts6} and {@code sid: 0MX})
     */
    LinkSetup(String name, Function<IrcServer.Link, IrcServer> daemon, String protocol) {
        Path dir = BridgeItSupport.dir(name);
        hs = Homeserver.synapse().registration(dir.resolve("registration.yaml")).build();
        ircd = daemon.apply(new IrcServer.Link(SERVER, "bridge-secret", "ircd-secret"));
        it = BridgeItSupport.bridge(dir, hs, ircd, () -> {
            if (mapped == null) { // the configuration is made again at each start: the same room
                quin = hs.registerUser();
                quin.setDisplayName("Quin");
                mapped = quin.createRoom(RoomOptions.create().name("Mapped").publicRoom());
            }
            return """
                    mappings: {'#lmapped': '%s'}
                    puppet_ranks_to_matrix: true
                    """.formatted(mapped) + link(protocol + "\nretry_min: 200ms\nretry_max: 1s");
        }, IrcConnector::new);
    }

    /**
     * The bridge linked to ircd-hybrid over TS6 (SID {@code 0MX}), with {@code more} {@code link:} lines (a port,
     * TLS, accepting), made once the ircd runs.
     */
    static BridgeUnderTest<Bridge> hybridBridge(Path dir, Homeserver hs, IrcServer ircd, Supplier<String> more) {
        return BridgeItSupport.bridge(dir, hs, ircd, () -> link("protocol: ts6\nsid: 0MX\n" + more.get()),
                IrcConnector::new);
    }

    /** The {@code link:} section: {@code lines} (one a line), our server's name and the passwords. */
    static String link(String lines) {
        return "link:\n  " + lines.strip().replace("\n", "\n  ") + """

                  server_name: %s
                  send_password: bridge-secret
                  accept_password: ircd-secret
                """.formatted(SERVER);
    }

    /** The {@code link:} lines of a bridge that listens on {@code port} for the ircd on 127.0.0.1 to link. */
    static String accepting(int port) {
        return "host: 127.0.0.1\naccept: true\nlisten_host: 127.0.0.1\nlisten_port: " + port + "\n";
    }

    /** A free TCP port for the bridge to listen on, reserved so that no server the test starts later takes it. */
    static int freePort() {
        return TestPorts.free();
    }

    /** Waits until the ircd lists our server among its links. */
    static void awaitLinked(IrcTestClient client, Duration wait) {
        BridgeItSupport.await("the ircd linked to " + SERVER, wait, () -> {
            client.send("LINKS");
            return client.received().stream().anyMatch(l -> l.contains(" 364 ") && l.contains(SERVER));
        });
    }

    /**
     * The Matrix user joins the channel's portal, {@code ivan} (in the channel) sees a user of our server join, and a
     * message goes each way ({@code text}, then {@code text + " back"}); returns the room.
     */
    static String talk(TestUser matrixUser, IrcTestClient ivan, String channel, String text, Duration wait) {
        String room = matrixUser.join("#_irc_" + channel + ":localhost");
        ivan.await(l -> l.contains(" JOIN ") && l.contains("@" + SERVER + " "), wait);
        matrixUser.sendText(room, text);
        ivan.await(l -> l.contains(" PRIVMSG " + channel + " :" + text), wait);
        ivan.message(channel, text + " back");
        matrixUser.awaitEvent(room, e -> e.path("content").path("body").asString().equals(text + " back"), wait);
        return room;
    }
}
