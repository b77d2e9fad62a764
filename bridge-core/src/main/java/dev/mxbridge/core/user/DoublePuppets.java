package dev.mxbridge.core.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixClientConfig;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.secret.Secret;
import dev.mxbridge.core.secret.SecretBox;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.Sql;
import java.util.Map;
import java.util.Optional;

/**
 * Double puppeting: acting as a Matrix user's real account, so what they do in their native remote client shows up
 * from their own Matrix account. A user's account is reached through, in order: a token they gave with
 * {@code login-matrix} (stored sealed), or a configured secret for their server — {@code as_token:<token>} of a
 * second application service whose non-exclusive user namespace covers real users (the token is asserted with
 * {@code user_id}). Events sent this way carry {@link #MARKER}, so the bridge does not bridge them back.
 */
public final class DoublePuppets {
    /** Content key marking events the bridge sent through a double puppet. */
    public static final String MARKER = "dev.mxbridge.double_puppet_source";

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
                    .or(() -> asTokenFor(new UserId(user)));
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

    private Optional<Secret> asTokenFor(UserId user) {
        Secret secret = secretsByServer.get(user.server());
        if (secret == null || !secret.reveal().startsWith("as_token:")) {
            return Optional.empty();
        }
        return Optional.of(Secret.of(secret.reveal().substring("as_token:".length())));
    }
}
