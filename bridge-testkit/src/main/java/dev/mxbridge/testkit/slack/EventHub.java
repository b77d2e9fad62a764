package dev.mxbridge.testkit.slack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Wraps events into Slack's {@code event_callback} payloads and hands them to the app's one delivery route: Socket
 * Mode by default, the Events API over HTTP once a request URL is set - as a Slack app receives events one way or
 * the other, never both. Keeps every payload it published for tests to read.
 *
 * <p>Threading: {@link #publish} is called under the {@link Workspace} monitor and only enqueues.
 */
final class EventHub {
    private final SlackApp app;
    private final String teamId;
    private final Ids ids;
    private final FakeSocketMode socketMode;
    private final FakeEventsApi eventsApi;
    private final List<JsonNode> published = new CopyOnWriteArrayList<>();

    EventHub(SlackApp app, String teamId, Ids ids, FakeSocketMode socketMode, FakeEventsApi eventsApi) {
        this.app = app;
        this.teamId = teamId;
        this.ids = ids;
        this.socketMode = socketMode;
        this.eventsApi = eventsApi;
    }

    void publish(ObjectNode event, String authorizedUser, boolean isBot) {
        ObjectNode payload = Json.object().put("token", app.verificationToken()).put("team_id", teamId)
                .put("context_team_id", teamId).putNull("context_enterprise_id").put("api_app_id", app.appId());
        payload.set("event", event);
        String eventId = ids.next("Ev");
        payload.put("type", "event_callback").put("event_id", eventId)
                .put("event_time", Instant.now().getEpochSecond());
        payload.putArray("authorizations").addObject().putNull("enterprise_id").put("team_id", teamId)
                .put("user_id", authorizedUser).put("is_bot", isBot).put("is_enterprise_install", false);
        payload.put("is_ext_shared_channel", false).put("event_context", "4-" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"id\":\"" + eventId + "\",\"team\":\"" + teamId + "\"}").getBytes(StandardCharsets.UTF_8)));
        published.add(payload);
        if (eventsApi.requestUrl().isPresent()) {
            eventsApi.deliver(payload);
        } else {
            socketMode.deliver(payload);
        }
    }

    List<JsonNode> published() {
        return List.copyOf(published);
    }
}
