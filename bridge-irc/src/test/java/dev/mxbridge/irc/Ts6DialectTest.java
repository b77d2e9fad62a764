package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TS6 as hybrid 8.2 writes it, read into the link mode's shapes; our users written with UIDs and timestamps. */
class Ts6DialectTest {
    private final Ts6Dialect dialect = new Ts6Dialect("matrix.localhost", "0MX");
    private final List<String> wire = new ArrayList<>();
    private final Set<String> onNetwork = new HashSet<>();
    private final LinkedUsers users = new LinkedUsers(dialect, "{displayname}[m]", 30,
            nick -> onNetwork.contains(IrcNames.fold(nick)), wire::add);

    private List<String> in(String raw) {
        return dialect.inbound(IrcLine.parse(raw).orElseThrow()).stream().map(Ts6DialectTest::text).toList();
    }

    private static String text(IrcLine line) {
        StringBuilder out = new StringBuilder(line.nick().map(n -> ":" + n + " ").orElse("")).append(line.command());
        for (int i = 0; i < line.params().size(); i++) {
            out.append(i == line.params().size() - 1 ? " :" : " ").append(line.params().get(i));
        }
        return out.toString();
    }

    @Test
    void theHandshakeIsHybridsWithOurSid() {
        LinkConfig config = new LinkConfig(LinkConfig.Protocol.TS6, "matrix.localhost", "Matrix", "ours", "theirs",
                "127.0.0.1", 6667, Duration.ofSeconds(1), Duration.ofSeconds(1), "0MX");
        assertThat(dialect.handshake(config, 1_700_000_000L)).containsExactly(
                "PASS ours TS 6 :0MX",
                "CAPAB :QS ENCAP EX IE TBURST EOB",
                "SERVER matrix.localhost 1 0MX + :Matrix",
                ":0MX SVINFO 6 6 0 :1700000000");
        assertThat(dialect.peerId(IrcLine.parse("SERVER irc.test 1 1HY + :x").orElseThrow())).isEqualTo("1HY");
        dialect.passed(IrcLine.parse("PASS theirs TS 6 :2RB").orElseThrow()); // ratbox names it only here
        assertThat(dialect.peerId(IrcLine.parse("SERVER rb.test 1 :ratbox").orElseThrow())).isEqualTo("2RB");
        assertThatThrownBy(() -> new Ts6Dialect("m.example.org", "MX0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePeersBurstReadsWithNicksAndServerNames() {
        dialect.peerId(IrcLine.parse("SERVER irc.test 1 1HY + :x").orElseThrow());
        assertThat(in(":1HY SID leaf.test 2 2LF + :leaf")).containsExactly("SERVER leaf.test 2 2LF :leaf");
        assertThat(in(":1HY UID ivan 1 1700000000 +i ivan 127.0.0.1 127.0.0.1 127.0.0.1 1HYAAAAAA * :Ivan"))
                .containsExactly("NICK ivan 1 ivan 127.0.0.1 1HY +i :Ivan");
        assertThat(in(":2LF UID lena 2 1700000001 + lena h 127.0.0.2 2LFAAAAAB :Lena")) // charybdis' 9 parameters
                .containsExactly("NICK lena 2 lena h 2LF + :Lena");
        assertThat(in(":1HY SJOIN 1700000000 #link +nt :@1HYAAAAAA +2LFAAAAAB"))
                .containsExactly(":irc.test NJOIN #link :@ivan,+lena");
        assertThat(in(":1HY TBURST 1700000000 #link 1700000005 ivan!ivan@127.0.0.1 :the topic"))
                .containsExactly(":ivan TOPIC #link :the topic");
        assertThat(in(":1HY BMASK 1700000000 #link b :*!*@bad x!*@*")).containsExactly(":irc.test MODE #link +bb *!*@bad :x!*@*");
        assertThat(in(":1HY BMASK 1700000000 #link e :*!*@good")).isEmpty();
        assertThat(in(":1HYAAAAAA TMODE 1700000000 #link +o 2LFAAAAAB")).containsExactly(":ivan MODE #link +o :lena");

        // our SJOIN and JOIN keep the network's older channel timestamp: a newer one costs nobody their ops
        users.joined("@olga:localhost", "Olga", "#link");
        users.burst();
        assertThat(wire.get(1)).isEqualTo(":0MX SJOIN 1700000000 #link + :0MXAAAAAA");
        assertThat(wire.getLast()).isEqualTo(":0MX EOB");
        assertThat(users.leaving("bye")).isEmpty(); // hybrid takes a split of our server quickly as it is
    }

    @Test
    void linesAfterTheBurstNameUsersByUid() {
        dialect.peerId(IrcLine.parse("SERVER irc.test 1 1HY + :x").orElseThrow());
        in(":1HY UID ivan 1 1700000000 + ivan h h 0 1HYAAAAAA * :Ivan");
        users.burst();
        assertThat(wire).containsExactly(":0MX EOB");
        wire.clear();
        users.joined("@olga:localhost", "Olga", "#a");
        String uid = users.user("@olga:localhost").orElseThrow().uid();
        assertThat(uid).isEqualTo("0MXAAAAAA");
        assertThat(wire.get(0)).matches(":0MX UID Olga\\[m] 1 \\d+ \\+ olga matrix.localhost matrix.localhost 0 "
                + "0MXAAAAAA \\* :Olga \\(@olga:localhost\\)");
        assertThat(wire.get(1)).matches(":0MXAAAAAA JOIN \\d+ #a \\+");
        assertThat(dialect.target("IVAN")).isEqualTo("1HYAAAAAA");
        assertThat(dialect.target("#a")).isEqualTo("#a");

        assertThat(in(":1HYAAAAAA PRIVMSG 0MXAAAAAA :1HYAAAAAA is my id")).containsExactly(
                ":ivan PRIVMSG Olga[m] :1HYAAAAAA is my id");
        assertThat(in(":1HYAAAAAA NICK ivo :1700000009")).containsExactly(":ivan NICK :ivo");
        assertThat(in(":1HYAAAAAA KICK #a 0MXAAAAAA :off topic")).containsExactly(":ivo KICK #a Olga[m] :off topic");
        assertThat(in(":1HY KILL 0MXAAAAAA :irc.test (Nick collision (new))"))
                .containsExactly(":irc.test KILL Olga[m] :irc.test (Nick collision (new))");
        assertThat(in(":1HYAAAAAA QUIT :bye")).containsExactly(":ivo QUIT :bye");
        assertThat(in(":1HYAAAAAA PRIVMSG #a :gone")).containsExactly(":1HYAAAAAA PRIVMSG #a :gone");
        assertThat(in("SQUIT 2LF :split")).containsExactly("SQUIT 2LF :split");
    }

    @Test
    void aUserTheNetworkIntroducesUnderOurNickMakesOursGiveWayWithANewNickTimestamp() {
        users.burst();
        users.joined("@pavel:localhost", "Pavel", "#a");
        LinkedUsers.User before = users.user("@pavel:localhost").orElseThrow();
        wire.clear();
        in(":1HY UID Pavel[m] 1 1 + p h h 0 1HYAAAAAB * :the other Pavel");
        onNetwork.add(IrcNames.fold("Pavel[m]"));

        LinkedUsers.User now = users.collided("Pavel[m]").orElseThrow();
        assertThat(now.nick()).isEqualTo("Pavel2[m]");
        assertThat(now.uid()).isEqualTo(before.uid());
        assertThat(wire).singleElement().asString().matches(":0MXAAAAAA NICK Pavel2\\[m] :\\d+");
        assertThat(wire).noneMatch(l -> l.contains("KILL"));
        assertThat(users.collided("nobody")).isEmpty();
    }

    @Test
    void hostileValuesFromMatrixNeverAddALine() {
        users.burst();
        users.joined("@eve:localhost", "Eve\r\n:0MX SQUIT irc.test\u0000", "#a");
        users.renamed("@eve:localhost", "Eve\nKILL y");
        users.left("@eve:localhost", "#a", "bye\r\n:0MX SQUIT irc.test");
        assertThat(wire).hasSize(6).allMatch(IrcText::isClean)
                .noneMatch(l -> l.contains("\r") || l.contains("\n") || l.contains("\u0000"));
        assertThatThrownBy(() -> dialect.target("a\r\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSplitTakesTheServersBehindItAlongForTheirUsersGetNoQuit() {
        dialect.peerId(IrcLine.parse("SERVER irc.test 1 1HY + :x").orElseThrow());
        in(":1HY SID leaf.test 2 2LF + :leaf");
        in(":2LF SID twig.test 3 3TW + :behind the leaf");
        in(":1HY SID other.test 2 4OT + :beside");
        in(":3TW UID tia 3 1 + t h h 0 3TWAAAAAA * :Tia");
        assertThat(in(":1HY SQUIT 2LF :netsplit")).containsExactly(":irc.test SQUIT twig.test :netsplit",
                ":irc.test SQUIT leaf.test :netsplit");
        assertThat(dialect.target("tia")).as("forgotten").isEqualTo("tia");
        assertThat(in("SQUIT other.test :by name")).containsExactly("SQUIT other.test :by name");
    }

    @Test
    void malformedLinesFromThePeerAreDroppedOrPassedOnButNeverThrow() {
        for (String raw : List.of(":1HY UID", ":1HY UID a b c", ":1HY SJOIN 1", ":1HY SJOIN x #a + :", "SID",
                ":1HY SJOIN 1 #a + :@ + @@", ":1HY TBURST 1 #a", ":1HY TB #a", ":1HY TMODE 1", ":x KILL", ":x KICK #a",
                ":1HYAAAAAA JOIN 0", ":1HYAAAAAA NICK", "SQUIT", ":1HY BMASK 1 #a b :", ":1HY ENCAP * X :y")) {
            assertThat(dialect.inbound(IrcLine.parse(raw).orElseThrow())).allSatisfy(line ->
                    assertThat(line.params()).allMatch(IrcText::isClean));
        }
        assertThat(in(":1HY SJOIN 1 #a + :@ + @@")).isEmpty();
    }

    @Test
    void uidsCountUpInTheSpecsAlphabet() {
        Ts6Dialect fresh = new Ts6Dialect("m.example.org", "9ZZ");
        for (int i = 0; i < 40; i++) {
            assertThat(fresh.newId()).matches("9ZZ[A-Z][A-Z0-9]{5}");
        }
        assertThat(fresh.newId()).isEqualTo("9ZZAAAABE");
    }
}
