package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.cli.BridgeCli;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.PostgresServer;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The operator's move of a running IRC bridge from the embedded H2 to PostgreSQL, on a database the bridge filled
 * itself: it bridges a channel both ways, a private conversation and a user's stored NickServ password against a real
 * Synapse and ngIRCd; it is stopped, {@code migrate-db} copies its database, and the bridge started on PostgreSQL
 * keeps the portal, the ghost, the message map, the private chat and the stored password (the user's puppet
 * identifies with it again when it reconnects). Its IRC meters show the bridge bot connected and the lines it sent.
 */
class MovedToPostgresIT {
    static final Path DIR = BridgeItSupport.dir("moved-to-postgres");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String BOT = "@_irc_bot:localhost";
    static final String CAROL = "@_irc_carol:localhost";
    static final String PASSWORD = "nickserv-password-4711";
    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd("moved");
    static volatile Optional<String> postgresDatabase = Optional.empty();

    @RegisterExtension
    @Order(1) // started first and dropped last: the bridge stops before its database goes
    static final PostgresServer postgres = PostgresServer.start();

    @RegisterExtension
    @Order(2)
    static final BridgeUnderTest<Bridge> it = BridgeUnderTest.<Bridge>builder("irc", DIR, hs).server(ircd)
            .network(() -> BridgeItSupport.networkYaml(hs.baseUrl(), ircd.host(), ircd.port(), ""))
            .start(setup -> Bridge.builder(ConfigYaml.parse(postgresDatabase
                            .map(db -> setup.configYaml().replaceFirst("database: \\{url: '[^']*'}", db))
                            .orElse(setup.configYaml()), setup.dir(), Map.of(), "irc"))
                    .network(new IrcConnector()).start());

