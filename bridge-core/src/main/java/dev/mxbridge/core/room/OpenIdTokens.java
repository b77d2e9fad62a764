package dev.mxbridge.core.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.http.HttpClients;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who a Matrix OpenID token belongs to, asked of the homeserver's {@code /_matrix/federation/v1/openid/userinfo}, so
 * that an unauthenticated client cannot make the bridge call the homeserver once per request: a token that cannot be
 * one (empty, over {@value #MAX_LENGTH} characters, or outside the URL-safe characters) is refused without asking; an
 * answer is remembered for a minute, a confirmed user and a refusal alike; and each client address may have at most
 * {@value #LOOKUPS_PER_MINUTE} tokens refused by the homeserver a minute, after which it is answered {@link Limited}
 * without asking until the minute is over. Behind a reverse proxy every client has the proxy's address, so they share
 * that budget.
 */
final class OpenIdTokens {
    static final int MAX_LENGTH = 512;
    static final int LOOKUPS_PER_MINUTE = 10;
    private static final Duration WINDOW = Duration.ofMinutes(1);
    /** Answers that speak of the token: another server's user (200), or not known (Synapse: 401 M_UNKNOWN_TOKEN). */
    private static final Set<Integer> REFUSALS = Set.of(200, 400, 401, 403, 404);
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._~+/=-]{1," + MAX_LENGTH + "}");
    private static final Logger LOG = LoggerFactory.getLogger(OpenIdTokens.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI homeserver;
    private final String domain;
    /** Made on the first lookup: an HTTP client keeps a selector thread, and most bridges never get a token. */
    private volatile HttpClient http;
    private final Cache<String, String> users = Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(10_000).build();
    private final Cache<String, Boolean> refused = Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(10_000).build();
    private final Cache<String, AtomicInteger> refusedPerAddress = Caffeine.newBuilder().expireAfterWrite(WINDOW)
            .maximumSize(10_000).build();

    OpenIdTokens(URI homeserver, String domain) {
        this.homeserver = homeserver;
        this.domain = domain;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    http = client = HttpClients.builder().connectTimeout(Duration.ofSeconds(5)).build();
                }
            }
        }
        return client;
    }

    /** What a token turned out to be. */
    sealed interface Answer permits User, Unknown, Limited { }

    /** The homeserver vouches for this user of ours. */
    record User(UserId user) implements Answer { }

    /** Not a token the homeserver knows (or not one of our users). */
    record Unknown() implements Answer { }

    /** The address has had too many tokens refused this minute; it may try again after {@code retryAfter}. */
    record Limited(Duration retryAfter) implements Answer { }

    /** Whose token this is, as sent from {@code address}. */
    Answer check(String token, String address) throws java.io.IOException, InterruptedException {
        if (!SHAPE.matcher(token).matches()) {
            return new Unknown();
        }
        String known = users.getIfPresent(token);
        if (known != null) {
            return new User(new UserId(known));
        }
        if (refused.getIfPresent(token) != null) {
            return new Unknown();
        }
        // The lookup takes one of the address's refusals before it is asked, so that concurrent requests cannot
        // overdraw the budget; a confirmed user gives it back.
        AtomicInteger budget = refusedPerAddress.get(address, a -> new AtomicInteger());
        if (budget.incrementAndGet() > LOOKUPS_PER_MINUTE) {
            return new Limited(WINDOW);
        }
        HttpResponse<String> answer = http().send(HttpRequest.newBuilder(homeserver.resolve(
                        "/_matrix/federation/v1/openid/userinfo?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Optional<UserId> sub = Optional.empty();
        if (answer.statusCode() == 200) {
            sub = ProvisioningApi.userId(JSON.readTree(answer.body()).path("sub").asString(""))
                    .filter(u -> u.server().equals(domain)); // our homeserver vouches for its own users only
        } else {
            LOG.debug("the homeserver refused an OpenID token ({})", answer.statusCode());
        }
        if (sub.isPresent()) {
            users.put(token, sub.get().value());
            budget.decrementAndGet();
            return new User(sub.get());
        }
        if (REFUSALS.contains(answer.statusCode())) { // not a failure or rate limit, which say nothing of the token
            refused.put(token, true);
        }
        return new Unknown();
    }
}
