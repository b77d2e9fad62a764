package dev.mxbridge.core.cli;

import dev.mxbridge.core.BridgeException;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.registration.InvalidRegistrationException;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code check-config}: reads the config and checks what a start would need, without starting — the registration
 * file, the homeserver (reachable, and taking the {@code as_token}), the database (PostgreSQL reachable, or the H2
 * file's folder writable), then the network's own checks. A line per check; exit 0 when all is well, 1 if not.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check the config, the registration, the homeserver, the database and the network without starting.")
final class CheckConfig extends BridgeCli.WithConfig implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final NetworkCheck network;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    CheckConfig(String networkName, NetworkCheck network) {
        super(networkName);
        this.network = network;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BridgeConfig config = config(); // a config with problems ends here, each named
        out.println("ok: config " + this.config);
        boolean ok = true;
        Registration registration = null;
        try {
            registration = RegistrationYaml.read(config.appservice().registration());
            registration.validate().forEach(w -> out.println("warning: registration: " + w));
            out.println("ok: registration " + config.appservice().registration());
        } catch (InvalidRegistrationException e) {
            e.problems().forEach(p -> out.println("problem: registration: " + p));
            ok = false;
        } catch (BridgeException | java.io.UncheckedIOException e) {
            out.println("problem: registration " + config.appservice().registration() + ": " + e.getMessage());
            ok = false;
        }
        ok &= homeserver(config, registration, out);
        ok &= database(config, out);
        try {
            ok &= network.check(config, out);
        } catch (Exception e) {
            out.println("problem: network: " + e.getMessage());
            ok = false;
        }
        out.println(ok ? "all checks passed" : "some checks failed");
        return ok ? 0 : 1;
    }

    private static boolean homeserver(BridgeConfig config, Registration registration, PrintWriter out) {
        URI base = config.homeserver().url();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> versions = http.send(HttpRequest.newBuilder(base.resolve("/_matrix/client/versions"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (versions.statusCode() != 200) {
                out.println("problem: homeserver " + base + " answered /versions with " + versions.statusCode());
                return false;
            }
            out.println("ok: homeserver " + base + " answers");
            if (registration == null) {
                return true;
            }
            HttpResponse<String> whoami = http.send(HttpRequest.newBuilder(base.resolve("/_matrix/client/v3/account/whoami"))
                    .header("Authorization", "Bearer " + registration.asToken())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(whoami.body());
            if (whoami.statusCode() != 200) {
                out.println("problem: the homeserver refused the registration's as_token (" + body.path("errcode").asString("")
                        + "): is the registration file in its app_service_config_files (Synapse) or "
                        + "app_service_api.config_files (Dendrite), and was it restarted?");
                return false;
            }
            out.println("ok: the homeserver takes the as_token, as " + body.path("user_id").asString());
            return true;
        } catch (Exception e) {
            out.println("problem: homeserver " + base + " cannot be reached: " + e.getMessage());
            return false;
        }
    }

    private static boolean database(BridgeConfig config, PrintWriter out) {
        String url = config.database().url();
        if (url.startsWith("jdbc:h2:file:")) {
            java.nio.file.Path file = java.nio.file.Path.of(url.substring("jdbc:h2:file:".length()).split(";")[0]).toAbsolutePath();
            java.nio.file.Path dir = file.getParent();
            boolean writable = dir != null && (Files.isDirectory(dir) ? Files.isWritable(dir) : dir.getParent() != null);
            out.println((writable ? "ok" : "problem") + ": H2 database " + file + (writable ? "" : ": its folder is not writable"));
            return writable;
        }
        try (var c = DriverManager.getConnection(url, config.database().user(), config.database().password())) {
            out.println("ok: database " + c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion());
            return true;
        } catch (Exception e) {
            out.println("problem: database cannot be reached: " + e.getMessage());
            return false;
        }
    }
}
