package dev.mxbridge.slack;

import dev.mxbridge.core.BridgeException;
import dev.mxbridge.core.config.BridgeConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code check-config}: reads the {@code network:} section and asks Slack whether its tokens work — {@code auth.test}
 * with the bot token, whose answer lists the token's scopes ({@code X-OAuth-Scopes}), and for Socket Mode
 * {@code apps.connections.open} with the app-level token — then names every scope the bridge needs and the bot lacks.
 * Every problem is listed at once; the exit code is 1 if there was one.
 */
final class ConfigCheck {
    /** What the bridge does with the bot token, and the scope each needs (see the manifest in docs/slack.md). */
    static final List<String> BOT_SCOPES = List.of("channels:history", "channels:read", "groups:history", "groups:read",
            "chat:write", "emoji:read", "files:read", "files:write", "reactions:read", "reactions:write", "team:read",
            "users:read");
    /** What the bot needs to answer DMs written to it; without them it stays silent there, and nothing else fails. */
    static final List<String> DM_SCOPES = List.of("im:history", "im:read");

    private final PrintWriter out;
    private final List<String> problems = new ArrayList<>();

    ConfigCheck(PrintWriter out) {
        this.out = out;
    }

    /** Checks and reports; returns the exit code. */
    int run(BridgeConfig config, Map<String, String> env) {
        SlackSettings settings;
        try {
            settings = SlackSettings.parse(config.network(), env);
        } catch (BridgeException e) {
            return done(List.of(e.getMessage()));
        }
        SlackWeb web = new SlackWeb(settings, new TokenWatch(new Notices(), List.of()));
        try {
            var auth = web.call("auth.test", c -> c.authTest(r -> r));
            out.println("ok: the bot token works: bot user " + auth.getUserId() + " in workspace " + auth.getTeam()
                    + " (" + auth.getTeamId() + ")");
            Optional<Set<String>> granted = scopes(auth.getHttpResponseHeaders());
            if (granted.isEmpty()) {
                out.println("warning: Slack did not list the bot token's scopes; they could not be checked");
            } else {
                Set<String> missing = new TreeSet<>(required(settings));
                missing.removeAll(granted.get());
                if (missing.isEmpty()) {
                    out.println("ok: the bot token has every scope the bridge needs");
                } else {
                    problems.add("the bot token lacks the scope(s) " + String.join(", ", missing)
                            + ": add them to the app's bot scopes (OAuth & Permissions) and reinstall the app");
                }
                Set<String> dms = new TreeSet<>(DM_SCOPES);
                dms.removeAll(granted.get());
                if (!dms.isEmpty()) {
                    out.println("warning: the bot token lacks " + String.join(", ", dms)
                            + ": the bot cannot answer Slack users who write to it directly");
                }
            }
        } catch (SlackBridgeException e) {
            problems.add("the bot token does not work: " + e.getMessage());
        }
        if (!settings.clientId().isEmpty()) {
            Set<String> asked = new TreeSet<>(Arrays.stream(settings.userScopes().split(",")).map(String::trim).toList());
            Set<String> missingUser = new TreeSet<>(Arrays.asList(SlackSettings.DEFAULT_USER_SCOPES.split(",")));
            missingUser.removeAll(asked);
            if (!missingUser.isEmpty()) {
                out.println("warning: network.user_scopes leaves out " + String.join(", ", missingUser)
                        + ": logged-in users cannot do what those allow (DMs need im:* and mpim:*)");
            }
        }
        if (settings.mode() == SlackSettings.Mode.SOCKET) {
            try {
                web.slack().issueSocketModeUrl(settings.appToken());
                out.println("ok: the app-level token opens Socket Mode connections");
            } catch (Exception e) {
                problems.add("the app-level token cannot open Socket Mode connections: " + e.getMessage()
                        + " (it needs the scope connections:write, and Socket Mode must be on)");
            }
        }
        return done(problems);
    }

    static Set<String> required(SlackSettings settings) {
        Set<String> scopes = new TreeSet<>(BOT_SCOPES);
        if (settings.virtualUsers()) {
            scopes.add("chat:write.customize");
        }
        if (settings.sync().enabled()) {
            scopes.add("channels:join");
        }
        return scopes;
    }

    /** The scopes in Slack's {@code X-OAuth-Scopes} answer header, if it came. */
    static Optional<Set<String>> scopes(Map<String, List<String>> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream().filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase("x-oauth-scopes"))
                .flatMap(h -> h.getValue().stream()).findFirst()
                .map(v -> new TreeSet<>(Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()));
    }

    private int done(List<String> found) {
        found.forEach(p -> out.println("error: " + p));
        out.println(found.isEmpty() ? "the Slack configuration works" : found.size() + " problem(s)");
        out.flush();
        return found.isEmpty() ? 0 : 1;
    }
}
