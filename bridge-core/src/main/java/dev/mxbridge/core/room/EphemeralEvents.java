package dev.mxbridge.core.room;

import dev.mxbridge.core.http.HttpClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether the homeserver pushes ephemeral events (typing, read receipts) to the bridge, for networks that count
 * reading as activity ({@link dev.mxbridge.core.network.NetworkContext#ephemeralEvents()}).
 *
 * <p>Matrix v1.13 made pushing them a MUST for a registration with {@code receive_ephemeral}, so a homeserver whose
 * {@code /_matrix/client/versions} lists v1.13 or later promises them; Dendrite 0.13.8 lists up to v1.2 and sends
 * none. A homeserver that lists no such version may still push them (Synapse did from 1.22 under MSC2409's unstable
 * name), so the first one that arrives settles it. Not read from the server's name: {@code /_matrix/federation/v1/version}
 * and {@code /_matrix/key/v2/server} are served on the federation listener, which the bridge's client url often is
 * not (neither test homeserver answers them there), and a name says less than the spec version the server claims.
 */
final class EphemeralEvents {
    private static final Logger LOG = LoggerFactory.getLogger(EphemeralEvents.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)");
    /** The first spec version that requires pushing ephemeral events to application services. */
    private static final String REQUIRED_IN = "v1.13";
    private static final String CANNOT = "Matrix users' typing and read receipts do not reach the network, and reading "
            + "does not count as activity";

    private final AtomicBoolean available = new AtomicBoolean();

    /** Whether they are promised or have arrived. */
    boolean available() {
        return available.get();
    }

    /** One arrived: from now on they are available. */
    void seen() {
        if (available.compareAndSet(false, true)) {
            LOG.info("the homeserver pushes ephemeral events (typing, read receipts) after all: one arrived");
        }
    }

    /**
     * Asks the homeserver once which spec versions it supports, and says at start-up what the bridge cannot do if it
     * does not promise ephemeral events (one line, WARN).
     *
     * @param registered the registration's {@code receive_ephemeral}
     */
    void probe(URI homeserver, boolean registered) {
        if (!registered) {
            LOG.warn("the registration has receive_ephemeral off, so the homeserver pushes no typing or read receipts: {}",
                    CANNOT);
            return;
        }
        Optional<String> newest;
        try {
            newest = newestVersion(homeserver);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not ask the homeserver which Matrix versions it supports ({}): until typing or a read receipt "
                    + "arrives, {}", e.toString(), CANNOT);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (newest.filter(EphemeralEvents::requiresEphemeral).isPresent()) {
            available.set(true);
            LOG.info("the homeserver pushes typing and read receipts to the bridge (it supports Matrix {}; required since v1.13)",
                    newest.get());
        } else {
            LOG.warn("the homeserver does not say it pushes typing and read receipts to application services (it supports "
                    + "Matrix up to {}; required since v1.13; Dendrite sends none): until one arrives, {}",
                    newest.orElse("(no version listed)"), CANNOT);
        }
    }

    /** The newest {@code vX.Y} the homeserver lists, as listed. */
    private static Optional<String> newestVersion(URI homeserver) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(homeserver.resolve("/_matrix/client/versions"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try (HttpClient http = HttpClients.builder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + request.uri() + " answered " + response.statusCode());
            }
            return newest(JSON.readTree(response.body()).path("versions"));
        }
    }

    /** The newest {@code vX.Y} among a {@code versions} array; {@code r0.x} versions predate the question. */
    static Optional<String> newest(JsonNode versions) {
        String best = null;
        for (JsonNode v : versions) {
            if (VERSION.matcher(v.asString("")).matches() && (best == null || compare(v.asString(), best) > 0)) {
                best = v.asString();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether a homeserver supporting this spec version must push ephemeral events to application services. */
    static boolean requiresEphemeral(String version) {
        return compare(version, REQUIRED_IN) >= 0;
    }

    private static int compare(String a, String b) {
        Matcher x = VERSION.matcher(a);
        Matcher y = VERSION.matcher(b);
        if (!x.matches() || !y.matches()) {
            throw new IllegalArgumentException("not a vX.Y version: " + a + ", " + b);
        }
        int major = Integer.compare(Integer.parseInt(x.group(1)), Integer.parseInt(y.group(1)));
        return major != 0 ? major : Integer.compare(Integer.parseInt(x.group(2)), Integer.parseInt(y.group(2)));
    }
}
