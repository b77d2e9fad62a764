package dev.mxbridge.core.client;

import dev.mxbridge.core.secret.Secret;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The {@link MatrixClient} over the JDK HTTP client. */
final class HttpMatrixClient implements MatrixClient {
    /** How long {@link #answers()} waits: a stopped homeserver must read as down, not as slow. */
    private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(5);

    private final MatrixClientConfig config;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Transport transport;

    HttpMatrixClient(MatrixClientConfig config) {
        this.config = config;
        this.transport = new Transport(config, json);
    }

    @Override
    public MatrixClientConfig config() {
        return config;
    }

    @Override
    public Intent intent(UserId user) {
        if (!user.server().equals(config.serverName())) {
            throw new IllegalArgumentException("user " + user + " is not on server " + config.serverName());
        }
        return new HttpIntent(transport, json, config.serverName(), user, null);
    }

    @Override
    public Intent bot() {
        return intent(config.botUserId());
    }

    @Override
    public boolean answers() {
        Duration timeout = config.requestTimeout().compareTo(ANSWERS_WITHIN) < 0 ? config.requestTimeout() : ANSWERS_WITHIN;
        return transport.once(Call.get("/_matrix/client/versions").anonymous(), timeout) instanceof Transport.Response r
                && r.status() < 500;
    }

    @Override
    public Duration ping(String appserviceId) {
        return ping(json.createObjectNode(), appserviceId);
    }

    @Override
    public Duration ping(String appserviceId, String transactionId) {
        return ping(json.createObjectNode().put("transaction_id", transactionId), appserviceId);
    }

    private Duration ping(ObjectNode body, String appserviceId) {
        Call call = Call.post(Paths.of(Paths.CLIENT_V1 + "/appservice", appserviceId, "ping"))
                .body(json.writeValueAsBytes(body), HttpIntent.JSON)
                .unsafe();
        JsonNode answer = transport.json(call);
        JsonNode ms = answer.path("duration_ms");
        if (!ms.isIntegralNumber()) {
            throw Transport.malformed(call, 200, "answer lacks duration_ms");
        }
        return Duration.ofMillis(ms.asLong());
    }

    @Override
    public Login login(ObjectNode request) {
        Call call = Call.post(Paths.CLIENT_V3 + "/login").body(json.writeValueAsBytes(request), HttpIntent.JSON)
                .anonymous().unsafe();
        JsonNode answer = transport.json(call);
        JsonNode user = answer.path("user_id");
        JsonNode token = answer.path("access_token");
        if (!user.isString() || !token.isString()) {
            throw Transport.malformed(call, 200, "answer lacks user_id or access_token");
        }
        return new Login(new UserId(user.stringValue()), Secret.of(token.stringValue()),
                answer.path("device_id").isString() ? answer.path("device_id").stringValue() : "");
    }

    @Override
    public void close() {
        transport.close();
    }
}
