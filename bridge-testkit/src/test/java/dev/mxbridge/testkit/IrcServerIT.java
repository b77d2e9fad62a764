package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IrcServerIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static IrcServer ircd = IrcServer.ngircd();

    @Test
    void clientsTalkInAChannelAndSeeEachOthersHostmask() {
        try (IrcTestClient alice = ircd.connect("alice"); IrcTestClient bob = ircd.connect("bob")) {
            alice.join("#lobby");
            bob.join("#lobby");
            alice.message("#lobby", "hello bob");

            assertThat(bob.await(line -> line.endsWith(" PRIVMSG #lobby :hello bob"), WAIT))
                    .isEqualTo(":alice!~alice@127.0.0.1 PRIVMSG #lobby :hello bob");
            assertThat(alice.await(line -> line.contains(" JOIN "), WAIT)).startsWith(":alice!");
            assertThat(alice.await(line -> line.contains(" JOIN "), WAIT)).startsWith(":bob!");
        }
    }

    @Test
    void awaitReturnsEachLineOnce() {
        try (IrcTestClient alice = ircd.connect("carol"); IrcTestClient bob = ircd.connect("dave")) {
            bob.message("carol", "one");
            bob.message("carol", "two");
            assertThat(alice.await(line -> line.contains(" PRIVMSG carol :"), WAIT)).endsWith(":one");
            assertThat(alice.await(line -> line.contains(" PRIVMSG carol :"), WAIT)).endsWith(":two");
            assertThatThrownBy(() -> alice.await(line -> line.contains(" PRIVMSG carol :"), Duration.ofMillis(200)))
                    .isInstanceOf(TestKitException.class).hasMessageContaining("without receiving");
        }
    }

    @Test
    void namesAreTheChannelsMembersWhileTheRawNamesLineAlsoNamesTheServer() {
        try (IrcTestClient ivy = ircd.connect("ivy"); IrcTestClient jack = ircd.connect("jack")) {
            ivy.join("#names");
            jack.join("#names");
            assertThat(ivy.received()).as("a bot called mxbridge is not in the channel, yet its NAMES line says mxbridge")
                    .anyMatch(l -> l.contains(" 353 ") && l.contains("#names") && l.contains("mxbridge"));
            assertThat(ivy.names("#names", WAIT)).containsExactlyInAnyOrder("ivy", "jack");
        }
    }

    @Test
    void aTakenNickIsRefused() {
        try (IrcTestClient first = ircd.connect("erin")) {
            assertThat(first.isConnected()).isTrue();
            assertThatThrownBy(() -> ircd.connect("erin")).isInstanceOf(TestKitException.class)
                    .hasMessageContaining(" 433 ");
        }
    }

    @Test
    void stopDisconnectsEveryoneAndStartServesAgainOnTheSamePort() {
        int port = ircd.port();
        IrcTestClient frank = ircd.connect("frank");
        ircd.stop();
        frank.awaitDisconnected(WAIT);
        assertThatThrownBy(() -> ircd.connect("grace")).isInstanceOf(TestKitException.class);

        ircd.start();
        assertThat(ircd.port()).isEqualTo(port);
        try (IrcTestClient again = ircd.connect("frank")) {
            assertThat(again.isConnected()).isTrue();
        }
    }

    @Test
    void linesWithLineBreaksAreRefusedBeforeTheyReachTheWire() {
        try (IrcTestClient henry = ircd.connect("henry")) {
            assertThatThrownBy(() -> henry.send("PRIVMSG #x :a\r\nQUIT")).isInstanceOf(IllegalArgumentException.class);
            assertThat(henry.isConnected()).isTrue();
        }
    }
}
