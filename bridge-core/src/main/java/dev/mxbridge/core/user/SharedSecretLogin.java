package dev.mxbridge.core.user;

import dev.mxbridge.core.client.Login;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixClientConfig;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Logs a local user in through the homeserver's shared-secret login module (shared-secret-authenticator), the way
 * mautrix bridges do: the token is {@code hex(HMAC-SHA512(secret, user id))}, sent as login type
 * {@code com.devture.shared_secret_auth}, or as the password of {@code m.login.password} where the module only
 * offers that.
 */
final class SharedSecretLogin {
    static final String TYPE = "com.devture.shared_secret_auth";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SharedSecretLogin() {
    }

    static Login login(MatrixClientConfig config, UserId user, Secret secret) {
        Secret token = token(secret, user);
        try (MatrixClient client = MatrixClient.create(config)) {
            try {
                return client.login(request(user, TYPE).put("token", token.reveal()));
            } catch (MatrixException e) {
                if (e.status() != 400 && e.status() != 404) {
                    throw e;
                }
                // The module without its own login type (m_login_password_support_enabled only).
                return client.login(request(user, "m.login.password").put("password", token.reveal()));
            }
        }
    }

    /** {@code hex(HMAC-SHA512(secret, user id))}. */
    static Secret token(Secret secret, UserId user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return Secret.of(HexFormat.of().formatHex(mac.doFinal(user.value().getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA512 is not available", e);
        }
    }

    private static ObjectNode request(UserId user, String type) {
        ObjectNode request = JSON.createObjectNode().put("type", type);
        request.putObject("identifier").put("type", "m.id.user").put("user", user.value());
        request.put("initial_device_display_name", "mxbridge double puppet");
        return request;
    }
}
