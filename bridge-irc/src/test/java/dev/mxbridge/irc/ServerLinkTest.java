package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The link's handshake against a peer in the test that speaks as ngIRCd does, over a real socket. */
class ServerLinkTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private ServerLink link(int port) {
        return link(new LinkConfig(LinkConfig.Protocol.RFC2813, "matrix.test", "Matrix", "ours", "theirs",
                "127.0.0.1", port, Duration.ofSeconds(5), Duration.ofSeconds(5), ""));
    }

    private ServerLink link(LinkConfig config) {
        return new ServerLink(config, LinkDialect.of(config), new ServerLink.Handler() {
            @Override
            public void linked(String peer) {
                events.add("linked " + peer);
            }

            @Override
            public void burstEnded() {
                events.add("burst ended");
            }

            @Override
            public void line(IrcLine line) {
                events.add(config.protocol() == LinkConfig.Protocol.TS6
                        ? line.command() + " " + line.param(line.command().equals("SERVER") ? 2 : 0)
                        : line.command());
            }

            @Override
            public void dropped(String why) {
                events.add("dropped");
            }
        });
    }

    @Test
    void theHandshakeRegistersWithEndOfMotdAndEveryLineOfOursHasOurPrefix() throws Exception {
        try (ServerSocket peer = new ServerSocket(0)) {
            ServerLink link = link(peer.getLocalPort());
            link.start();
            try (Socket s = peer.accept()) {
                BufferedReader in = registeredAsNgircd(s);
                OutputStream out = s.getOutputStream();
                out.write(":irc.test NICK ivan 1 ~i h 1 + :I\r\n:irc.test PING :irc.test\r\n"
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo(":matrix.test PONG matrix.test :irc.test");
                assertThat(events).containsExactly("linked irc.test", "NICK", "burst ended");
                assertThat(link.linked()).isTrue();
                assertThat(link.problem()).isEmpty();
                assertThatThrownBy(() -> link.send(":x PRIVMSG #a :hi\r\nSQUIT irc.test"))
                        .isInstanceOf(IllegalArgumentException.class);
            } finally {
                link.stop();
            }
        }
    }

    @Test
    void stoppingWithLastLinesSendsThemEndsOurHalfAndWaitsForThePeerToCloseWithoutLinkingAgain() throws Exception {
        try (ServerSocket peer = new ServerSocket(0)) {
            ServerLink link = link(peer.getLocalPort());
            link.start();
            try (Socket s = peer.accept()) {
                BufferedReader in = registeredAsNgircd(s);
                Thread stopping = Thread.ofVirtual().start(() ->
                        link.stop(List.of(":ivan[m] PART #a :bye"), Duration.ofSeconds(5)));
                assertThat(in.readLine()).isEqualTo(":ivan[m] PART #a :bye");
                assertThat(in.readLine()).isNull(); // our half ended, while the stop still waits for ours
                assertThat(stopping.isAlive()).isTrue();
                s.close();
                assertThat(stopping.join(Duration.ofSeconds(5))).isTrue();
                assertThat(events).containsExactly("linked irc.test");
                peer.setSoTimeout(1000);
                assertThatThrownBy(peer::accept).isInstanceOf(java.net.SocketTimeoutException.class);
            } finally {
                link.stop();
            }
        }
    }

    @Test
    void inTs6ThePeersServerLineRegistersAndItsUidsReachTheHandlerAsNicks() throws Exception {
        try (ServerSocket peer = new ServerSocket(0)) {
            ServerLink link = link(new LinkConfig(LinkConfig.Protocol.TS6, "matrix.test", "Matrix", "ours", "theirs",
                    "127.0.0.1", peer.getLocalPort(), Duration.ofSeconds(5), Duration.ofSeconds(5), "0MX"));
            link.start();
            try (Socket s = peer.accept()) {
                s.setSoTimeout(5000);
                BufferedReader in = reader(s);
                OutputStream out = s.getOutputStream();
                assertThat(in.readLine()).isEqualTo("PASS ours TS 6 :0MX");
                assertThat(in.readLine()).startsWith("CAPAB :");
                assertThat(in.readLine()).isEqualTo("SERVER matrix.test 1 0MX + :Matrix");
                assertThat(in.readLine()).matches(":0MX SVINFO 6 6 0 :\\d+");
                out.write(("PASS theirs\r\nCAPAB :EOB TBURST\r\nSERVER irc.test 1 1HY + :x\r\n"
                        + ":1HY SVINFO 6 6 0 :1\r\n:1HY UID ivan 1 1 + i h h 0 1HYAAAAAA * :I\r\nPING :1HY\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo(":0MX PONG matrix.test :1HY");
                assertThat(events).containsExactly("linked irc.test", "SERVER 1HY", "NICK ivan", "burst ended");
            } finally {
                link.stop();
            }
        }
    }

    @Test
    void acceptingTheLinkTakesItOnlyFromTheConfiguredHostAndHandsShakeTheSame() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ServerLink link = link(new LinkConfig(LinkConfig.Protocol.TS6, "matrix.test", "Matrix", "ours", "theirs",
                "127.0.0.1", 6667, Duration.ofSeconds(5), Duration.ofSeconds(5), "0MX", "127.0.0.1", port, false, "", "", ""));
        link.start();
        try {
            assertThat(link.problem()).hasValueSatisfying(p -> assertThat(p).contains("waiting for 127.0.0.1"));
            try (Socket stranger = new Socket("127.0.0.1", port, java.net.InetAddress.getByName("127.0.0.2"), 0)) {
                stranger.setSoTimeout(5000);
                assertThat(stranger.getInputStream().read()).as("closed unheard").isEqualTo(-1);
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                BufferedReader in = reader(s);
                s.getOutputStream().write("PASS theirs TS 6 :1HY\r\nCAPAB :EOB\r\nSERVER irc.test 1 1HY + :x\r\n"
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("PASS ours TS 6 :0MX");
                assertThat(in.readLine()).startsWith("CAPAB :");
                assertThat(in.readLine()).isEqualTo("SERVER matrix.test 1 0MX + :Matrix");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!link.linked() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(link.linked()).isTrue();
                assertThat(events).startsWith("linked irc.test");
            }
        } finally {
            link.stop();
        }
    }

    @Test
    void aWrongPasswordFromThePeerDropsTheLinkAndSaysWhy() throws Exception {
        try (ServerSocket peer = new ServerSocket(0)) {
            ServerLink link = link(peer.getLocalPort());
            link.start();
            try (Socket s = peer.accept()) {
                BufferedReader in = reader(s);
                in.readLine();
                in.readLine();
                s.getOutputStream().write(":irc.test PASS wrong 0210-IRC+ x\r\n".getBytes(StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("ERROR :Bad password");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!link.problem().orElse("").contains("wrong link password") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(link.problem()).hasValueSatisfying(p -> assertThat(p).contains("wrong link password"));
                assertThat(link.linked()).isFalse();
            } finally {
                link.stop();
            }
        }
    }

    /** ngIRCd's side of an RFC 2813 handshake on the accepted link, checking ours; returns the link's reader. */
    private static BufferedReader registeredAsNgircd(Socket s) throws java.io.IOException {
        s.setSoTimeout(5000);
        BufferedReader in = reader(s);
        assertThat(in.readLine()).isEqualTo("PASS ours 0210-IRC+ mxbridge|0.1:CHLMSX P");
        assertThat(in.readLine()).isEqualTo("SERVER matrix.test 1 :Matrix");
        s.getOutputStream().write((":irc.test PASS theirs 0210-IRC+ ngIRCd|26.1:CHLMSXZ PZ\r\n"
                + ":irc.test SERVER irc.test 1 :x\r\n"
                + ":irc.test 376 matrix.test :End of MOTD command\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(in.readLine()).isEqualTo(":matrix.test 376 irc.test :End of MOTD command");
        return in;
    }

    private static BufferedReader reader(Socket s) throws java.io.IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }
}