    @Test
    void aBridgeThatRanOnH2KeepsItsPortalGhostsMessageMapPrivateChatAndStoredPasswordOnPostgres() throws Exception {
        TestUser alice = it.user("Alice");
        String portal = alice.join("#_irc_#moving:localhost");
        String privateChat;
        String dm;
        String mine;
        JsonNode carols;
        try (IrcTestClient carol = ircd.connect("carol"); IrcTestClient nickServ = ircd.connect("NickServ")) {
            carol.join("#moving");
            awaitIn(carol, "#moving", "Alice[m]");
            carol.message("#moving", "from irc, before the move");
            carols = alice.awaitEvent(portal, e -> body(e).equals("from irc, before the move"), WAIT);
            assertThat(carols.path("sender").asString()).isEqualTo(CAROL);
            mine = alice.sendText(portal, "from matrix, before the move");
            carol.await(l -> l.startsWith(":Alice[m]!") && l.endsWith(" PRIVMSG #moving :from matrix, before the move"), WAIT);

            dm = alice.createRoom(RoomOptions.create().direct().invite(CAROL));
            BridgeItSupport.await("carol's ghost in the direct chat", WAIT, () -> alice.joinedMembers(dm).containsKey(CAROL));
            alice.sendText(dm, "a private word, before");
            carol.await(l -> l.startsWith(":Alice[m]!") && l.endsWith(" PRIVMSG carol :a private word, before"), WAIT);
            carol.send("PRIVMSG Alice[m] :a private answer, before");
            alice.awaitEvent(dm, e -> body(e).equals("a private answer, before") && e.path("sender").asString().equals(CAROL), WAIT);

            privateChat = alice.createRoom();
            alice.invite(privateChat, BOT);
            BridgeItSupport.await("the bot in alice's private chat", WAIT, () -> alice.joinedMembers(privateChat).containsKey(BOT));
            alice.sendText(privateChat, "storepass " + PASSWORD);
            alice.awaitEvent(privateChat, e -> e.path("sender").asString().equals(BOT)
                    && body(e).startsWith("Your password is stored"), WAIT);
            nickServ.await(l -> l.endsWith(" PRIVMSG NickServ :IDENTIFY " + PASSWORD), WAIT);
        }
        assertThat(metric("irc_connections{role=\"bot\"}")).as("the bridge bot connected").isEqualTo(1.0);
        assertThat(metric("irc_lines_sent_total{role=\"puppet\"}")).as("lines alice's puppet sent").isGreaterThan(3.0);

        it.stop();
        Path config = DIR.resolve("config.yaml");
        Files.writeString(config, it.configYaml());
        String migrated = migrateDb(config);
        assertThat(migrated).contains("message_map      verified:", "ghost            verified:", "copied and verified");
        postgresDatabase = Optional.of("database: {url: '" + postgres.jdbcUrl() + "', user: '" + postgres.user() + "'}");
        assertThat(rows("SELECT COUNT(*) FROM ghost WHERE remote_user_id = ?", "carol")).as("carol's ghost").isEqualTo(1);
        assertThat(rows("SELECT COUNT(*) FROM message_map WHERE event_id = ?", mine)).as("alice's message mapped").isEqualTo(1);

        try (IrcTestClient carol = ircd.connect("carol"); IrcTestClient nickServ = ircd.connect("NickServ")) {
            carol.join("#moving");
            it.start();
            assertThat(it.bridge().config().database().url()).startsWith("jdbc:postgresql:");
            nickServ.await(l -> l.startsWith(":Alice[m]!") && l.endsWith(" PRIVMSG NickServ :IDENTIFY " + PASSWORD), WAIT);
            awaitIn(carol, "#moving", "Alice[m]");

            assertThat(alice.join("#_irc_#moving:localhost")).as("the same portal").isEqualTo(portal);
            carol.message("#moving", "from irc, after the move");
            JsonNode after = alice.awaitEvent(portal, e -> body(e).equals("from irc, after the move"), WAIT);
            assertThat(after.path("sender").asString()).as("the same ghost").isEqualTo(CAROL);

            alice.sendEvent(portal, "m.room.message", Map.of("msgtype", "m.text", "body", "* from matrix, edited",
                    "m.new_content", Map.of("msgtype", "m.text", "body", "from matrix, edited"),
                    "m.relates_to", Map.of("rel_type", "m.replace", "event_id", mine)));
            carol.await(l -> l.startsWith(":Alice[m]!") && l.endsWith(" PRIVMSG #moving :* from matrix, edited"), WAIT);
            alice.sendEvent(portal, "m.room.message", Map.of("msgtype", "m.text", "body", "answering carol",
                    "m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", carols.path("event_id").asString()))));
            carol.await(l -> l.startsWith(":Alice[m]!") && l.endsWith(
                    " PRIVMSG #moving :<carol> \"from irc, before the move\" <- answering carol"), WAIT);

            carol.send("PRIVMSG Alice[m] :a private answer, after");
            alice.awaitEvent(dm, e -> body(e).equals("a private answer, after") && e.path("sender").asString().equals(CAROL), WAIT);
        }
    }

    private static String body(JsonNode event) {
        return event.path("content").path("body").asString();
    }

    private static void awaitIn(IrcTestClient watcher, String channel, String nick) {
        BridgeItSupport.await(nick + " in " + channel, WAIT, () -> watcher.names(channel, WAIT).contains(nick));
    }

    private static String migrateDb(Path config) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = BridgeCli.run("irc", new String[] {"migrate-db", "-c", config.toString(), "--to", postgres.jdbcUrl(),
                    "--to-user", postgres.user(), "--batch-size", "10"}, c -> {
                        throw new AssertionError("migrate-db starts no bridge");
                    });
        } finally {
            System.setOut(previous);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(code).as(out).isZero();
        return out;
    }

    private static long rows(String sql, String value) throws SQLException {
        try (Connection c = postgres.connect(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, value);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** A sample's value on the bridge's {@code /metrics}, by its name and labels as printed. */
    private static double metric(String series) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + it.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
            assertThat(m.find()).as(series + " on /metrics").isTrue();
            return Double.parseDouble(m.group(1));
        }
    }
}
