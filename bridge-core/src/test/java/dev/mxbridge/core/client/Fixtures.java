package dev.mxbridge.core.client;

import java.net.URI;
import java.time.Duration;

/** Shared settings: short timeouts and back-offs so failure paths run in milliseconds. */
final class Fixtures {

    static final String TOKEN = "s3cret-as-token";
    static final String SERVER = "example.org";
    static final UserId BOT = UserId.of("bridgebot", SERVER);
    static final UserId GHOST = UserId.of("_irc_alice", SERVER);

    private Fixtures() {
    }

    static MatrixClientConfig config(URI homeserver) {
        return MatrixClientConfig.of(homeserver, TOKEN, SERVER, BOT)
                .withTimeouts(Duration.ofMillis(1_000), Duration.ofMillis(500), Duration.ofMillis(500))
                .withRetry(new RetryPolicy(4, Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(80)));
    }
}
