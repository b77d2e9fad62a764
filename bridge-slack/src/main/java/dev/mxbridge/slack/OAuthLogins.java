package dev.mxbridge.slack;

import dev.mxbridge.core.network.LoginProcess;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.network.LoginProcess.LoginStep;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.network.UserLogin;
import dev.mxbridge.core.secret.Secret;
import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.core.web.WebResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puppeting logins through Slack's OAuth v2. {@code login} answers with a link to the bridge's own login page
 * ({@code <public_base_url>/_mxbridge/slack/login/<state>}, an unguessable one-use state, on the bridge's listener),
 * which redirects to Slack's authorize page asking for the user scopes; Slack sends the browser back to
 * {@code /_mxbridge/slack/oauth/callback} with a code, which
 * {@code oauth.v2.access} exchanges for the user's token. The pages are plain HTML without JavaScript and say what
 * happened in words; the token goes to the core, which stores it sealed. A login not finished in 10 minutes lapses.
 */
final class OAuthLogins {
    static final String LOGIN_PATH = SlackConnector.WEB_PREFIX + "/login/";
    static final String CALLBACK_PATH = SlackConnector.WEB_PREFIX + "/oauth/callback";
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private final SlackSettings settings;
    private final SlackWeb web;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    OAuthLogins(SlackSettings settings, SlackWeb web) {
        this.settings = settings;
        this.web = web;
    }

    boolean enabled() {
        return settings.publicBaseUrl().isPresent() && !settings.clientId().isEmpty() && !settings.clientSecret().isEmpty();
    }

    private record Pending(String matrixUser, CompletableFuture<UserLogin> done) {
    }

    LoginProcess start(String matrixUser) {
        if (!enabled()) {
            throw new SlackBridgeException("logging in needs network.public_base_url, client_id and client_secret in the bridge's config");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Pending login = new Pending(matrixUser, new CompletableFuture<>());
        pending.put(state, login);
        return new LoginProcess() {
            @Override
            public LoginStep start() {
                return new LoginStep.DisplayAndWait("Open this link, sign in to Slack and allow the app; then come back here.",
                        base() + LOGIN_PATH + state);
            }

            @Override
            public LoginStep submit(Map<String, String> answers) {
                throw new SlackBridgeException("nothing to answer: open the link instead");
            }

            @Override
            public LoginStep await() throws Exception {
                try {
                    UserLogin done = login.done().get(LIFETIME.toMillis(), TimeUnit.MILLISECONDS);
                    return new LoginStep.Done(done, "Logged in to Slack as " + done.loginId() + ".");
                } catch (TimeoutException e) {
                    throw new SlackBridgeException("the link was not used within 10 minutes; say login again");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new SlackBridgeException(e.getCause().getMessage(), e.getCause());
                } finally {
                    pending.remove(state);
                }
            }

            @Override
            public void cancel() {
                pending.remove(state);
                login.done().cancel(false);
            }
        };
    }

    /** {@code GET /_mxbridge/slack/login/<state>}: off to Slack's authorize page. */
    WebResponse loginPage(WebRequest request) {
        if (!enabled()) {
            return WebResponse.empty(404);
        }
        String state = request.pathParams().getOrDefault("state", "");
        if (!pending.containsKey(state)) {
            return page(404, "This login link is not valid (any more). Say <code>login</code> to the bridge bot again.");
        }
        String authorize = settings.authorizeUrl() + "?client_id=" + encode(settings.clientId()) + "&scope="
                + "&user_scope=" + encode(settings.userScopes()) + "&redirect_uri=" + encode(callback())
                + "&state=" + encode(state);
        return new WebResponse(302, "", new byte[0], Map.of("Location", authorize, "Cache-Control", "no-store"));
    }

    /** {@code GET /_mxbridge/slack/oauth/callback?code&state} (or {@code error}): the code becomes the user's token. */
    WebResponse callback(WebRequest request) {
        if (!enabled()) {
            return WebResponse.empty(404);
        }
        Pending login = pending.remove(request.queryParam("state").orElse(""));
        if (login == null) {
            return page(400, "This sign-in is not one the bridge started, or it was already used. Say <code>login</code> to the bridge bot again.");
        }
        Optional<String> error = request.queryParam("error");
        if (error.isPresent()) {
            login.done().completeExceptionally(new SlackBridgeException("Slack sign-in was cancelled (" + error.get() + ")"));
            return page(200, "You did not allow the app, so you are not logged in. You can close this page.");
        }
        try {
            var answer = SlackWeb.call("oauth.v2.access", web.anonymous(), c -> c.oauthV2Access(r -> r
                    .clientId(settings.clientId()).clientSecret(settings.clientSecret())
                    .code(request.queryParam("code").orElse("")).redirectUri(callback())));
            var user = answer.getAuthedUser();
            String name = Optional.ofNullable(user.getId()).orElse("");
            login.done().complete(new UserLogin(login.matrixUser(), name, new RemoteUserId(user.getId()),
                    Secret.of(user.getAccessToken())));
            return page(200, "You are logged in to Slack as " + MatrixHtml.escape(name) + ". You can close this page and go back to Matrix.");
        } catch (SlackBridgeException e) {
            login.done().completeExceptionally(e);
            return page(502, "Slack did not complete the sign-in: " + MatrixHtml.escape(e.getMessage()) + ". Say <code>login</code> to the bridge bot to try again.");
        }
    }

    private String base() {
        return settings.publicBaseUrl().orElseThrow().toString().replaceAll("/+$", "");
    }

    private String callback() {
        return base() + CALLBACK_PATH;
    }

    private static WebResponse page(int status, String sentence) {
        byte[] html = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Slack bridge</title></head><body><p>"
                + sentence + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        return new WebResponse(status, "text/html; charset=utf-8", html, Map.of("Cache-Control", "no-store"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
