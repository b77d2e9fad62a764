package dev.mxbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        return java.util.Arrays.copyOfRange(words, 1, words.length);
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
