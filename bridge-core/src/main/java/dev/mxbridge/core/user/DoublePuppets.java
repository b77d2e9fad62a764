package dev.mxbridge.core.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixClientConfig;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.secret.Secret;
import dev.mxbridge.core.seal.SecretBox;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.Sql;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.MatrixTransportException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Double puppeting: acting as a Matrix user's real account, so what they do in their native remote client shows up
 * from their own Matrix account. A user's account is reached through, in order: a token they gave with
 * {@code login-matrix} (stored sealed), or a configured secret for their server:
 * <ul>
 *   <li>{@code as_token:<token>}: the token of a second application service whose non-exclusive user namespace
 *       covers real users; the user is asserted with {@code user_id};</li>
 *   <li>any other value: the secret of the homeserver's shared-secret login module (shared-secret-authenticator).
 *       The bridge logs the user in once with {@code com.devture.shared_secret_auth} (falling back to
 *       {@code m.login.password}) and the token {@code hex(HMAC-SHA512(secret, user id))}, and keeps the new access
 *       token sealed like a {@code login-matrix} one. A refused login is retried at most every
 *       {@link #LOGIN_RETRY}. Only users of the bridge's own homeserver can be reached this way.</li>
 * </ul>
 * Events sent this way carry {@link #MARKER}, so the bridge does not bridge them back.
 */
public final class DoublePuppets {
    /** Content key marking events the bridge sent through a double puppet. */
    public static final String MARKER = "dev.mxbridge.double_puppet_source";
    /** How long a refused shared-secret login is not tried again for the same user. */
    public static final Duration LOGIN_RETRY = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(DoublePuppets.class);

    private final Sql sql;
    private final SecretBox box;
    private final MatrixClientConfig base;
    private final Map<String, Secret> secretsByServer;
    private final Cache<String, MatrixClient> clients = Caffeine.newBuilder().maximumSize(10_000)
            .removalListener((String k, MatrixClient c, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                if (c != null) {
                    c.close();
                }
            }).build();
    private final Cache<String, Boolean> refusedLogins = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(LOGIN_RETRY).build();

    public DoublePuppets(Database db, SecretBox box, MatrixClientConfig base, Map<String, Secret> secretsByServer) {
        this.sql = new Sql(db);
        this.box = box;
        this.base = base;
        this.secretsByServer = Map.copyOf(secretsByServer);
    }

    private static String boundTo(String user) {
        return "double-puppet\\0" + user;
    }

    /** Stores a user's own access token (checked by the caller with whoami first). */
    public void put(String user, Secret accessToken) {
        String sealed = box.encrypt(accessToken, boundTo(user));
        sql.inTransaction(c -> {
            Sql.update(c, "DELETE FROM double_puppet WHERE user_id = ?", user);
            Sql.update(c, "INSERT INTO double_puppet (user_id, access_token, created_at) VALUES (?, ?, ?)", user, sealed,
                    System.currentTimeMillis());
            return null;
        });
        clients.invalidate(user);
    }

    /** Forgets a user's token; returns whether there was one. */
    public boolean delete(String user) {
        clients.invalidate(user);
        return sql.update("DELETE FROM double_puppet WHERE user_id = ?", user) > 0;
    }

    /** The user's real account, if the bridge can act as it. */
    public Optional<Intent> intent(String user) {
        MatrixClient client = clients.getIfPresent(user);
        if (client == null) {
            Optional<Secret> token = sql.first("SELECT access_token FROM double_puppet WHERE user_id = ?",
                    rs -> box.decrypt(rs.getString(1), boundTo(user)), user)
                    .or(() -> tokenFromSecret(new UserId(user)));
            if (token.isEmpty()) {
                return Optional.empty();
            }
            client = clientFor(user, token.get());
            clients.put(user, client);
        }
        return Optional.of(client.bot());
    }

    /** A client acting as {@code user} with {@code token}: its "bot" is that user. */
    public MatrixClient clientFor(String user, Secret token) {
        UserId id = new UserId(user);
        return MatrixClient.create(new MatrixClientConfig(base.homeserver(), token.reveal(), id.server(), id,
                base.connectTimeout(), base.requestTimeout(), base.longRequestTimeout(), base.retry()));
    }

    private Optional<Secret> tokenFromSecret(UserId user) {
        Secret secret = secretsByServer.get(user.server());
        if (secret == null) {
            return Optional.empty();
        }
        String value = secret.reveal();
        if (value.startsWith("as_token:")) {
            return Optional.of(Secret.of(value.substring("as_token:".length())));
        }
        if (!user.server().equals(base.serverName()) || refusedLogins.getIfPresent(user.value()) != null) {
            return Optional.empty();
        }
        try {
            Secret token = SharedSecretLogin.login(base, user, secret).accessToken();
            put(user.value(), token);
            return Optional.of(token);
        } catch (MatrixException | MatrixTransportException e) {
            refusedLogins.put(user.value(), true);
            LOG.warn("Double puppeting {} by shared secret failed, not retried for {}: {}", user, LOGIN_RETRY,
                    e.getMessage());
            return Optional.empty();
        }
    }
}
