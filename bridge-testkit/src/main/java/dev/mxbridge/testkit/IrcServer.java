package dev.mxbridge.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
public final class IrcServer implements BeforeAllCallback, AfterAllCallback {
    private static final String SCRIPT = "ircd.sh";
    private static final Duration INIT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Scripts scripts;
    private final Optional<String> fixedName;

    private Optional<String> ownerContext = Optional.empty();
    private Optional<Instance> instance = Optional.empty();
    private Optional<Long> pid = Optional.empty();
    private boolean shutdownHookAdded;

    private record Instance(String name, Path dir, String host, int port, String serverName, Path log) {
    }

    private IrcServer(Optional<String> name) {
        this.scripts = Scripts.fromSystemProperties();
        this.fixedName = name;
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

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownerContext.isPresent() && isWithin(context, ownerContext.get())) {
            return; // a @Nested class shares the enclosing class's server
        }
        ownerContext = Optional.of(context.getUniqueId());
        create(fixedName.orElse(context.getRequiredTestClass().getName().replaceAll("[^A-Za-z0-9._-]", "_")));
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ownerContext.filter(context.getUniqueId()::equals).isPresent()) {
            ownerContext = Optional.empty();
            stop();
        }
    }

    /**
     * Starts the server and waits until its port accepts connections. The first call writes a fresh configuration;
     * after {@link #stop()} it restarts on the same port. Does nothing if it runs.
     */
    public synchronized void start() {
        if (instance.isEmpty()) {
            create(fixedName.orElse("ircd"));
        }
        if (pid.isPresent()) {
            return;
        }
        Map<String, String> out = scripts.run(SCRIPT, START_TIMEOUT, "start", current().name());
        pid = Optional.of(Long.parseLong(Scripts.require(out, "pid", SCRIPT)));
        if (!shutdownHookAdded) {
            shutdownHookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::killOnExit, "mxbridge-testkit-ircd-stop"));
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL) and waits until it is gone; every client is disconnected. */
    public synchronized void stop() {
        if (instance.isPresent()) {
            scripts.run(SCRIPT, STOP_TIMEOUT, "stop", current().name());
        }
        pid = Optional.empty();
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
        return "IrcServer[ngircd " + instance.map(i -> i.name() + " " + i.host() + ":" + i.port())
                .orElse("not created") + "]";
    }

    private synchronized void create(String name) {
        if (pid.isPresent()) {
            stop();
        }
        Map<String, String> out = scripts.run(SCRIPT, INIT_TIMEOUT, "init", name);
        instance = Optional.of(new Instance(name, Path.of(Scripts.require(out, "dir", SCRIPT)),
                Scripts.require(out, "host", SCRIPT), Integer.parseInt(Scripts.require(out, "port", SCRIPT)),
                Scripts.require(out, "server_name", SCRIPT), Path.of(Scripts.require(out, "log", SCRIPT))));
    }

    private synchronized Instance current() {
        return instance.orElseThrow(() -> new TestKitException("the IRC server has not been started: register it"
                + " with @RegisterExtension on a static field, or call start()"));
    }

    /** Last resort when the JVM exits with the server still up, e.g. after Ctrl-C. */
    private void killOnExit() {
        Optional<Long> running;
        synchronized (this) {
            running = pid;
        }
        running.flatMap(ProcessHandle::of).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }

    private static boolean isWithin(ExtensionContext context, String ancestorId) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getUniqueId().equals(ancestorId)) {
                return true;
            }
        }
        return false;
    }
}
