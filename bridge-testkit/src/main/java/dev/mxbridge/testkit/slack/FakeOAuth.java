package dev.mxbridge.testkit.slack;

import io.javalin.http.Context;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack's OAuth v2 flow. {@code GET /oauth/v2/authorize?client_id&scope&user_scope&redirect_uri&state} shows a plain
 * HTML page (no JavaScript) where a workspace member picks who they are and presses Allow or Cancel; Allow redirects
 * to {@code redirect_uri?code=…&state=…}, Cancel to {@code redirect_uri?error=access_denied&state=…}.
 * {@code oauth.v2.access} exchanges a code once, within ten minutes, for the tokens: a user token ({@code xoxp-}) in
 * {@code authed_user} for the user scopes, and a bot token for bot scopes if any were asked for. Client credentials
 * come as HTTP Basic or as {@code client_id}/{@code client_secret} arguments; a {@code redirect_uri} given to authorize
 * must be given again, the same. Redirect URLs may be restricted to registered prefixes, as in an app's settings.
 *
 * <p>Threading: thread-safe; state is guarded by the {@link Workspace} monitor.
 */
public final class FakeOAuth {
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    private final Workspace workspace;
    private final Tokens tokens;
    private final List<String> redirectUrls = new ArrayList<>();
    private final Map<String, Grant> grants = new HashMap<>();
    private Optional<String> signedIn = Optional.empty();

    FakeOAuth(Workspace workspace, Tokens tokens) {
        this.workspace = workspace;
        this.tokens = tokens;
    }

    /** Accepts only redirect URLs starting with one of these (any URL until one is registered). */
    public FakeOAuth redirectUrls(String... prefixes) {
        synchronized (workspace) {
            redirectUrls.clear();
            redirectUrls.addAll(Arrays.asList(prefixes));
        }
        return this;
    }

    /** Offers only this user on the authorize page, as a browser signed in to Slack would. */
    public FakeOAuth signedInAs(SlackUser user) {
        synchronized (workspace) {
            signedIn = Optional.of(user.id());
        }
        return this;
    }

