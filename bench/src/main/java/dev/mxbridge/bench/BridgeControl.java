package dev.mxbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The driver's end of a {@link BridgeProcess}: its port, and one command line out, one answer line back. */
final class BridgeControl implements AutoCloseable {
    private final Process process;
    private final BufferedReader in;
    private final PrintStream out;
    private final int port;

    BridgeControl(Process process) throws IOException {
        this.process = process;
        this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.out = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.port = awaitPort();
    }

    /**
     * Starts {@code main}, a bridge process taking {@link BridgeProcessOptions}, in a JVM of its own with this JVM's
     * class path and {@code jvmOpts}, in {@code work}, its standard error to {@code work/bridge.log}.
     */
    static BridgeControl start(Class<?> main, String jvmOpts, Path work, URI homeserver, String domain, String dbUrl,
                               List<String> more) throws IOException {
        List<String> cmd = Runs.javaCommand(jvmOpts, main.getName(), "--homeserver", homeserver.toString(),
                "--domain", domain, "--work", work.toString());
        cmd.addAll(more);
        if (dbUrl != null) {
            cmd.addAll(List.of("--db-url", dbUrl));
        }
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(work.resolve("bridge.log").toFile()).start();
        return new BridgeControl(p);
    }

    /**
     * Has the bridge make the portals of {@code aliasLocalparts} by querying their aliases as the homeserver would,
     * and returns the rooms it made on {@code stub}, in order.
     */
    List<String> portals(String hsToken, HomeserverStub stub, List<String> aliasLocalparts, String domain) throws IOException {
        List<String> portals = new ArrayList<>();
        try (HttpConnection http = new HttpConnection("127.0.0.1", port, hsToken)) {
            for (String localpart : aliasLocalparts) {
                String alias = "#" + localpart + ":" + domain;
                var answer = http.get("/_matrix/app/v1/rooms/" + URLEncoder.encode(alias, StandardCharsets.UTF_8));
                if (answer.status() != 200) {
                    throw new IllegalStateException("alias query " + alias + " answered " + answer.status() + " " + answer.text());
                }
                portals.add(stub.roomByAlias(localpart).orElseThrow(
                        () -> new IllegalStateException("the bridge made no room for " + alias)));
            }
        }
        return portals;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Sends a command; returns the words of its answer after the first, which must be the command's name. */
    synchronized String[] command(String line) throws IOException {
        out.println(line);
        String answer = in.readLine();
        if (answer == null) {
            throw new IOException("the bridge under test exited (see its log)");
        }
        String[] words = answer.split(" ");
        if (!words[0].equals(line.split(" ")[0])) {
            throw new IOException("bridge answered '" + answer + "' to '" + line + "'");
        }
        return Arrays.copyOfRange(words, 1, words.length);
    }

    private int awaitPort() throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("port=")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IOException("the bridge under test exited before listening");
    }

    /** Closing its stdin stops the bridge the way a SIGTERM would. */
    @Override
    public void close() throws InterruptedException {
        out.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
