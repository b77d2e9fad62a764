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
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
public final class Homeserver extends ScriptedServer<Homeserver.Instance> {
    private static final String SCRIPT = "synapse.sh";
    private static final AtomicLong USER_COUNTER = new AtomicLong();

    private final List<Path> registrations;

    record Instance(String name, Path dir, URI baseUrl, Path log, String sharedSecret, String loginSharedSecret) {
    }

    private Homeserver(Builder builder) {
        super(SCRIPT, "homeserver", builder.name, Duration.ofMinutes(15), Duration.ofMinutes(3), Duration.ofMinutes(1));
        this.registrations = List.copyOf(builder.registrations);
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

    /**
     * The secret of the instance's shared-secret login module (shared-secret-authenticator): anyone holding it logs
     * in as any local user with {@code com.devture.shared_secret_auth} and the token
     * {@code hex(HMAC-SHA512(secret, user id))}, which is how bridges double-puppet by shared secret. New per
     * {@code init}.
     */
    public String loginSharedSecret() {
        return current().loginSharedSecret();
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
        return "Homeserver[synapse " + created().map(i -> i.name() + " " + i.baseUrl()).orElse("not created") + "]";
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
        return new Instance(name, Path.of(Scripts.require(out, "dir", SCRIPT)), URI.create(Scripts.require(out, "url", SCRIPT)),
                Path.of(Scripts.require(out, "log", SCRIPT)), Scripts.require(out, "shared_secret", SCRIPT),
                Scripts.require(out, "login_shared_secret", SCRIPT));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
