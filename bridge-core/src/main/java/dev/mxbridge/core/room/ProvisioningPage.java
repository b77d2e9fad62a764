package dev.mxbridge.core.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.network.Logins;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.UserLogin;
import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.core.web.WebResponse;
import dev.mxbridge.core.web.WebRoute;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bridge's web page for a Matrix user, next to the provisioning API ({@code page} under its prefix): their logins
 * (start one step by step, log out) and the bridged rooms they manage, with their links (link, unlink). Plain
 * server-rendered HTML with forms; no JavaScript. A user arrives with {@code ?openid_token=} (from their client or an
 * integration manager), which is checked as the API checks it and exchanged for a session cookie ({@code HttpOnly},
 * {@code SameSite=Strict}, an hour); every form carries the session's token against cross-site requests. Every
 * action runs the bot command of the same name through {@link ProvisioningApi#run}, so it is checked as one.
 */
final class ProvisioningPage {
    private static final String COOKIE = "mxbridge_session";
    private static final int MANAGED_ROOMS_SHOWN = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Parts parts;
    private final ProvisioningApi api;
    private final String prefix;
    private final Cache<String, Session> sessions = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1)).maximumSize(10_000).build();

    /** A signed-in user, with the form token and what the bot said last. */
    private record Session(UserId user, String formToken, List<String> said) {
    }

    /** @param prefix where the page is served, for links and the cookie's path */
    ProvisioningPage(Parts parts, ProvisioningApi api, String prefix) {
        this.parts = parts;
        this.api = api;
        this.prefix = prefix;
    }

    List<WebRoute> routes() {
        return List.of(WebRoute.get("page", this::show), WebRoute.post("page", this::act).maxBody(ProvisioningApi.MAX_BODY_BYTES));
    }

    private WebResponse show(WebRequest request) throws Exception {
        Optional<String> token = request.queryParam("openid_token");
        if (token.isPresent()) {
            Optional<UserId> user;
            try {
                user = api.user(token.get(), request);
            } catch (ProvisioningApi.TooManyLookups e) {
                return page(429, "<p>Too many sign-in links that were not valid came from your address; try again in a minute.</p>");
            }
            if (user.isEmpty()) {
                return page(401, "<p id=\"signin-refused\">That sign-in link has expired or is not valid: its OpenID token "
                        + "lasts an hour from when your client asked for it. Open the page from your Matrix client again.</p>");
            }
            String id = random();
            sessions.put(id, new Session(user.get(), random(), List.of()));
            return new WebResponse(303, "", new byte[0], Map.of("Location", prefix + "/page",
                    "Set-Cookie", COOKIE + "=" + id + "; Path=" + prefix + "; HttpOnly; SameSite=Strict; Max-Age=3600"));
        }
        Optional<Session> session = session(request);
        if (session.isEmpty()) {
            return page(401, "<p>Open this page from your Matrix client or integration manager: it signs you in.</p>");
        }
        return page(200, render(session.get()));
    }

    private WebResponse act(WebRequest request) {
        Optional<Session> found = session(request);
        Map<String, String> form = form(request.bodyText());
        if (found.isEmpty() || !MessageDigest.isEqual(found.get().formToken().getBytes(StandardCharsets.UTF_8),
                form.getOrDefault("form_token", "").getBytes(StandardCharsets.UTF_8))) {
            return page(403, "<p>This form has expired. <a href=\"" + prefix + "/page\">Start again</a>.</p>");
        }
        Session session = found.get();
        UserId user = session.user();
        List<String> said = new ArrayList<>();
        try {
            switch (form.getOrDefault("action", "")) {
                case "login" -> said.addAll(api.run(user, api.privateChat(), true, ("login " + form.getOrDefault("flow", "")).trim()).messages());
                case "answer" -> {
                    if (parts.puppets().isEmpty() || !parts.puppets().get().answer(user.value(), form.getOrDefault("text", ""), said::add)) {
                        said.add("No login in progress.");
                    }
                }
                case "logout" -> said.addAll(api.run(user, api.privateChat(), true, ("logout " + form.getOrDefault("login_id", "")).trim()).messages());
                case "link" -> {
                    RoomId room = ProvisioningApi.roomId(form.getOrDefault("room_id", ""));
                    parts.bot().join(room);
                    said.addAll(api.run(user, room, false, "link " + form.getOrDefault("remote", "")).messages());
                }
                case "unlink" -> said.addAll(api.run(user, ProvisioningApi.roomId(form.getOrDefault("room_id", "")), false,
                        "unlink " + form.getOrDefault("remote", "")).messages());
                default -> said.add("Unknown action.");
            }
        } catch (ProvisioningApi.BadRequest e) {
            said.add(e.getMessage());
        } catch (Exception e) {
            said.add("That did not work: " + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
        }
        sessions.put(cookie(request).orElseThrow(), new Session(user, session.formToken(), List.copyOf(said)));
        return new WebResponse(303, "", new byte[0], Map.of("Location", prefix + "/page"));
    }

    private String render(Session session) {
        UserId user = session.user();
        String network = e(parts.network().info().displayName());
        StringBuilder html = new StringBuilder();
        html.append("<p>Signed in as <b>").append(e(user.value())).append("</b>.</p>\n");
        if (!session.said().isEmpty()) {
            html.append("<div id=\"said\" class=\"said\">");
            session.said().forEach(line -> html.append("<p>").append(e(line)).append("</p>"));
            html.append("</div>\n");
        }
        if (parts.puppets().isPresent()) {
            html.append("<h2>Your ").append(network).append(" logins</h2>\n<ul id=\"logins\">\n");
            for (UserLogin login : parts.puppets().get().logins(user.value())) {
                html.append("<li>").append(e(login.loginId())).append(" (").append(e(login.remoteUser().value())).append(") ")
                        .append(form(session, "logout", Map.of("login_id", login.loginId()), "Log out")).append("</li>\n");
            }
            html.append("</ul>\n");
            html.append(formOpen(session, "login")).append("<label>Log in with <select name=\"flow\">");
            for (Logins.LoginFlow flow : parts.puppets().get().flows()) {
                html.append("<option value=\"").append(e(flow.id())).append("\">").append(e(flow.name())).append("</option>");
            }
            html.append("</select></label> <button type=\"submit\" id=\"login\">Start</button></form>\n");
            boolean secret = parts.puppets().get().expectsSecret(user.value());
            html.append(formOpen(session, "answer")).append("<label>Answer: <input name=\"text\" id=\"answer\" type=\"")
                    .append(secret ? "password" : "text").append("\" autocomplete=\"off\"></label> ")
                    .append("<button type=\"submit\" id=\"send\">Send</button></form>\n");
        }
        html.append("<h2>Rooms you manage</h2>\n<ul id=\"rooms\">\n");
        for (Map.Entry<String, List<RemoteRoomId>> room : managedRooms(user).entrySet()) {
            html.append("<li>").append(e(room.getKey())).append(": ");
            for (RemoteRoomId remote : room.getValue()) {
                html.append(e(remote.value())).append(' ')
                        .append(form(session, "unlink", Map.of("room_id", room.getKey(), "remote", remote.value()), "Unlink"));
            }
            html.append("</li>\n");
        }
        html.append("</ul>\n").append(formOpen(session, "link"))
                .append("<label>Room id <input name=\"room_id\" id=\"room_id\"></label> <label>")
                .append(network).append(" room <input name=\"remote\" id=\"remote\"></label> ")
                .append("<button type=\"submit\" id=\"link\">Link</button></form>\n");
        return html.toString();
    }

    /** Bridged rooms where the user has the power to link and unlink, with their links. */
    private Map<String, List<RemoteRoomId>> managedRooms(UserId user) {
        Set<String> rooms = new LinkedHashSet<>();
        for (RemoteRoomId remote : parts.rooms().linkedRemotes()) {
            rooms.addAll(parts.rooms().roomsFor(remote));
        }
        Map<String, List<RemoteRoomId>> managed = new LinkedHashMap<>();
        for (String room : rooms) {
            if (managed.size() >= MANAGED_ROOMS_SHOWN) {
                break;
            }
            try {
                if (PowerLevels.of(parts.bot(), new RoomId(room), user) >= api.plumbPowerLevel()) {
                    parts.rooms().room(room).ifPresent(r -> managed.put(room, r.remotes()));
                }
            } catch (RuntimeException e) {
                // a room the bot can no longer read is not listed
            }
        }
        return managed;
    }

    private String form(Session session, String action, Map<String, String> fields, String button) {
        StringBuilder html = new StringBuilder(formOpen(session, action));
        fields.forEach((k, v) -> html.append("<input type=\"hidden\" name=\"").append(e(k)).append("\" value=\"")
                .append(e(v)).append("\">"));
        return html.append("<button type=\"submit\">").append(e(button)).append("</button></form>").toString();
    }

    private String formOpen(Session session, String action) {
        return "<form method=\"post\" action=\"" + prefix + "/page\" style=\"display:inline\">"
                + "<input type=\"hidden\" name=\"form_token\" value=\"" + e(session.formToken()) + "\">"
                + "<input type=\"hidden\" name=\"action\" value=\"" + e(action) + "\">";
    }

    private WebResponse page(int status, String body) {
        return WebResponse.html(status, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>"
                + e(parts.network().info().displayName()) + " bridge</title></head><body>\n<h1>"
                + e(parts.network().info().displayName()) + " bridge</h1>\n" + body + "</body></html>\n");
    }

    private Optional<Session> session(WebRequest request) {
        return cookie(request).map(sessions::getIfPresent);
    }

    private static Optional<String> cookie(WebRequest request) {
        for (String part : request.header("cookie").orElse("").split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals(COOKIE)) {
                return Optional.of(kv[1]);
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                form.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String e(String text) {
        return MatrixHtml.escape(text);
    }
}
