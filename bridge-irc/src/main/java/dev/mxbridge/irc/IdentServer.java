package dev.mxbridge.irc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFC 1413 ident server, so that the IRC server shows each Matrix user's connection with its own user name
 * ({@code alice[m]!alice@host} rather than {@code ~alice}) and network operators can ban one user's connection.
 * Connections made through {@link #sockets} register their local port with the user name; a query
 * {@code <our port>, <server port>} is answered {@code USERID : UNIX : <name>} for a live connection and
 * {@code ERROR : NO-USER} otherwise. A query arriving in the instant between connect and registration waits briefly.
 */
final class IdentServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IdentServer.class);
    private static final Pattern QUERY = Pattern.compile("\\s*(\\d{1,5})\\s*,\\s*(\\d{1,5})\\s*");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REGISTRATION_GRACE = Duration.ofSeconds(2);

    private record Entry(Socket socket, String user) {
    }

    private final Map<Integer, Entry> byLocalPort = new ConcurrentHashMap<>();
    private final ServerSocket server;
    private volatile boolean running = true;

    /** Listens on the address (port 113 for the IRC server to find it; that needs the privilege to bind it). */
    IdentServer(InetSocketAddress bind) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(bind, 128);
        Thread.ofVirtual().name("ident-accept").start(this::accept);
        log.info("ident server listening on {}", bind);
    }

    int port() {
        return server.getLocalPort();
    }

    /** A socket factory whose connections answer ident queries with {@code user}. */
    SocketFactory sockets(SocketFactory base, String user) {
        String name = IrcText.word(user);
        return new SocketFactory() {
            private Socket registered(Socket socket) {
                byLocalPort.put(socket.getLocalPort(), new Entry(socket, name));
                return socket;
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return registered(base.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) throws IOException {
                return registered(base.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(java.net.InetAddress host, int port) throws IOException {
                return registered(base.createSocket(host, port));
            }

            @Override
            public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local, int localPort)
                    throws IOException {
                return registered(base.createSocket(address, port, local, localPort));
            }
        };
    }

    /** The answer to one query line, without the line end. */
    String answer(String query) throws InterruptedException {
        Matcher m = QUERY.matcher(query);
        if (!m.matches()) {
            return "0, 0 : ERROR : INVALID-PORT";
        }
        int ours = Integer.parseInt(m.group(1));
        int theirs = Integer.parseInt(m.group(2));
        String ports = ours + ", " + theirs;
        if (ours < 1 || ours > 65535 || theirs < 1 || theirs > 65535) {
            return ports + " : ERROR : INVALID-PORT";
        }
        long deadline = System.nanoTime() + REGISTRATION_GRACE.toNanos();
        while (true) {
            Entry entry = byLocalPort.get(ours);
            if (entry != null && !entry.socket().isClosed() && entry.socket().getPort() == theirs) {
                return ports + " : USERID : UNIX : " + entry.user();
            }
            if (entry != null && entry.socket().isClosed()) {
                byLocalPort.remove(ours, entry);
            }
            if (System.nanoTime() > deadline) {
                return ports + " : ERROR : NO-USER";
            }
            Thread.sleep(50);
        }
    }

    private void accept() {
        while (running) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().name("ident-query").start(() -> serve(client));
            } catch (IOException e) {
                if (running) {
                    log.warn("ident server: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout((int) READ_TIMEOUT.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            String line = readLine(in);
            if (line == null) {
                return;
            }
            OutputStream out = client.getOutputStream();
            out.write((answer(line) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            log.debug("ident query: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line of at most 1,000 characters (RFC 1413 queries are short); null if there is none. */
    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() >= 1000) {
                return null;
            }
            line.append((char) c);
        }
        return c == -1 && line.isEmpty() ? null : line.toString().strip();
    }

    /** The user name a connection registered with, if it is live; for tests and diagnostics. */
    Optional<String> userOf(int localPort) {
        return Optional.ofNullable(byLocalPort.get(localPort)).filter(e -> !e.socket().isClosed()).map(Entry::user);
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
    }
}
