package dev.mxbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A plain IRC client on a raw socket, the other end of the round trips: registers, answers {@code PING}, hands every
 * other line to a consumer on its reader thread.
 */
final class IrcProbe implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();

    IrcProbe(String host, int port, String nick, Consumer<String> lines) throws IOException {
        socket = new Socket(host, port);
        out = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().name("irc-probe").start(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("PING ")) {
                        send("PONG " + line.substring(5));
                    } else if (line.contains(" 001 ")) {
                        welcomed.complete(null);
                    } else {
                        lines.accept(line);
                    }
                }
            } catch (IOException e) {
                welcomed.completeExceptionally(e);
            }
        });
        send("NICK " + nick);
        send("USER " + nick + " 0 * :benchmark probe");
        welcomed.orTimeout(20, TimeUnit.SECONDS).join();
    }

    synchronized void send(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the probe's connection failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
