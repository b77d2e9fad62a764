package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.TestPorts;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IRC distribution as an operator meets it: {@code scripts/package --runtime irc} once, the tarball unpacked into
 * an empty directory, {@code bin/irc generate-registration}, then {@code bin/irc run} against a Synapse and an ngIRCd
 * with no Java on PATH and no JAVA_HOME (the bundled runtime), logging JSON lines; and the launcher without the
 * bundled runtime, on a JDK named by JAVA_HOME, with the serial collector unless JAVA_OPTS picks another.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
    static final Path DIR = BridgeItSupport.dir("distribution");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int PORT = TestPorts.free();
    static final String SECRET_KEY = randomKey();
    /** A network credential: the IRC password a Matrix user stores with the bot, sent to NickServ on connect. */
    static final String IRC_PASSWORD = "pw" + randomKey().replaceAll("[^A-Za-z0-9]", "");
    static final String BOT = "@_irc_bot:localhost";
    /** A PATH with only the tools the launcher uses: no java anywhere on it. */
    static final Path TOOLS = DIR.resolve("tools");
    static final Path HOME = unpackAndGenerateRegistration();

    @RegisterExtension
    @Order(1)
    static final Homeserver hs = Homeserver.synapse().registration(HOME.resolve("registration.yaml")).build();

    @RegisterExtension
    @Order(2)
    static final IrcServer ircd = IrcServer.ngircd();

    @Test
    @Order(1)
    void theUnpackedTarballRunsOnItsBundledRuntimeUntilReadyAndLogsJsonWithoutSecrets() throws Exception {
        Files.writeString(HOME.resolve("config.yaml"), config(hs.baseUrl(), ircd.port()));
        Path log = DIR.resolve("bridge.log");
        Process bridge = launcher(Map.of("MXBRIDGE_LOG_FORMAT", "json", "MXBRIDGE_LOG_LEVEL", "DEBUG",
                "BRIDGE_SECRET_KEY", SECRET_KEY), "run", "-c", "config.yaml")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String room;
        try {
            Await.until("/ready to answer 200; see " + log, Duration.ofSeconds(90),
                    () -> !bridge.isAlive() || ready() == 200);
            assertThat(bridge.isAlive()).as("the bridge runs; see " + log).isTrue();

            TestUser alice = hs.registerUser();
            alice.setDisplayName("Alice");
            room = alice.join("#_irc_#dist:localhost");
            try (IrcTestClient watcher = ircd.connect("watcher"); IrcTestClient nickServ = ircd.connect("NickServ")) {
                watcher.join("#dist");
                alice.sendText(room, "hello from the tarball");
                watcher.await(l -> l.contains("PRIVMSG #dist :hello from the tarball"), WAIT);

                String chat = alice.createRoom();
                alice.invite(chat, BOT);
                Await.until("the bot to join the private chat", WAIT, () -> alice.joinedMembers(chat).containsKey(BOT));
                alice.sendText(chat, "storepass " + IRC_PASSWORD);
                alice.awaitEvent(chat, e -> e.path("sender").asString().equals(BOT)
                        && e.path("content").path("body").asString().startsWith("Your password is stored"), WAIT);
                nickServ.await(l -> l.endsWith(" PRIVMSG NickServ :IDENTIFY " + IRC_PASSWORD), WAIT);
            }
        } finally {
            bridge.destroy();
            assertThat(bridge.waitFor(30, TimeUnit.SECONDS)).as("the bridge stops on SIGTERM").isTrue();
        }

        String registration = Files.readString(HOME.resolve("registration.yaml"));
        List<String> secrets = Stream.of("as_token", "hs_token")
                .map(key -> registration.lines().filter(l -> l.startsWith(key + ":")).findFirst().orElseThrow()
                        .substring(key.length() + 1).trim().replace("\"", ""))
                .collect(Collectors.toCollection(ArrayList::new));
        secrets.add(SECRET_KEY);
        secrets.add(IRC_PASSWORD);
        assertThat(secrets).allMatch(s -> s.length() >= 20);
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("the log").hasSizeGreaterThan(10);
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.has("level") && entry.has("loggerName") && entry.has("threadName")
                    && entry.has("formattedMessage")).as("a JSON log line with level, logger, thread, message: %s", line).isTrue();
            for (String secret : secrets) {
                assertThat(line).as("no secret in the log").doesNotContain(secret);
            }
        }
        assertThat(lines).as("a line logged while the room's events were handled carries the room and event ids")
                .map(JSON::readTree).map(entry -> entry.path("mdc"))
                .anyMatch(mdc -> mdc.path("room_id").asString("").equals(room) && mdc.path("event_id").asString("").startsWith("$"));
    }

    @Test
    @Order(2)
    void withoutTheBundledRuntimeTheLauncherUsesJavaHomeAndTheSerialCollectorUnlessJavaOptsPicksAnother() throws Exception {
        Path runtime = HOME.resolve("runtime");
        Path aside = DIR.resolve("runtime-aside");
        Files.move(runtime, aside);
        try {
            String jdk = Path.of(System.getProperty("java.home")).toString();
            Result serial = run(Map.of("JAVA_HOME", jdk, "JAVA_OPTS", "-Xlog:gc:stdout"), "check-registration", "registration.yaml");
            assertThat(serial.code()).as(serial.output()).isZero();
            assertThat(serial.output()).contains("registration.yaml: valid").contains("Using Serial");

            Result zgc = run(Map.of("JAVA_HOME", jdk, "JAVA_OPTS", "-XX:+UseZGC -Xlog:gc:stdout"),
                    "check-registration", "registration.yaml");
            assertThat(zgc.code()).as(zgc.output()).isZero();
            assertThat(zgc.output()).contains("Using The Z Garbage Collector").doesNotContain("Using Serial");
        } finally {
            Files.move(aside, runtime);
        }
    }

    @Test
    @Order(3)
    void theTarballHoldsTheBridgeJarItsLibrariesTheExampleConfigTheGplAndASystemdUnit() throws IOException {
        try (Stream<Path> lib = Files.list(HOME.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.matches("bridge-irc-.*\\.jar")).anyMatch(n -> n.matches("bridge-core-.*\\.jar"))
                    .anyMatch(n -> n.startsWith("pircbotx-")).anyMatch(n -> n.startsWith("logback-classic-"))
                    .noneMatch(n -> n.startsWith("junit") || n.startsWith("bridge-testkit") || n.startsWith("assertj"));
        }
        assertThat(Files.readString(HOME.resolve("config.example.yaml"))).contains("bin/irc run -c config.yaml");
        assertThat(Files.readString(HOME.resolve("LICENSE"))).contains("GNU GENERAL PUBLIC LICENSE").contains("Version 3");
        assertThat(Files.readString(HOME.resolve("mxbridge-irc.service")))
                .contains("ExecStart=/opt/mxbridge-irc/bin/irc run -c /etc/mxbridge-irc/config.yaml")
                .contains("WantedBy=multi-user.target");
        assertThat(Files.isExecutable(HOME.resolve("bin/irc"))).isTrue();
    }

    /** Packages once, unpacks into an empty directory and generates the registration, before Synapse loads it. */
    private static Path unpackAndGenerateRegistration() {
        try {
            deleteRecursively(DIR);
            Files.createDirectories(TOOLS);
            for (String tool : List.of("sh", "readlink", "dirname", "sed", "head")) {
                Path real = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                        .findFirst().orElseThrow(() -> new IllegalStateException("no " + tool));
                Files.createSymbolicLink(TOOLS.resolve(tool), real);
            }
            Path root = Path.of(System.getProperty("mxbridge.root", "..")).toAbsolutePath();
            Path dist = DIR.resolve("dist");
            exec(new ProcessBuilder("bash", root.resolve("scripts/package").toString(), "--no-build", "--runtime",
                    "--out", dist.toString(), "irc"));
            Path tarball;
            try (Stream<Path> files = Files.list(dist)) {
                tarball = files.filter(f -> f.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
            }
            Path operator = Files.createDirectories(DIR.resolve("operator"));
            exec(new ProcessBuilder("tar", "-xzf", tarball.toString()).directory(operator.toFile()));
            Path home;
            try (Stream<Path> dirs = Files.list(operator)) {
                home = dirs.findFirst().orElseThrow();
            }
            // Synapse's URL and the ircd's port are known once they run: the config is written again before the run.
            Files.writeString(home.resolve("config.yaml"), config(URI.create("http://127.0.0.1:1"), 6667));
            Result generated = run(home, Map.of("BRIDGE_SECRET_KEY", SECRET_KEY), "generate-registration", "-c", "config.yaml");
            if (generated.code() != 0) {
                throw new IllegalStateException("generate-registration failed: " + generated.output());
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String config(URI homeserver, int ircPort) {
        return BridgeUnderTest.baseConfigYaml(homeserver, PORT, Path.of("./data/bridge"))
                .replace("bridge: {permissions:", "bridge: {secret_key_env: BRIDGE_SECRET_KEY, permissions:")
                + "network:\n" + BridgeItSupport.networkYaml(homeserver, "127.0.0.1", ircPort, "").indent(2);
    }

    private static ProcessBuilder launcher(Map<String, String> env, String... args) {
        return launcher(HOME, env, args);
    }

    /** bin/irc in {@code home} with a clean environment: PATH of {@link #TOOLS} only, plus {@code env}. */
    private static ProcessBuilder launcher(Path home, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/irc").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", TOOLS.toString());
        pb.environment().putAll(env);
        return pb;
    }

    record Result(int code, String output) {
    }

    private static Result run(Map<String, String> env, String... args) throws IOException {
        return run(HOME, env, args);
    }

    private static Result run(Path home, Map<String, String> env, String... args) throws IOException {
        Process p = launcher(home, env, args).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            return new Result(p.waitFor(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void exec(ProcessBuilder pb) throws IOException {
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", pb.command()) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int ready() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
