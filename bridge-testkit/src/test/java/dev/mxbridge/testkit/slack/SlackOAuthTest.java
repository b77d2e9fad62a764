package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class SlackOAuthTest {
    private static final String CALLBACK = "http://127.0.0.1:9/slack/oauth/callback";

    @RegisterExtension
    static FakeSlack slack = FakeSlack.create();
    static MethodsClient api;
    static SlackUser sam;

    @BeforeAll
    static void setUp() {
        api = Sdk.slack(slack).methods();
        sam = slack.addUser("sam", "Sam Stone");
        slack.oauth().redirectUrls("http://127.0.0.1:9/slack/");
    }

    @Test
    void theAuthorizePageSubmitsToARedirectWithCodeAndStateAndTheCodeBuysAUserTokenOnce() throws Exception {
        String page = Sdk.get(authorizeUrl("state-1")).body();
        Map<String, String> form = formOf(page);
        form.put("user", sam.id());
        form.put("decision", "allow");

        HttpResponse<String> allowed = Sdk.post(slack.authorizeUrl(), "application/x-www-form-urlencoded", encode(form));
        URI callback = URI.create(allowed.headers().firstValue("Location").orElseThrow());
        String code = query(callback).get("code");
        OAuthV2AccessResponse tokens = api.oauthV2Access(r -> r.clientId(slack.app().clientId())
                .clientSecret(slack.app().clientSecret()).code(code).redirectUri(CALLBACK));
        OAuthV2AccessResponse again = api.oauthV2Access(r -> r.clientId(slack.app().clientId())
                .clientSecret(slack.app().clientSecret()).code(code).redirectUri(CALLBACK));

        assertThat(page).contains("Sam Stone").contains("chat:write,users:read").doesNotContain("<script");
        assertThat(allowed.statusCode()).isEqualTo(302);
        assertThat(callback.toString()).startsWith(CALLBACK + "?");
        assertThat(query(callback)).containsEntry("state", "state-1");
        assertThat(tokens.isOk()).isTrue();
        assertThat(tokens.getAuthedUser().getId()).isEqualTo(sam.id());
        assertThat(tokens.getAuthedUser().getAccessToken()).startsWith("xoxp-");
        assertThat(tokens.getAuthedUser().getScope()).contains("chat:write");
        assertThat(Sdk.slack(slack).methods(tokens.getAuthedUser().getAccessToken()).authTest(r -> r).getUserId()).isEqualTo(sam.id());
        assertThat(again.getError()).isEqualTo("code_already_used");
    }

    @Test
    void cancellingRedirectsWithAccessDenied() {
        Map<String, String> form = formOf(Sdk.get(authorizeUrl("state-2")).body());
        form.put("decision", "deny");

        HttpResponse<String> denied = Sdk.post(slack.authorizeUrl(), "application/x-www-form-urlencoded", encode(form));

        Map<String, String> query = query(URI.create(denied.headers().firstValue("Location").orElseThrow()));
        assertThat(query).containsEntry("error", "access_denied").containsEntry("state", "state-2").doesNotContainKey("code");
    }

    @Test
    void theExchangeChecksTheClientSecretAndTheRedirectUri() throws Exception {
        String code = query(slack.oauth().approve(URI.create(authorizeUrl("s")), sam)).get("code");

        OAuthV2AccessResponse badSecret = api.oauthV2Access(r -> r.clientId(slack.app().clientId())
                .clientSecret("wrong").code(code).redirectUri(CALLBACK));
        OAuthV2AccessResponse badRedirect = api.oauthV2Access(r -> r.clientId(slack.app().clientId())
                .clientSecret(slack.app().clientSecret()).code(code).redirectUri("http://127.0.0.1:9/slack/other"));
        OAuthV2AccessResponse badCode = api.oauthV2Access(r -> r.clientId(slack.app().clientId())
                .clientSecret(slack.app().clientSecret()).code("nope").redirectUri(CALLBACK));

        assertThat(badSecret.getError()).isEqualTo("bad_client_secret");
        assertThat(badRedirect.getError()).isEqualTo("bad_redirect_uri");
        assertThat(badCode.getError()).isEqualTo("invalid_code");
    }

    @Test
    void anUnregisteredRedirectUrlOrClientIdGetsAnErrorPage() {
        HttpResponse<String> foreign = Sdk.get(slack.authorizeUrl() + "?client_id=" + slack.app().clientId()
                + "&user_scope=chat:write&redirect_uri=" + URLEncoder.encode("https://evil.example/", StandardCharsets.UTF_8));
        HttpResponse<String> unknown = Sdk.get(slack.authorizeUrl() + "?client_id=1.2&user_scope=chat:write");

        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("bad_redirect_uri");
        assertThat(unknown.body()).contains("invalid_client_id");
    }

    @Test
    void onceAPersonGrantsAUserTokenTheAppHearsTheirConversations() {
        SlackUser tia = slack.addUser("tia");
        SlackChannel dm = slack.dm(sam, tia);
        URI callback = slack.oauth().approve(URI.create(authorizeUrl("s")), sam);
        OAuthV2AccessResponse tokens;
        try {
            tokens = api.oauthV2Access(r -> r.clientId(slack.app().clientId()).clientSecret(slack.app().clientSecret())
                    .code(query(callback).get("code")).redirectUri(CALLBACK));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(tokens.isOk()).isTrue();

        SlackMessage message = slack.post(tia, dm, "hi sam");

        JsonNode payload = slack.events("message").getLast();
        assertThat(payload.path("event").path("ts").asString()).isEqualTo(message.ts());
        assertThat(payload.path("authorizations").get(0).path("user_id").asString()).isEqualTo(sam.id());
        assertThat(payload.path("authorizations").get(0).path("is_bot").asBoolean()).isFalse();
    }

    private static String authorizeUrl(String state) {
        return slack.authorizeUrl() + "?client_id=" + slack.app().clientId() + "&user_scope="
                + URLEncoder.encode("chat:write,users:read", StandardCharsets.UTF_8) + "&redirect_uri="
                + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8) + "&state=" + state;
    }

    /** The hidden inputs of the page's form, as a browser would submit them. */
    private static Map<String, String> formOf(String html) {
        Map<String, String> form = new LinkedHashMap<>();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (hidden.find()) {
            form.put(hidden.group(1), hidden.group(2).replace("&amp;", "&").replace("&quot;", "\""));
        }
        return form;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }
}
