package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;

/** SafeBot's own socket handling: small read buffers that still read every line, and closing while connecting. */
class SafeBotConnectTest {

    @Test
    void aBotClosedWhileStillConnectingEndsTheLateConnectInsteadOfRegistering() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch release = new CountDownLatch(1);
            IrcBots bots = new IrcBots(IrcNetwork.plain("127.0.0.1", server.getLocalPort(), Duration.ZERO));
            SafeBot bot = bots.create(bots.configurePuppet("late", "late", "late").setSocketFactory(slow(release)));
            bot.start();

            bot.close(); // the connect hangs, as against a server whose listen queue is full
            release.countDown();

            try (Socket accepted = server.accept()) {
                accepted.setSoTimeout(5000);
                InputStream in = accepted.getInputStream();
                while (in.read() >= 0) {
                    // NICK and USER may come; then the bot must hang up rather than wait for the welcome
                }
            }
            bot.finished().get(5, TimeUnit.SECONDS);
            assertThat(bot.registered()).isCompletedExceptionally();
        }
    }

    @Test
    void longAndNonUtf8LinesAreReadWholeThroughTheSmallBuffers() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IrcBots bots = new IrcBots(IrcNetwork.plain("127.0.0.1", server.getLocalPort(), Duration.ZERO));
            SafeBot bot = bots.puppet("reader");
            List<String> lines = new CopyOnWriteArrayList<>();
            bot.onLine(lines::add);
            bot.start();
            String text = "é".repeat(240) + "!"; // 481 bytes, over the 1 KiB buffer twice
            try (Socket client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream out = client.getOutputStream();
                in.readLine();
                in.readLine(); // NICK, USER
                out.write(":irc.test 001 reader :Welcome\r\n".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 3; i++) {
                    out.write((":bob!~b@h PRIVMSG #c :" + text + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                out.write(":bob!~b@h PRIVMSG #c :caf".getBytes(StandardCharsets.UTF_8));
                out.write(new byte[] {(byte) 0xE9, '\r', '\n'}); // Latin-1 é: not UTF-8
                out.flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (lines.size() < 5 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            assertThat(lines).hasSize(5);
            assertThat(lines.subList(1, 4)).allMatch(l -> l.equals(":bob!~b@h PRIVMSG #c :" + text));
            assertThat(lines.get(4)).isEqualTo(":bob!~b@h PRIVMSG #c :caf\uFFFD");
            bot.finished().get(5, TimeUnit.SECONDS);
        }
    }

    /** Connects only once released. */
    private static SocketFactory slow(CountDownLatch release) {
        return new SocketFactory() {
            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
                    throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return new Socket(host, port, localHost, localPort);
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