    /**
     * What pressing Allow as {@code user} on the page of this authorize URL does, without a browser: the URL the
     * browser is redirected to, with the code and state.
     */
    public URI approve(URI authorizeUrl, SlackUser user) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : Optional.ofNullable(authorizeUrl.getRawQuery()).orElse("").split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        synchronized (workspace) {
            String redirect = redirectUri(query.get("redirect_uri")).orElseThrow(
                    () -> new IllegalArgumentException("bad_redirect_uri: " + query.get("redirect_uri")));
            return URI.create(grant(query, user.id(), redirect));
        }
    }

    // ---- wiring

    void register(WebApi api) {
        api.registerUnauthenticated("oauth.v2.access", this::access);
    }

    void page(Context ctx) {
        synchronized (workspace) {
            if (!workspace.app.clientId().equals(ctx.queryParam("client_id"))) {
                error(ctx, "invalid_client_id", "This link does not belong to an app installed in this workspace.");
                return;
            }
            Optional<String> redirect = redirectUri(ctx.queryParam("redirect_uri"));
            if (redirect.isEmpty()) {
                error(ctx, "bad_redirect_uri", "The redirect URL is not one this app registered.");
                return;
            }
            List<SlackUser> people = workspace.users().stream().filter(u -> !u.isBot())
                    .filter(u -> signedIn.map(u.id()::equals).orElse(true)).toList();
            ctx.contentType("text/html; charset=utf-8").result(AuthorizePage.render(workspace.teamName, ctx.queryParamMap(), people));
        }
    }

    void decide(Context ctx) {
        Map<String, String> form = new LinkedHashMap<>();
        ctx.formParamMap().forEach((k, v) -> form.put(k, v.getFirst()));
        String location;
        synchronized (workspace) {
            Optional<String> redirect = redirectUri(form.get("redirect_uri"));
            Optional<SlackUser> user = Optional.ofNullable(form.get("user")).flatMap(workspace::user);
            if (redirect.isEmpty() || !workspace.app.clientId().equals(form.get("client_id"))) {
                error(ctx, "bad_redirect_uri", "The redirect URL is not one this app registered.");
                return;
            }
            if (!"allow".equals(form.get("decision")) || user.isEmpty()) {
                location = redirect.get() + separator(redirect.get()) + "error=access_denied&state=" + encode(form.getOrDefault("state", ""));
            } else {
                location = grant(form, user.get().id(), redirect.get());
            }
        }
        ctx.redirect(location);
    }

    private String grant(Map<String, String> request, String user, String redirect) {
        String code = workspace.teamId.substring(1) + "." + UUID.randomUUID().toString().replace("-", "");
        grants.put(code, new Grant(user, scopes(request.get("scope")), scopes(request.get("user_scope")),
                Optional.ofNullable(request.get("redirect_uri")).filter(s -> !s.isEmpty()), Instant.now()));
        return redirect + separator(redirect) + "code=" + encode(code) + "&state=" + encode(request.getOrDefault("state", ""));
    }

    private ObjectNode access(Args args, Optional<String> authorization) {
        String clientId = args.string("client_id").orElse("");
        String clientSecret = args.string("client_secret").orElse("");
        if (authorization.isPresent() && authorization.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(authorization.get().substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new SlackError("invalid_client_id");
            }
            clientId = pair.substring(0, Math.max(0, pair.indexOf(':')));
            clientSecret = pair.substring(pair.indexOf(':') + 1);
        }
        if (!workspace.app.clientId().equals(clientId)) {
            throw new SlackError("invalid_client_id");
        }
        if (!workspace.app.clientSecret().equals(clientSecret)) {
            throw new SlackError("bad_client_secret");
        }
        Grant grant = grants.get(args.string("code").orElse(""));
        if (grant == null || grant.granted.plus(CODE_LIFETIME).isBefore(Instant.now())) {
            throw new SlackError("invalid_code");
        }
        if (grant.used) {
            throw new SlackError("code_already_used");
        }
        if (grant.redirectUri.isPresent() && !grant.redirectUri.equals(args.string("redirect_uri"))) {
            throw new SlackError("bad_redirect_uri");
        }
        grant.used = true;
        ObjectNode answer = Json.ok().put("app_id", workspace.app.appId());
        if (!grant.userScopes.isEmpty()) {
            Token token = tokens.issue(TokenType.USER, grant.user, grant.userScopes);
            answer.putObject("authed_user").put("id", grant.user).put("scope", String.join(",", grant.userScopes))
                    .put("access_token", token.value()).put("token_type", "user");
        } else {
            answer.putObject("authed_user").put("id", grant.user);
        }
        if (!grant.botScopes.isEmpty()) {
            Token bot = tokens.issue(TokenType.BOT, workspace.app.botUserId(), grant.botScopes);
            answer.put("scope", String.join(",", grant.botScopes)).put("token_type", "bot")
                    .put("access_token", bot.value()).put("bot_user_id", workspace.app.botUserId());
        }
        answer.putObject("team").put("id", workspace.teamId).put("name", workspace.teamName);
        return answer.putNull("enterprise").put("is_enterprise_install", false);
    }

    private Optional<String> redirectUri(String given) {
        Optional<String> uri = Optional.ofNullable(given).filter(s -> !s.isEmpty())
                .or(() -> redirectUrls.stream().findFirst());
        return uri.filter(u -> u.startsWith("http://") || u.startsWith("https://"))
                .filter(u -> redirectUrls.isEmpty() || redirectUrls.stream().anyMatch(u::startsWith));
    }

    private static void error(Context ctx, String code, String words) {
        ctx.status(400).contentType("text/html; charset=utf-8").result(AuthorizePage.error(code, words));
    }

    private static Set<String> scopes(String list) {
        return Optional.ofNullable(list).filter(s -> !s.isBlank()).map(s -> Set.of(s.split("\\s*,\\s*"))).orElse(Set.of());
    }

    private static String separator(String url) {
        return url.contains("?") ? "&" : "?";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static final class Grant {
        final String user;
        final Set<String> botScopes;
        final Set<String> userScopes;
        final Optional<String> redirectUri;
        final Instant granted;
        boolean used;

        Grant(String user, Set<String> botScopes, Set<String> userScopes, Optional<String> redirectUri, Instant granted) {
            this.user = user;
            this.botScopes = botScopes;
            this.userScopes = userScopes;
            this.redirectUri = redirectUri;
            this.granted = granted;
        }
    }
}
