package dev.mxbridge.irc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small IRC server over a real socket for what no Debian ircd does ({@code draft/relaymsg}, SASL without services):
 * it speaks the wire protocol of one client at a time as a test scripts it. It offers the given capabilities to
 * {@code CAP LS 302}, acknowledges every {@code CAP REQ} of offered ones, runs SASL PLAIN against one account,
 * welcomes the client after {@code CAP END} (or at once if the client never started CAP), answers {@code JOIN} and
 * {@code PING}, and hands every other line to the test ({@link #await}), which answers with {@link #send}. Each line
 * the client sent is recorded.
 */
final class FakeIrcServer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final ServerSocket socket;
    private final String capabilities;
    private final String saslPayload;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> unanswered = new LinkedBlockingQueue<>();
    private volatile OutputStream out;
    private volatile String nick = "*";

    /**
     * @param capabilities what {@code CAP LS} lists, e.g. {@code "echo-message draft/relaymsg=/"}
     * @param saslPayload  the base64 {@code AUTHENTICATE} payload that logs in (others fail with 904)
     */
    FakeIrcServer(String capabilities, String saslPayload) {
        try {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.capabilities = capabilities;
        this.saslPayload = saslPayload;
        Thread.ofVirtual().name("fake-ircd").start(this::serve);
    }

    IrcNetwork network(List<String> wanted) {
        return IrcNetwork.plain("127.0.0.1", socket.getLocalPort(), Duration.ZERO).withCapabilities(wanted);
    }

    /** Every line the client has sent so far. */
    List<String> received() {
        return List.copyOf(received);
    }

    /** The next line the server did not answer itself that starts with the prefix; fails after {@link #WAIT}. */
    String await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String line = unanswered.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("the client sent no line starting with " + prefix + "; it sent " + received);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Sends a line to the client. */
    void send(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                out = client.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8));
                boolean negotiating = false;
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line);
                    String[] words = line.split(" ", 3);
                    switch (words[0]) {
                        case "CAP" -> {
                            negotiating = true;
                            switch (words[1]) {
                                case "LS" -> send(":fake.server CAP " + nick + " LS :" + capabilities);
                                case "REQ" -> send(":fake.server CAP " + nick + " ACK " + words[2]);
                                case "END" -> welcome();
                                default -> {
                                }
                            }
                        }
                        case "AUTHENTICATE" -> {
                            if (words[1].equals("PLAIN")) {
                                send("AUTHENTICATE +");
                            } else if (words[1].equals(saslPayload)) {
                                send(":fake.server 900 " + nick + " " + nick + "!u@fake account :You are now logged in");
                                send(":fake.server 903 " + nick + " :SASL authentication successful");
                            } else {
                                send(":fake.server 904 " + nick + " :SASL authentication failed");
                            }
                        }
                        case "NICK" -> nick = words[1];
                        case "USER" -> {
                            if (!negotiating) {
                                welcome();
                            }
                        }
                        case "JOIN" -> {
                            send(":" + nick + "!u@fake JOIN " + words[1]);
                            send(":fake.server 366 " + nick + " " + words[1] + " :End of /NAMES list.");
                        }
                        case "PING" -> send(":fake.server PONG fake.server :" + words[1]);
                        case "QUIT" -> {
                            send("ERROR :Closing link");
                            return;
                        }
                        default -> unanswered.add(line);
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void welcome() {
        send(":fake.server 001 " + nick + " :Welcome to the fake network " + nick + "!u@fake");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
