package dev.mxbridge.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real IRC server (ngIRCd) for a test class, as a JUnit 5 extension on a static field:
 * <pre>{@code
 * @RegisterExtension
 * static IrcServer ircd = IrcServer.ngircd();
 *
 * @Test
 * void talks() {
 *     try (IrcTestClient alice = ircd.connect("alice"); IrcTestClient bob = ircd.connect("bob")) {
 *         alice.join("#c");
 *         bob.join("#c");
 *         alice.send("PRIVMSG #c :hello");
 *         bob.await(line -> line.endsWith("PRIVMSG #c :hello"), Duration.ofSeconds(5));
 *     }
 * }
 * }</pre>
 *
 * <p>Before all tests of the class it installs ngIRCd from Debian packages if needed, writes a fresh configuration
 * (127.0.0.1 on a free port, no DNS, ident or PAM, connection, join and flood limits raised) and starts the server;
 * after all tests it stops it. Clients appear as {@code nick!~user@127.0.0.1}. {@link #stop()} and {@link #start()}
 * simulate an outage on the same port. The instance directory {@code build/ircd/NAME}, with the server's console log,
 * stays until the same test class runs again. Outside JUnit, call {@link #start()} and {@link #stop()} yourself.
 */
public final class IrcServer extends ScriptedServer<IrcServer.Instance> {
    private static final String SCRIPT = "ircd.sh";

    record Instance(String name, Path dir, String host, int port, String serverName, Path log) {
    }

    private IrcServer(Optional<String> name) {
        super(SCRIPT, "ircd", name, Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(30));
    }

    /** An ngIRCd instance named after the test class ({@code ircd} outside JUnit). */
    public static IrcServer ngircd() {
        return new IrcServer(Optional.empty());
    }

    /** An ngIRCd instance in {@code build/ircd/NAME}, e.g. for a benchmark. */
    public static IrcServer ngircd(String instanceName) {
        if (!instanceName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("instance name must match [A-Za-z0-9._-]+, got " + instanceName);
        }
        return new IrcServer(Optional.of(instanceName));
    }

    /** Where clients connect: {@code 127.0.0.1}. */
    public String host() {
        return current().host();
    }

    /** The plain-text port; stable across stop and start. */
    public int port() {
        return current().port();
    }

    /** The server's name, the source of its numeric replies: {@code irc.mxbridge.test}. */
    public String serverName() {
        return current().serverName();
    }

    /** The server's console log, kept after the test. */
    public Path logFile() {
        return current().log();
    }

    /** Connects a raw test client and registers it with the nick; see {@link IrcTestClient#connect}. */
    public IrcTestClient connect(String nick) {
        return IrcTestClient.connect(host(), port(), nick);
    }

    @Override
    public String toString() {
        return "IrcServer[ngircd " + created().map(i -> i.name() + " " + i.host() + ":" + i.port())
                .orElse("not created") + "]";
    }

    @Override
    List<String> initArguments() {
        return List.of();
    }

    @Override
    Instance instance(String name, Map<String, String> out) {
        return new Instance(name, Path.of(Scripts.require(out, "dir", SCRIPT)), Scripts.require(out, "host", SCRIPT),
                Integer.parseInt(Scripts.require(out, "port", SCRIPT)), Scripts.require(out, "server_name", SCRIPT),
                Path.of(Scripts.require(out, "log", SCRIPT)));
    }
}
