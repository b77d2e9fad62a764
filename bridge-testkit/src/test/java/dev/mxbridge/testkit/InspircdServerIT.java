package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** InspIRCd from the Debian package, with the IRCv3 capabilities the IRC bridge negotiates. */
class InspircdServerIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static IrcServer ircd = IrcServer.inspircd();

    @Test
    void offersTheIrcv3CapabilitiesWithCapLs302() {
        try (IrcTestClient alice = ircd.connect("alice")) {
            alice.send("CAP LS 302");
            String ls = alice.await(line -> line.contains(" CAP alice LS "), WAIT);
            assertThat(ls.substring(ls.indexOf(" :") + 2).split(" ")).contains("server-time", "message-tags",
                    "echo-message", "away-notify", "account-notify", "multi-prefix", "cap-notify", "extended-join");
            assertThat(ircd.daemon()).isEqualTo("inspircd");
        }
    }

    @Test
    void clientsTalkAndTaggedLinesCarryServerTimeAndMsgid() {
        try (IrcTestClient alice = ircd.connect("carol"); IrcTestClient bob = ircd.connect("dave")) {
            bob.send("CAP REQ :server-time message-tags");
            bob.await(line -> line.contains(" CAP dave ACK "), WAIT);
            alice.join("#lobby");
            bob.join("#lobby");
            alice.message("#lobby", "hello dave");
            String line = bob.await(l -> l.endsWith(" PRIVMSG #lobby :hello dave"), WAIT);
            assertThat(line).startsWith("@").contains("time=").contains("msgid=")
                    .contains(" :carol!carol@127.0.0.1 PRIVMSG ");
        }
    }

    @Test
    void stopAndStartServeAgainOnTheSamePort() {
        int port = ircd.port();
        IrcTestClient frank = ircd.connect("frank");
        ircd.stop();
        frank.awaitDisconnected(WAIT);
        ircd.start();
        assertThat(ircd.port()).isEqualTo(port);
        try (IrcTestClient again = ircd.connect("frank")) {
            assertThat(again.isConnected()).isTrue();
        }
    }
}
