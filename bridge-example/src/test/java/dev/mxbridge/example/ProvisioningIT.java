package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provisioning API against a real Synapse: users prove who they are with an OpenID token from the homeserver (or
 * a trusted integration manager with the shared secret), and linking, unlinking and logins are checked as the bot
 * commands check them.
 */
class ProvisioningIT {
    static final Path DIR = ItSupport.dir("provisioning");
    static final String SECRET = "integration-manager-secret-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final ExampleChat chat = new ExampleChat();

    static {
        chat.createRoom("general", "General");
        chat.register("carol", "carol-password");
    }

    @RegisterExtension
    static final BridgeUnderTest<Bridge> bridge = BridgeUnderTest.<Bridge>builder("example", DIR, hs)
            .start(setup -> Bridge.builder(ConfigYaml.parse(setup.configYaml().replace("bridge: {",
                            "bridge: {provisioning: {shared_secret: '" + SECRET + "'}, "), setup.dir(), Map.of(), "example"))
                    .network(new ExampleNetwork(chat)).start());

    record Answer(int status, JsonNode body) {
    }

    private static Answer call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port()
                + Bridge.PROVISIONING_PREFIX + "/" + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private static String room(String roomId) {
        return URLEncoder.encode(roomId, StandardCharsets.UTF_8);
    }

    @Test
    void aRoomAdminLinksAndUnlinksWithAnOpenIdTokenAndAMemberWithoutPowerIsRefused() throws Exception {
        TestUser alice = bridge.user("Alice");
        TestUser bob = bridge.user("Bob");
        String room = alice.createRoom();
        alice.invite(room, "@_example_bot:localhost");
        alice.invite(room, bob.userId());
        bob.join(room);
        String aliceToken = alice.openIdToken();

        Answer whoami = call("GET", "whoami", aliceToken, null);
        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.body().path("user_id").asString()).isEqualTo(alice.userId());
        assertThat(whoami.body().path("permission").asString()).isEqualTo("user");

        Answer linked = call("POST", "rooms/" + room(room) + "/links", aliceToken, "{\"remote\": \"general\"}");
        assertThat(linked.status()).as(linked.body().toString()).isEqualTo(200);
        assertThat(linked.body().path("messages").get(0).asString()).startsWith("Linked this room to General");
        assertThat(call("GET", "rooms/" + room(room) + "/links", aliceToken, null).body().path("links").get(0).asString())
                .isEqualTo("general");

        Answer refused = call("DELETE", "rooms/" + room(room) + "/links/general", bob.openIdToken(), null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("errcode").asString()).isEqualTo("M_FORBIDDEN");
        assertThat(refused.body().path("error").asString()).contains("power level 50");

        Answer unlinked = call("DELETE", "rooms/" + room(room) + "/links/general", aliceToken, null);
        assertThat(unlinked.status()).as(unlinked.body().toString()).isEqualTo(200);
        assertThat(call("GET", "rooms/" + room(room) + "/links", aliceToken, null).body().path("links")).isEmpty();
    }

    @Test
    void forgedMissingAndForeignTokensAreRefused() throws Exception {
        assertThat(call("GET", "whoami", null, null).body().path("errcode").asString()).isEqualTo("M_MISSING_TOKEN");
        Answer forged = call("GET", "whoami", "forged-token-of-nobody", null);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body().path("errcode").asString()).isEqualTo("M_UNKNOWN_TOKEN");
        TestUser dave = bridge.user("Dave");
        Answer accessTokenInstead = call("GET", "whoami", dave.accessToken(), null);
        assertThat(accessTokenInstead.status()).as("an access token is not an OpenID token").isEqualTo(401);
        Answer wrongSecret = call("GET", "whoami?user_id=" + room(dave.userId()), SECRET + "x", null);
        assertThat(wrongSecret.status()).isEqualTo(401);
    }

    @Test
    void anOpenIdTokenSynapseNoLongerHonoursIsRefusedSayingItMayHaveExpired() throws Exception {
        TestUser frank = bridge.user("Frank");
        String fresh = frank.openIdToken();
        String aged = frank.openIdToken();
        OpenIdExpiry.expire(hs, aged);

        Answer expired = call("GET", "whoami", aged, null);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body().path("errcode").asString()).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(expired.body().path("error").asString()).contains("has expired", "Request a new one");
        assertThat(call("GET", "whoami", fresh, null).body().path("user_id").asString())
                .as("the same user's token that has not expired").isEqualTo(frank.userId());
    }

    @Test
    void aTrustedIntegrationManagerActsForTheUserItNamesAndLogsThemInStepByStep() throws Exception {
        TestUser erin = bridge.user("Erin");
        String asErin = "?user_id=" + room(erin.userId());
        assertThat(call("GET", "whoami" + asErin, SECRET, null).body().path("user_id").asString()).isEqualTo(erin.userId());

        Answer started = call("POST", "login" + asErin, SECRET, "{}");
        assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
        assertThat(started.body().path("messages").toString()).contains("Username?");
        assertThat(call("POST", "login/answer" + asErin, SECRET, "{\"text\": \"carol\"}").body().path("messages").toString())
                .contains("Password?");
        Answer done = call("POST", "login/answer" + asErin, SECRET, "{\"text\": \"carol-password\"}");
        assertThat(done.body().path("messages").toString()).contains("Logged in as carol");
        assertThat(call("GET", "whoami" + asErin, SECRET, null).body().path("logins").get(0).path("login_id").asString())
                .isEqualTo("carol");

        Answer out = call("POST", "logout" + asErin, SECRET, "{}");
        assertThat(out.status()).as(out.body().toString()).isEqualTo(200);
        assertThat(call("GET", "whoami" + asErin, SECRET, null).body().path("logins")).isEmpty();
        assertThat(call("POST", "login/answer" + asErin, SECRET, "{\"text\": \"x\"}").body().path("errcode").asString())
                .isEqualTo("M_BAD_STATE");
    }
}
