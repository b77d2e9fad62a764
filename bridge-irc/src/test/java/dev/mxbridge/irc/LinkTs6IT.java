package dev.mxbridge.irc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LinkContract} in TS6 against a real ircd-hybrid 8: the bridge links in as {@code matrix.localhost} with SID
 * {@code 0MX} (hybrid is {@code 1HY}); hybrid's burst (UID, SJOIN, TBURST) makes ghosts, ours introduces Matrix users
 * by UID, private messages name UIDs both ways, bans arrive as {@code BMASK} and {@code TMODE}. And what only TS6
 * has: an operator's KILL of a Matrix user's user brings them back under the next nick, and an older user of
 * another server takes a nick of ours by TS rules.
 */
class LinkTs6IT extends LinkContract {
    static final LinkSetup SETUP = new LinkSetup("link-ts6", IrcServer::linkableHybrid, "protocol: ts6\nsid: 0MX");

    @RegisterExtension
    static final BridgeUnderTest<Bridge> IT = SETUP.it;

    LinkTs6IT() {
        super(SETUP);
    }

    @Override
    String awayShown(String status) {
        return status;
    }

    @Test
    @Order(10)
    void anOperatorsKillOfAMatrixUsersUserBringsThemBackUnderTheNextNickWithoutLeavingMatrix() {
        try (IrcTestClient ken = ircd.connect("ken")) {
            ken.send("OPER oper oper");
            ken.await(l -> l.contains(" 381 "), WAIT);
            ken.join(CHANNEL);
            BridgeItSupport.await("Paul[m] in " + CHANNEL, WAIT, () -> ken.names(CHANNEL, WAIT).contains("Paul[m]"));
            ken.send("KILL Paul[m] :as a collision would");
            ken.await(l -> l.startsWith(":Paul[m]!") && l.contains(" QUIT "), WAIT);
            ken.await(l -> l.startsWith(":Paul2[m]!") && l.contains(" JOIN "), WAIT);
            pavel.sendText(room, "still here after the kill");
            assertThat(ken.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :still here after the kill"), WAIT))
                    .startsWith(":Paul2[m]!");
            assertThat(pavel.joinedMembers(room)).containsKey(pavel.userId());
        }
    }

    @Test
    @Order(11)
    void anOlderUserOfAnotherServerTakesTheNickByTsRulesAndOursComesBackUnderAnother() throws Exception {
        try (IrcTestClient kim = ircd.connect("kim"); Socket collider = new Socket(ircd.host(), ircd.port())) {
            kim.join(CHANNEL);
            String ours = kim.names(CHANNEL, WAIT).stream().filter(n -> n.startsWith("Pa")).findFirst().orElseThrow();
            collider.setSoTimeout((int) WAIT.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(collider.getInputStream(), UTF_8));
            OutputStream out = collider.getOutputStream();
            long now = System.currentTimeMillis() / 1000;
            out.write(("PASS collider TS 6 :9CO\r\nCAPAB :QS ENCAP EX IE TBURST EOB\r\n"
                    + "SERVER collider.localhost 1 9CO + :a raw TS6 server of the test\r\n"
                    + ":9CO SVINFO 6 6 0 :" + now + "\r\n").getBytes(UTF_8));
            for (String line = in.readLine(); !line.startsWith("PING "); line = in.readLine()) {
                assertThat(line).doesNotStartWith("ERROR");
            }
            // a user far older than ours under its nick, from another user@host: hybrid's TS rules kill ours
            out.write((":9CO UID " + ours + " 1 1000 + other other.host other.host 0 9COAAAAAA * :older\r\n"
                    + ":9CO EOB\r\n:9CO PONG collider.localhost :1HY\r\n").getBytes(UTF_8));
            kim.await(l -> l.startsWith(":" + ours + "!") && l.contains(" QUIT "), WAIT);
            String back = kim.await(l -> l.contains(" JOIN ") && l.contains("@" + SERVER + " "), WAIT);
            assertThat(back).doesNotStartWith(":" + ours + "!");
            String nick = back.substring(1, back.indexOf('!'));
            pavel.sendText(room, "back after the collision");
            assertThat(kim.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :back after the collision"), WAIT))
                    .startsWith(":" + nick + "!");
            kim.send("WHOIS " + ours);
            assertThat(kim.await(l -> l.contains(" 311 "), WAIT)).as("the older user holds the nick")
                    .contains(" other other.host ");
            assertThat(pavel.joinedMembers(room)).containsKey(pavel.userId());
        }
    }
}
