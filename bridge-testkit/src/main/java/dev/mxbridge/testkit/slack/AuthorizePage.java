package dev.mxbridge.testkit.slack;

import java.util.List;
import java.util.Map;

/** The HTML of the fake's OAuth authorize page: a form that works without JavaScript. */
final class AuthorizePage {
    private static final List<String> CARRIED = List.of("client_id", "scope", "user_scope", "redirect_uri", "state");

    private AuthorizePage() {
    }

    static String render(String teamName, Map<String, List<String>> query, List<SlackUser> people) {
        StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>Authorize app | " + escape(teamName) + "</title></head><body>\n"
                + "<h1>An app asks to act in " + escape(teamName) + "</h1>\n");
        String userScope = first(query, "user_scope");
        String scope = first(query, "scope");
        if (!userScope.isEmpty()) {
            html.append("<p>On your behalf it wants: <code id=\"user-scopes\">").append(escape(userScope)).append("</code></p>\n");
        }
        if (!scope.isEmpty()) {
            html.append("<p>As a bot it wants: <code id=\"bot-scopes\">").append(escape(scope)).append("</code></p>\n");
        }
        html.append("<form method=\"post\" action=\"/oauth/v2/authorize\">\n");
        for (String name : CARRIED) {
            html.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                    .append(escape(first(query, name))).append("\">\n");
        }
        html.append("<fieldset><legend>Signed in as</legend>\n");
        for (int i = 0; i < people.size(); i++) {
            SlackUser u = people.get(i);
            html.append("<label><input type=\"radio\" name=\"user\" value=\"").append(escape(u.id())).append("\"")
                    .append(i == 0 ? " checked" : "").append("> ").append(escape(u.realName()))
                    .append(" (@").append(escape(u.name())).append(")</label><br>\n");
        }
        html.append("</fieldset>\n<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button>\n"
                + "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Cancel</button>\n</form>\n</body></html>\n");
        return html.toString();
    }

    static String error(String code, String words) {
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Something went wrong</title></head><body>\n"
                + "<h1>Something went wrong</h1>\n<p>" + escape(words) + "</p>\n<p>Error: <code id=\"error\">"
                + escape(code) + "</code></p>\n</body></html>\n";
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
