package dev.mxbridge.example;

import dev.mxbridge.testkit.Homeserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Ages an OpenID token in a test Synapse: its {@code open_id_tokens} row's {@code ts_valid_until_ms} is set to a
 * minute ago, as if the hour Synapse gives every token (a constant, {@code IdTokenServlet.EXPIRES_MS}, with no setting)
 * had passed. Synapse itself then judges the token, with the check it makes on every
 * {@code /_matrix/federation/v1/openid/userinfo} ({@code ts_now <= ts_valid_until_ms}, read from the database each time).
 */
final class OpenIdExpiry {
    private OpenIdExpiry() {
    }

    static void expire(Homeserver hs, String token) throws IOException, InterruptedException {
        Path db = hs.instanceDir().resolve("homeserver.db");
        String script = """
                import sqlite3, sys, time
                c = sqlite3.connect(sys.argv[1], timeout=30)
                n = c.execute("UPDATE open_id_tokens SET ts_valid_until_ms = ? WHERE token = ?",
                              (int(time.time() * 1000) - 60000, sys.argv[2])).rowcount
                c.commit()
                sys.exit(0 if n == 1 else 3)
                """;
        Process p = new ProcessBuilder("python3", "-c", script, db.toString(), token).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("could not age the OpenID token in " + db + " (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + "): " + out);
        }
    }
}
