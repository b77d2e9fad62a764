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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * A real homeserver for {@code server_name: localhost} — Synapse or Dendrite — as a JUnit 5 extension on a static
 * field:
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
 * <p>{@link #dendrite()} runs Dendrite instead, and {@link #configured()} the implementation the system property
 * {@code mxbridge.homeserver} names ({@code synapse}, the default, or {@code dendrite}), so that one test class runs
 * on either. The API is the same; where a facility exists on Synapse only, the method says so and throws
 * {@link UnsupportedFeatureException} on Dendrite.
 *
 * <p>Before all tests of the class it installs the homeserver if needed (once per machine: Synapse from PyPI in about
 * half a minute, Dendrite built from source in about two minutes), creates a
 * fresh instance (empty SQLite database, free port on 127.0.0.1, no rate limits, the given application-service
 * registrations) and starts it (a second or two); after all tests it stops it. Registration files are read when the
 * server starts, so a test may write them in a static initializer. The instance directory, with the homeserver's log, stays
 * until the same test class runs again. {@link #stop()} and {@link #start()} simulate an outage: same port, same data.
 *
 * <p>Outside JUnit, call {@link #start()} and {@link #stop()} yourself.
 */
public final class Homeserver extends ScriptedServer<Homeserver.Instance> {
    /** The system property that {@link #configured()} reads: {@code synapse} or {@code dendrite}. */
    public static final String PROPERTY = "mxbridge.homeserver";
    private static final AtomicLong USER_COUNTER = new AtomicLong();

    private final Implementation implementation;
    private final List<Path> registrations;

    record Instance(String name, Path dir, URI baseUrl, Path log, String sharedSecret,
                    Optional<String> loginSharedSecret) {
    }

    /** The homeserver implementations the test kit runs, each by its script in {@code scripts/}. */
    public enum Implementation {
        /** Synapse, installed from PyPI by {@code synapse.sh}. */
        SYNAPSE("synapse.sh"),
        /** Dendrite, built from source by {@code dendrite.sh}. */
        DENDRITE("dendrite.sh");

        private final String script;

        Implementation(String script) {
            this.script = script;
        }

        /** The lowercase name, as in the system property {@value Homeserver#PROPERTY}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The implementation named {@code id} ({@code synapse} or {@code dendrite}, any case). */
        public static Implementation of(String id) {
            for (Implementation i : values()) {
                if (i.id().equalsIgnoreCase(id.strip())) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unknown homeserver implementation '" + id
                    + "'; expected synapse or dendrite");
        }
    }

    private Homeserver(Builder builder) {
        super(builder.implementation.script, "homeserver", builder.name, Duration.ofMinutes(15), Duration.ofMinutes(3),
                Duration.ofMinutes(1));
        this.implementation = builder.implementation;
        this.registrations = List.copyOf(builder.registrations);
    }

    /** Starts describing a Synapse homeserver. */
    public static Builder synapse() {
        return new Builder(Implementation.SYNAPSE);
    }

    /**
     * Starts describing a Dendrite homeserver (0.13.8). What it lacks beside Synapse: the shared-secret login module
     * ({@link #loginSharedSecret()}), the appservice ping (Matrix 1.7), and towards application services redactions,
     * ephemeral events (typing, receipts) and {@code unsigned.prev_content}; {@code docs/homeservers.md} has the list.
     */
    public static Builder dendrite() {
        return new Builder(Implementation.DENDRITE);
    }

    /** Starts describing a homeserver of the given implementation. */
    public static Builder of(Implementation implementation) {
        return new Builder(Objects.requireNonNull(implementation, "implementation"));
    }

    /**
     * Starts describing the homeserver the system property {@value #PROPERTY} names ({@code synapse} when unset), so
     * that the build chooses which one a test class runs on.
     */
    public static Builder configured() {
        return of(configuredImplementation());
    }

    /** The implementation the system property {@value #PROPERTY} names; Synapse when unset. */
    public static Implementation configuredImplementation() {
        String id = System.getProperty(PROPERTY, "");
        return id.isBlank() ? Implementation.SYNAPSE : Implementation.of(id);
    }

    /** Configures a {@link Homeserver}. */
    public static final class Builder {
        private final Implementation implementation;
        private final List<Path> registrations = new ArrayList<>();
        private Optional<String> name = Optional.empty();

        private Builder(Implementation implementation) {
            this.implementation = implementation;
        }

        /** Adds an application-service registration file; it need not exist until the server starts. */
        public Builder registration(Path file) {
            registrations.add(file.toAbsolutePath());
            return this;
        }

        /**
         * Names the instance directory ({@code build/synapse/instances/NAME}, {@code build/dendrite/instances/NAME});
         * default: the test class's name, or {@code homeserver} outside JUnit.
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

    /** Which homeserver this is. */
    public Implementation implementation() {
        return implementation;
    }

    /** Where clients reach it, e.g. {@code http://127.0.0.1:23456}; stable across stop and start. */
    public URI baseUrl() {
        return current().baseUrl();
    }

    /** The server name in user ids and aliases: {@code localhost}. */
    public String serverName() {
        return "localhost";
    }

    /** The homeserver's log ({@code homeserver.log} of Synapse, {@code logs/dendrite.log} of Dendrite), kept after the test. */
    public Path logFile() {
        return current().log();
    }

    /** The instance's directory: configuration, database, media, logs. */
    public Path instanceDir() {
        return current().dir();
    }

    /**
     * The secret of the instance's shared-secret login module (shared-secret-authenticator): anyone holding it logs
     * in as any local user with {@code com.devture.shared_secret_auth} and the token
     * {@code hex(HMAC-SHA512(secret, user id))}, which is how bridges double-puppet by shared secret. New per
     * {@code init}.
     *
     * @throws UnsupportedFeatureException on Dendrite, which has no login modules
     */
    public String loginSharedSecret() {
        return current().loginSharedSecret().orElseThrow(() -> new UnsupportedFeatureException(implementation,
                "shared-secret login module (com.devture.shared_secret_auth, for double puppeting by shared secret)"));
    }

    /** Registers a user with a fresh unique local part. */
    public TestUser registerUser() {
        return registerUser("user" + USER_COUNTER.incrementAndGet() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000)));
    }

    /**
     * Registers a user through the shared-secret registration API ({@code /_synapse/admin/v1/register}, which Dendrite
     * serves too) and logs it in. The local part must be unused and outside
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
        return "Homeserver[" + implementation.id() + " " + created().map(i -> i.name() + " " + i.baseUrl()).orElse("not created") + "]";
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

    @Override
    List<String> initArguments() {
        List<String> args = new ArrayList<>();
        for (Path registration : registrations) {
            if (!Files.isRegularFile(registration)) {
                throw new TestKitException("registration file " + registration + " does not exist; write it before"
                        + " the homeserver starts, e.g. in the test class's static initializer");
            }
            args.add("--registration");
            args.add(registration.toString());
        }
        return args;
    }

    @Override
    Instance instance(String name, Map<String, String> out) {
        String script = implementation.script;
        return new Instance(name, Path.of(Scripts.require(out, "dir", script)), URI.create(Scripts.require(out, "url", script)),
                Path.of(Scripts.require(out, "log", script)), Scripts.require(out, "shared_secret", script),
                Optional.ofNullable(out.get("login_shared_secret")));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
