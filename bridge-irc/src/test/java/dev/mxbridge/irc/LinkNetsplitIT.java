package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Netsplits inside the network in link mode, against two real ngIRCd servers and a real Synapse: the bridge links to
 * the hub as {@code matrix.localhost}, a leaf server links to the hub too, and the leaf's users are in a portal. When
 * the hub splits the leaf off ({@code SQUIT}) and it links again within {@code quit_debounce}, their ghosts stay in
 * the Matrix room (no membership storm), and only a user who quit during the split leaves, after the debounce. When
 * the leaf stays away longer ({@code DISCONNECT} on the leaf, which keeps it from linking again until
 * {@code CONNECT}), its users' ghosts leave once the debounce is over, and join again when the leaf is back. Messages
 * flow both ways after each re-link.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinkNetsplitIT {
    static final Path DIR = BridgeItSupport.dir("link-netsplit");
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Long enough for the leaf's re-link (ngIRCd 26 links again 5 to 11 s after a SQUIT) on a busy machine. */
    static final Duration DEBOUNCE = Duration.ofSeconds(25);
    static final String CHANNEL = "#split";
    static final String ALIAS = "#_irc_#split:localhost";
    static final String SERVER = "matrix.localhost";
    static final String LENA = "@_irc_lena:localhost";
    static final String LEO = "@_irc_leo:localhost";
    static final String LOU = "@_irc_lou:localhost";

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer hub = IrcServer.linkableNgircd(new IrcServer.Link(SERVER, "bridge-secret", "ircd-secret"));
    static final IrcServer leaf = IrcServer.ngircdPeer(hub, "netsplit-leaf");

    /** The bridge links to the hub; the leaf starts after the hub, and links to it. */
    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeUnderTest.<Bridge>builder("irc", DIR, hs).server(hub).server(leaf)
            .network(() -> """
                    host: %s
                    port: %d
                    nick: mxbridge
                    message_delay: 0ms
                    quit_debounce: %ds
                    media_url_base: '%s/_matrix/client/v1/media/download'
                    link:
                      protocol: rfc2813
                      server_name: %s
                      send_password: bridge-secret
                      accept_password: ircd-secret
                      retry_min: 200ms
                      retry_max: 1s
                    """.formatted(hub.host(), hub.port(), DEBOUNCE.toSeconds(), hs.baseUrl(), SERVER))
            .start(setup -> Bridge.builder(ConfigYaml.parse(setup.configYaml(), setup.dir(), Map.of(), "irc"))
                    .network(new IrcConnector()).start());

    static TestUser olga;
    static String room;
    /** Leaf users that stay connected to the leaf through both splits. */
    static IrcTestClient lena;
    static IrcTestClient lou;
    /** A leaf user who quits during the short split. */
    static IrcTestClient leo;

    @BeforeAll
    static void users() {
        olga = hs.registerUser();
        olga.setDisplayName("Olga");
    }

    @Test
    @Order(1)
    void usersOfTheLeafAreGhostsInThePortalAndMessagesCrossBothServers() {
        lena = leaf.connect("lena");
        lou = leaf.connect("lou");
        BridgeItSupport.await("the leaf linked to the hub, and the bridge behind it", WAIT, () -> {
            lena.send("LINKS");
            lena.await(l -> l.contains(" 365 "), WAIT);
            return lena.received().stream().anyMatch(l -> l.contains(" 364 ") && l.contains(" " + SERVER + " "));
        });
        leo = leaf.connect("leo");
        for (IrcTestClient client : List.of(lena, lou, leo)) {
            client.join(CHANNEL);
        }
        room = olga.join(ALIAS);
        assertThat(lena.await(l -> l.contains(" JOIN ") && l.startsWith(":Olga[m]!"), WAIT))
                .contains("@" + SERVER + " ");
        for (String ghost : List.of(LENA, LOU, LEO)) {
            olga.awaitEvent(room, e -> isMembership(e, ghost, "join"), WAIT);
        }

        olga.sendText(room, "hello leaf");
        lena.await(l -> l.startsWith(":Olga[m]!") && l.contains(" PRIVMSG " + CHANNEL + " :hello leaf"), WAIT);
        lena.message(CHANNEL, "hello matrix");
        olga.awaitEvent(room, e -> isMessage(e, LENA, "hello matrix"), WAIT);
    }

    @Test
    @Order(2)
    void aShortNetsplitLeavesTheGhostsInTheRoomAndOnlyWhoQuitMeanwhileLeavesAfterTheDebounce() {
        olga.sendText(room, "before the short split");
        long split = olga.awaitEvent(room, e -> isMessage(e, olga.userId(), "before the short split"), WAIT)
                .path("origin_server_ts").asLong();
        lena.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :before the short split"), WAIT);

        try (IrcTestClient hubop = hub.connect("hubop")) {
            hubop.send("OPER oper oper");
            hubop.await(l -> l.contains(" 381 "), WAIT);
            hubop.send("SQUIT " + leaf.serverName() + " :test netsplit");
            lena.await(l -> l.startsWith(":Olga[m]!") && l.contains(" QUIT "), WAIT);
        }
        leo.close(); // on the leaf while it is split off: the hub and the bridge never hear of it
        lena.await(l -> l.startsWith(":Olga[m]!") && l.contains(" JOIN "), WAIT); // the netjoin

        lena.message(CHANNEL, "lena after the short split");
        olga.awaitEvent(room, e -> isMessage(e, LENA, "lena after the short split"), WAIT);
        olga.sendText(room, "matrix after the short split");
        assertThat(lena.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :matrix after the short split"), WAIT))
                .startsWith(":Olga[m]!");

        JsonNode leoLeft = olga.awaitEvent(room, e -> isMembership(e, LEO, "leave")
                && e.path("origin_server_ts").asLong() > split, WAIT.plus(DEBOUNCE));
        assertThat(leoLeft.path("origin_server_ts").asLong() - split)
                .as("leo, gone with the split, was held back for quit_debounce before leaving")
                .isGreaterThanOrEqualTo(DEBOUNCE.toMillis());
        lena.message(CHANNEL, "lena after the debounce");
        olga.awaitEvent(room, e -> isMessage(e, LENA, "lena after the debounce"), WAIT);

        assertThat(membershipChanges(split, LENA, LOU))
                .as("lena and lou stayed on the leaf through the split: their ghosts neither left nor joined again")
                .isEmpty();
    }

    @Test
    @Order(3)
    void aLeafAwayLongerThanTheDebounceTakesItsGhostsOutOfTheRoomAndBringsThemBack() {
        olga.sendText(room, "before the long split");
        long split = olga.awaitEvent(room, e -> isMessage(e, olga.userId(), "before the long split"), WAIT)
                .path("origin_server_ts").asLong();
        lena.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :before the long split"), WAIT);

        lena.send("OPER oper oper");
        lena.await(l -> l.contains(" 381 "), WAIT);
        lena.send("DISCONNECT " + hub.serverName()); // ngIRCd: drops the link and keeps it down until CONNECT
        lena.await(l -> l.startsWith(":Olga[m]!") && l.contains(" QUIT "), WAIT);

        Map<String, Long> left = new HashMap<>();
        for (String ghost : List.of(LENA, LOU)) {
            long at = olga.awaitEvent(room, e -> isMembership(e, ghost, "leave")
                    && e.path("origin_server_ts").asLong() > split, WAIT.plus(DEBOUNCE))
                    .path("origin_server_ts").asLong();
            assertThat(at - split).as(ghost + " left only after quit_debounce")
                    .isGreaterThanOrEqualTo(DEBOUNCE.toMillis());
            left.put(ghost, at);
        }

        lena.send("CONNECT " + hub.serverName());
        lena.await(l -> l.startsWith(":Olga[m]!") && l.contains(" JOIN "), WAIT);
        for (String ghost : List.of(LENA, LOU)) {
            olga.awaitEvent(room, e -> isMembership(e, ghost, "join")
                    && e.path("origin_server_ts").asLong() >= left.get(ghost), WAIT);
        }
        lena.message(CHANNEL, "lena after the long split");
        olga.awaitEvent(room, e -> isMessage(e, LENA, "lena after the long split"), WAIT);
        olga.sendText(room, "matrix after the long split");
        assertThat(lou.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :matrix after the long split"), WAIT))
                .startsWith(":Olga[m]!");
    }

    @AfterAll
    static void closeClients() {
        for (IrcTestClient client : new IrcTestClient[] {lena, lou, leo}) {
            if (client != null) {
                client.close();
            }
        }
    }

    /** Membership events of the ghosts after {@code since} other than a profile change of a joined member. */
    private static List<JsonNode> membershipChanges(long since, String... ghosts) {
        List<String> watched = List.of(ghosts);
        return olga.messages(room, 100).stream()
                .filter(e -> e.path("type").asString().equals("m.room.member")
                        && watched.contains(e.path("state_key").asString())
                        && e.path("origin_server_ts").asLong() > since
                        && !(e.path("content").path("membership").asString().equals("join")
                        && e.path("unsigned").path("prev_content").path("membership").asString().equals("join")))
                .toList();
    }

    private static boolean isMessage(JsonNode event, String sender, String body) {
        return event.path("type").asString().equals("m.room.message")
                && event.path("sender").asString().equals(sender)
                && event.path("content").path("body").asString().equals(body);
    }

    private static boolean isMembership(JsonNode event, String userId, String membership) {
        return event.path("type").asString().equals("m.room.member")
                && event.path("state_key").asString().equals(userId)
                && event.path("content").path("membership").asString().equals(membership);
    }
}
