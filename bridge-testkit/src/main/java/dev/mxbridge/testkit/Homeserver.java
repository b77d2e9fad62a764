package dev.mxbridge.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * A real Synapse homeserver for {@code server_name: localhost}, as a JUnit 5 extension on a static field:
 * <pre>{@code
 * @RegisterExtension
 * static Homeserver hs = Homeserver.synapse().registration(Path.of("build/it/registration.yaml")).build();
 *
 * @Test
 * void echoes() {
 *     TestUser alice = hs.registerUser("alice");
 *     String room = alice.createRoom();
 *     alice.sendText(room, "hello");
 * }
 * }</pre>
 *
 * <p>Before all tests of the class it installs Synapse if needed (once per machine, about half a minute), creates a
 * fresh instance (empty SQLite database, free port on 127.0.0.1, no rate limits, the given application-service
 * registrations) and starts it (a second or two); after all tests it stops it. Registration files are read when the
 * server starts, so a test may write them in a static initializer. The instance directory, with Synapse's log, stays
 * until the same test class runs again. {@link #stop()} and {@link #start()} simulate an outage: same port, same data.
 *
 * <p>Outside JUnit, call {@link #start()} and {@link #stop()} yourself.
 */
public final class Homeserver implements BeforeAllCallback, AfterAllCallback {
    private static final String SCRIPT = "synapse.sh";
    private static final Duration INIT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
    private static final AtomicLong USER_COUNTER = new AtomicLong();

    private final Scripts scripts;
    private final List<Path> registrations;
    private final Optional<String> fixedName;

    private Optional<String> ownerContext = Optional.empty();
    private Optional<Instance> instance = Optional.empty();
    private Optional<Long> pid = Optional.empty();
    private boolean shutdownHookAdded;

    private record Instance(String name, Path dir, URI baseUrl, Path log, String sharedSecret) {
    }

    private Homeserver(Builder builder) {
        this.scripts = Scripts.fromSystemProperties();
        this.registrations = List.copyOf(builder.registrations);
        this.fixedName = builder.name;
    }

    /** Starts describing a Synapse homeserver. */
    public static Builder synapse() {
        return new Builder();
    }

    /** Configures a {@link Homeserver}. */
    public static final class Builder {
        private final List<Path> registrations = new ArrayList<>();
        private Optional<String> name = Optional.empty();

        private Builder() {
        }

        /** Adds an application-service registration file; it need not exist until the server starts. */
        public Builder registration(Path file) {
            registrations.add(file.toAbsolutePath());
            return this;
        }

        /**
         * Names the instance directory ({@code build/synapse/instances/NAME}); default: the test class's name, or
         * {@code homeserver} outside JUnit.
         */
        public Builder name(String instanceName) {
            if (!instanceName.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("instance name must match [A-Za-z0-9._-]+, got " + instanceName);
            }
            name = Optional.of(instanceName);
            return this;
        }

        /** The extension; nothing starts until JUnit calls it or {@link Homeserver#start()} is called. */
        public Homeserver build() {
            return new Homeserver(this);
        }
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
     * Starts the server and waits until it answers. The first call creates a fresh instance; after {@link #stop()}
     * it restarts the same instance on the same port with the same data. Does nothing if it runs.
     */
    public synchronized void start() {
        if (instance.isEmpty()) {
            create(fixedName.orElse("homeserver"));
        }
        if (pid.isPresent()) {
            return;
        }
        Map<String, String> out = scripts.run(SCRIPT, START_TIMEOUT, "start", current().name());
        pid = Optional.of(Long.parseLong(Scripts.require(out, "pid", SCRIPT)));
        if (!shutdownHookAdded) {
            shutdownHookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::killOnExit, "mxbridge-testkit-synapse-stop"));
        }
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL) and waits until it is gone; keeps port and data for {@link #start()}.
     */
    public synchronized void stop() {
        if (instance.isPresent()) {
            scripts.run(SCRIPT, STOP_TIMEOUT, "stop", current().name());
        }
        pid = Optional.empty();
    }

    /** Where clients reach it, e.g. {@code http://127.0.0.1:23456}; stable across stop and start. */
    public URI baseUrl() {
        return current().baseUrl();
    }

    /** The server name in user ids and aliases: {@code localhost}. */
    public String serverName() {
        return "localhost";
    }

    /** Synapse's log, kept after the test. */
    public Path logFile() {
        return current().log();
    }

    /** The instance's directory: configuration, database, media, logs. */
    public Path instanceDir() {
        return current().dir();
    }

    /** Registers a user with a fresh unique local part. */
    public TestUser registerUser() {
        return registerUser("user" + USER_COUNTER.incrementAndGet() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000)));
    }

    /**
     * Registers a user through the shared-secret admin API and logs it in. The local part must be unused and outside
     * every exclusive application-service namespace.
     */
    public TestUser registerUser(String localpart) {
        Instance current = current();
        MatrixHttp http = new MatrixHttp(current.baseUrl(), Optional.empty());
        String path = "/_synapse/admin/v1/register";
        String nonce = MatrixHttp.string(http.get(path), "nonce");
        String password = HexFormat.of().formatHex(randomBytes());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", nonce);
        body.put("username", localpart);
        body.put("password", password);
        body.put("admin", false);
        body.put("mac", mac(current.sharedSecret(), nonce, localpart, password));
        JsonNode registered = http.post(path, body);
        return TestUser.connect(current.baseUrl(), MatrixHttp.string(registered, "user_id"),
                MatrixHttp.string(registered, "access_token"));
    }

    @Override
    public String toString() {
        return "Homeserver[synapse " + instance.map(i -> i.name() + " " + i.baseUrl()).orElse("not created") + "]";
    }

    /** The registration MAC: HMAC-SHA1 over nonce, user, password and admin flag, NUL-separated, in hex. */
    static String mac(String sharedSecret, String nonce, String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String message = nonce + "\0" + user + "\0" + password + "\0notadmin";
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new TestKitException("HMAC-SHA1 is not available", e);
        }
    }

    private synchronized void create(String name) {
        if (pid.isPresent()) {
            stop();
        }
        List<String> args = new ArrayList<>(List.of("init", name));
        for (Path registration : registrations) {
            if (!Files.isRegularFile(registration)) {
                throw new TestKitException("registration file " + registration + " does not exist; write it before"
                        + " the homeserver starts, e.g. in the test class's static initializer");
            }
            args.add("--registration");
            args.add(registration.toString());
        }
        Map<String, String> out = scripts.run(SCRIPT, INIT_TIMEOUT, args.toArray(String[]::new));
        instance = Optional.of(new Instance(name, Path.of(Scripts.require(out, "dir", SCRIPT)),
                URI.create(Scripts.require(out, "url", SCRIPT)), Path.of(Scripts.require(out, "log", SCRIPT)),
                Scripts.require(out, "shared_secret", SCRIPT)));
    }

    private synchronized Instance current() {
        return instance.orElseThrow(() -> new TestKitException("the homeserver has not been started: register it"
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

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
