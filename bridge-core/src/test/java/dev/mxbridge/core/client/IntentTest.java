package dev.mxbridge.core.client;

import static dev.mxbridge.core.client.Fixtures.BOT;
import static dev.mxbridge.core.client.Fixtures.GHOST;
import static dev.mxbridge.core.client.Fixtures.SERVER;
import static dev.mxbridge.core.client.Fixtures.TOKEN;
import static dev.mxbridge.core.client.FakeResponse.error;
import static dev.mxbridge.core.client.FakeResponse.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.client.FakeHomeserver.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What each Intent call puts on the wire and makes of the answer. */
class IntentTest {

    private static final RoomId ROOM = new RoomId("!room:example.org");

    private FakeHomeserver hs;
    private MatrixClient client;
    private Intent ghost;

    @BeforeEach
    void start() {
        hs = FakeHomeserver.start();
        client = MatrixClient.create(Fixtures.config(hs.uri()));
        ghost = client.intent(GHOST);
    }

    @AfterEach
    void stop() {
        client.close();
        hs.close();
    }

    private static ObjectNode text(String body) {
        return JsonNodeFactory.instance.objectNode().put("msgtype", "m.text").put("body", body);
    }

    @Test
    void everyCallCarriesTheAsTokenAndAssertsTheActingUser() {
        hs.enqueue(ok("{\"user_id\":\"@_irc_alice:example.org\",\"device_id\":\"DEV\"}"), ok("{\"user_id\":\"@bridgebot:example.org\"}"));

        Whoami whoami = ghost.whoami();
        client.bot().whoami();

        RecordedRequest first = hs.takeRequest();
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/_matrix/client/v3/account/whoami");
        assertThat(first.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(first.queryParam("user_id")).isEqualTo(GHOST.value());
        assertThat(hs.takeRequest().queryParam("user_id")).isEqualTo(BOT.value());
        assertThat(whoami).isEqualTo(new Whoami(GHOST, Optional.of("DEV"), false));
    }

    @Test
    void sendingWithTheSameKeyReusesTheTransactionIdAndOtherUsersGetOtherIds() {
        hs.enqueue(ok("{\"event_id\":\"$e1\"}"), ok("{\"event_id\":\"$e1\"}"), ok("{\"event_id\":\"$e2\"}"));

        EventId first = ghost.sendEvent(ROOM, "m.room.message", text("hi"), "irc:msg-42");
        ghost.sendEvent(ROOM, "m.room.message", text("hi"), "irc:msg-42");
        client.bot().sendEvent(ROOM, "m.room.message", text("hi"), "irc:msg-42");

        RecordedRequest a = hs.takeRequest();
        RecordedRequest b = hs.takeRequest();
        RecordedRequest c = hs.takeRequest();
        assertThat(first).isEqualTo(new EventId("$e1"));
        assertThat(a.method()).isEqualTo("PUT");
        assertThat(a.path()).startsWith("/_matrix/client/v3/rooms/%21room%3Aexample.org/send/m.room.message/mxb");
        assertThat(b.path()).isEqualTo(a.path());
        assertThat(c.path()).isNotEqualTo(a.path());
        assertThat(a.json().path("body").stringValue()).isEqualTo("hi");
        assertThat(a.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void timestampIsSentAsTsOnEventsAndStateOnlyWhenAsked() {
        hs.enqueue(ok("{\"event_id\":\"$e\"}"), ok("{\"event_id\":\"$s\"}"), ok("{\"event_id\":\"$p\"}"));
        Instant at = Instant.ofEpochMilli(1_700_000_000_123L);

        ghost.withTimestamp(at).sendEvent(ROOM, "m.room.message", text("old"), "k");
        ghost.withTimestamp(at).sendState(ROOM, "m.room.topic", "", JsonNodeFactory.instance.objectNode());
        ghost.sendEvent(ROOM, "m.room.message", text("now"), "k2");

        assertThat(hs.takeRequest().queryParam("ts")).isEqualTo("1700000000123");
        assertThat(hs.takeRequest().queryParam("ts")).isEqualTo("1700000000123");
        assertThat(hs.takeRequest().query()).doesNotContainKey("ts");
    }

    @Test
    void oddIdsTypesAndStateKeysArePercentEncodedIntoSingleSegments() {
        hs.enqueue(ok("{\"event_id\":\"$1\"}"), ok("{\"event_id\":\"$2\"}"), ok("{\"room_id\":\"!x:y\"}"),
                ok("{}"));
        RoomId odd = new RoomId("!a/b?c#d:ex.org");

        ghost.sendState(odd, "com.example/type x", "@user:ex.org/+", JsonNodeFactory.instance.objectNode());
        ghost.sendState(odd, "m.room.name", "", JsonNodeFactory.instance.objectNode().put("name", "n"));
        ghost.join(new RoomAlias("#chan#1:ex.org"));
        ghost.markRead(odd, new EventId("$ev/+=:x"));

        assertThat(hs.takeRequest().path()).isEqualTo(
                "/_matrix/client/v3/rooms/%21a%2Fb%3Fc%23d%3Aex.org/state/com.example%2Ftype%20x/%40user%3Aex.org%2F%2B");
        assertThat(hs.takeRequest().path()).isEqualTo(
                "/_matrix/client/v3/rooms/%21a%2Fb%3Fc%23d%3Aex.org/state/m.room.name/");
        assertThat(hs.takeRequest().path()).isEqualTo("/_matrix/client/v3/join/%23chan%231%3Aex.org");
        assertThat(hs.takeRequest().path()).isEqualTo(
                "/_matrix/client/v3/rooms/%21a%2Fb%3Fc%23d%3Aex.org/receipt/m.read/%24ev%2F%2B%3D%3Ax");
    }

    @Test
    void registerSendsTheApplicationServiceLoginTypeWithoutIdentityAssertion() {
        hs.enqueue(ok("{\"user_id\":\"@_irc_alice:example.org\"}"));

        assertThat(ghost.register()).isTrue();

        RecordedRequest r = hs.takeRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/_matrix/client/v3/register");
        assertThat(r.query()).doesNotContainKey("user_id");
        assertThat(r.json().path("type").stringValue()).isEqualTo("m.login.application_service");
        assertThat(r.json().path("username").stringValue()).isEqualTo("_irc_alice");
        assertThat(r.json().path("inhibit_login").asBoolean()).isTrue();
    }

    @Test
    void registeringAnExistingUserIsNotAnError() {
        hs.enqueue(error(400, "M_USER_IN_USE", "User ID already taken."));

        assertThat(ghost.register()).isFalse();
    }

    @Test
    void errorAnswersBecomeMatrixExceptionsWithErrcodeStatusAndMessage() {
        hs.enqueue(error(403, "M_FORBIDDEN", "You are not invited to this room."));

        assertThatThrownBy(() -> ghost.join(ROOM))
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.errcode()).isEqualTo("M_FORBIDDEN");
                    assertThat(e.error()).isEqualTo("You are not invited to this room.");
                    assertThat(e.isForbidden()).isTrue();
                    assertThat(e.isNotFound()).isFalse();
                    assertThat(e).hasMessageContaining("M_FORBIDDEN").hasMessageContaining("/join/");
                });
        assertThat(hs.requestCount()).isEqualTo(1);
    }

    @Test
    void anErrorBodyThatIsNotMatrixJsonYieldsUnknownWithTheText() {
        hs.enqueue(FakeResponse.raw(400, "text/html", "<h1>Bad Request</h1>".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> ghost.leave(ROOM))
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errcode()).isEqualTo(MatrixException.M_UNKNOWN);
                    assertThat(e.error()).isEqualTo("<h1>Bad Request</h1>");
                });
    }

    @Test
    void createRoomWritesEveryField() {
        hs.enqueue(ok("{\"room_id\":\"!new:example.org\"}"));
        ObjectNode avatar = JsonNodeFactory.instance.objectNode().put("url", "mxc://example.org/abc");
        CreateRoom request = CreateRoom.builder()
                .aliasLocalpart("_irc_#chan")
                .name("#chan")
                .topic("a topic")
                .initialState(StateEvent.of("m.room.avatar", avatar))
                .powerLevelOverride(JsonNodeFactory.instance.objectNode().put("events_default", 0))
                .invite(GHOST)
                .preset(CreateRoom.Preset.PRIVATE_CHAT)
                .isDirect(true)
                .visibility(Visibility.PRIVATE)
                .roomVersion("11")
                .creationContent(JsonNodeFactory.instance.objectNode().put("m.federate", false))
                .build();

        RoomId room = client.bot().createRoom(request);

        JsonNode body = hs.takeRequest().json();
        assertThat(room).isEqualTo(new RoomId("!new:example.org"));
        assertThat(body.path("room_alias_name").stringValue()).isEqualTo("_irc_#chan");
        assertThat(body.path("name").stringValue()).isEqualTo("#chan");
        assertThat(body.path("topic").stringValue()).isEqualTo("a topic");
        assertThat(body.path("initial_state").get(0).path("type").stringValue()).isEqualTo("m.room.avatar");
        assertThat(body.path("initial_state").get(0).path("state_key").stringValue()).isEmpty();
        assertThat(body.path("initial_state").get(0).path("content")).isEqualTo(avatar);
        assertThat(body.path("power_level_content_override").path("events_default").asInt()).isZero();
        assertThat(body.path("invite").get(0).stringValue()).isEqualTo(GHOST.value());
        assertThat(body.path("preset").stringValue()).isEqualTo("private_chat");
        assertThat(body.path("is_direct").asBoolean()).isTrue();
        assertThat(body.path("visibility").stringValue()).isEqualTo("private");
        assertThat(body.path("room_version").stringValue()).isEqualTo("11");
        assertThat(body.path("creation_content").path("m.federate").asBoolean(true)).isFalse();
    }

    @Test
    void createRoomLeavesOutUnsetFields() {
        hs.enqueue(ok("{\"room_id\":\"!new:example.org\"}"));

        client.bot().createRoom(CreateRoom.builder().build());

        assertThat(hs.takeRequest().json().isEmpty()).isTrue();
    }

    @Test
    void joinPassesServersAsViaAndServerName() {
        hs.enqueue(ok("{\"room_id\":\"!room:example.org\"}"));

        RoomId joined = ghost.join(ROOM, List.of("a.org", "b.org"));

        RecordedRequest r = hs.takeRequest();
        assertThat(joined).isEqualTo(ROOM);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.query().get("via")).containsExactly("a.org", "b.org");
        assertThat(r.query().get("server_name")).containsExactly("a.org", "b.org");
    }

    @Test
    void membershipCallsNameTheTargetAndAReasonOnlyWhenGiven() {
        hs.enqueue(ok("{}"), ok("{}"), ok("{}"), ok("{}"), ok("{}"));

        client.bot().invite(ROOM, GHOST);
        client.bot().kick(ROOM, GHOST, "flood");
        client.bot().ban(ROOM, GHOST, " ");
        client.bot().unban(ROOM, GHOST);
        ghost.leave(ROOM);

        RecordedRequest invite = hs.takeRequest();
        RecordedRequest kick = hs.takeRequest();
        RecordedRequest ban = hs.takeRequest();
        RecordedRequest unban = hs.takeRequest();
        RecordedRequest leave = hs.takeRequest();
        assertThat(invite.path()).endsWith("/invite");
        assertThat(invite.json().path("user_id").stringValue()).isEqualTo(GHOST.value());
        assertThat(kick.path()).endsWith("/kick");
        assertThat(kick.json().path("reason").stringValue()).isEqualTo("flood");
        assertThat(ban.path()).endsWith("/ban");
        assertThat(ban.json().has("reason")).isFalse();
        assertThat(unban.path()).endsWith("/unban");
        assertThat(leave.path()).isEqualTo("/_matrix/client/v3/rooms/%21room%3Aexample.org/leave");
    }

    @Test
    void reactionIsAnAnnotationOfTheTarget() {
        hs.enqueue(ok("{\"event_id\":\"$r\"}"));

        ghost.react(ROOM, new EventId("$target"), "👍", "irc:react-1");

        RecordedRequest r = hs.takeRequest();
        assertThat(r.path()).contains("/send/m.reaction/mxb");
        JsonNode relation = r.json().path("m.relates_to");
        assertThat(relation.path("rel_type").stringValue()).isEqualTo("m.annotation");
        assertThat(relation.path("event_id").stringValue()).isEqualTo("$target");
        assertThat(relation.path("key").stringValue()).isEqualTo("👍");
    }

    @Test
    void redactionIsAPutWithADeterministicTransactionIdAndReason() {
        hs.enqueue(ok("{\"event_id\":\"$red\"}"), ok("{\"event_id\":\"$red\"}"));

        ghost.redact(ROOM, new EventId("$msg"), "deleted on IRC", "irc:del-7");
        ghost.redact(ROOM, new EventId("$msg"), "deleted on IRC", "irc:del-7");

        RecordedRequest first = hs.takeRequest();
        assertThat(first.method()).isEqualTo("PUT");
        assertThat(first.path()).startsWith("/_matrix/client/v3/rooms/%21room%3Aexample.org/redact/%24msg/mxb");
        assertThat(first.json().path("reason").stringValue()).isEqualTo("deleted on IRC");
        assertThat(hs.takeRequest().path()).isEqualTo(first.path());
    }

    @Test
    void typingStartsWithATimeoutAndStopsWithout() {
        hs.enqueue(ok("{}"), ok("{}"));

        ghost.setTyping(ROOM, true, Duration.ofSeconds(30));
        ghost.setTyping(ROOM, false, Duration.ofSeconds(30));

        RecordedRequest start = hs.takeRequest();
        assertThat(start.path()).isEqualTo("/_matrix/client/v3/rooms/%21room%3Aexample.org/typing/%40_irc_alice%3Aexample.org");
        assertThat(start.json().path("typing").asBoolean()).isTrue();
        assertThat(start.json().path("timeout").asLong()).isEqualTo(30_000);
        assertThat(hs.takeRequest().json().has("timeout")).isFalse();
    }

    @Test
    void profileIsReadAndWritten() {
        hs.enqueue(ok("{\"displayname\":\"Alice\",\"avatar_url\":\"mxc://example.org/av\"}"),
                ok("{\"displayname\":\"Bob\",\"avatar_url\":\"https://not-mxc\"}"), ok("{}"), ok("{}"), ok("{}"));

        Profile own = ghost.profile();
        Profile other = ghost.profile(UserId.of("bob", "other.org"));
        ghost.setDisplayName("Alice (IRC)");
        ghost.setAvatarUrl(MxcUri.parse("mxc://example.org/new"));
        ghost.clearAvatarUrl();

        assertThat(own).isEqualTo(new Profile(Optional.of("Alice"), Optional.of(MxcUri.parse("mxc://example.org/av"))));
        assertThat(other).isEqualTo(new Profile(Optional.of("Bob"), Optional.empty()));
        assertThat(hs.takeRequest().path()).isEqualTo("/_matrix/client/v3/profile/%40_irc_alice%3Aexample.org");
        assertThat(hs.takeRequest().path()).isEqualTo("/_matrix/client/v3/profile/%40bob%3Aother.org");
        RecordedRequest name = hs.takeRequest();
        assertThat(name.method()).isEqualTo("PUT");
        assertThat(name.path()).isEqualTo("/_matrix/client/v3/profile/%40_irc_alice%3Aexample.org/displayname");
        assertThat(name.json().path("displayname").stringValue()).isEqualTo("Alice (IRC)");
        assertThat(hs.takeRequest().json().path("avatar_url").stringValue()).isEqualTo("mxc://example.org/new");
        assertThat(hs.takeRequest().json().path("avatar_url").stringValue()).isEmpty();
    }

    @Test
    void stateIsReadWholeOrOneEventAtATimeAndMissingStateIsEmpty() {
        hs.enqueue(ok("[{\"type\":\"m.room.name\",\"state_key\":\"\",\"content\":{\"name\":\"n\"}}]"),
                ok("{\"name\":\"n\"}"), error(404, "M_NOT_FOUND", "Event not found."));

        List<ObjectNode> state = ghost.roomState(ROOM);
        Optional<ObjectNode> name = ghost.stateContent(ROOM, "m.room.name", "");
        Optional<ObjectNode> topic = ghost.stateContent(ROOM, "m.room.topic", "");

        assertThat(state).hasSize(1);
        assertThat(state.getFirst().path("type").stringValue()).isEqualTo("m.room.name");
        assertThat(name).map(n -> n.path("name").stringValue()).contains("n");
        assertThat(topic).isEmpty();
        assertThat(hs.takeRequest().path()).isEqualTo("/_matrix/client/v3/rooms/%21room%3Aexample.org/state");
    }

    @Test
    void joinedMembersCarryTheirRoomProfiles() {
        hs.enqueue(ok("{\"joined\":{\"@a:x.org\":{\"display_name\":\"A\",\"avatar_url\":\"mxc://x.org/a\"},"
                + "\"@b:x.org\":{}}}"));

        Map<UserId, Profile> members = client.bot().joinedMembers(ROOM);

        assertThat(members).containsExactly(
                Map.entry(new UserId("@a:x.org"), new Profile(Optional.of("A"), Optional.of(MxcUri.parse("mxc://x.org/a")))),
                Map.entry(new UserId("@b:x.org"), new Profile(Optional.empty(), Optional.empty())));
    }

    @Test
    void aliasesResolveCreateAndDelete() {
        RoomAlias alias = RoomAlias.of("_irc_#chan", SERVER);
        hs.enqueue(ok("{\"room_id\":\"!room:example.org\",\"servers\":[\"example.org\"]}"),
                error(404, "M_NOT_FOUND", "Room alias not found"),
                ok("{}"), ok("{}"), error(404, "M_NOT_FOUND", "not found"));

        Optional<ResolvedAlias> resolved = client.bot().resolveAlias(alias);
        Optional<ResolvedAlias> missing = client.bot().resolveAlias(RoomAlias.of("nope", SERVER));
        client.bot().createAlias(alias, ROOM);
        boolean deleted = client.bot().deleteAlias(alias);
        boolean deletedAgain = client.bot().deleteAlias(alias);

        assertThat(resolved).contains(new ResolvedAlias(ROOM, List.of("example.org")));
        assertThat(missing).isEmpty();
        assertThat(deleted).isTrue();
        assertThat(deletedAgain).isFalse();
        assertThat(hs.takeRequest().path()).isEqualTo("/_matrix/client/v3/directory/room/%23_irc_%23chan%3Aexample.org");
        hs.takeRequest();
        RecordedRequest create = hs.takeRequest();
        assertThat(create.method()).isEqualTo("PUT");
        assertThat(create.json().path("room_id").stringValue()).isEqualTo(ROOM.value());
        assertThat(hs.takeRequest().method()).isEqualTo("DELETE");
    }

    @Test
    void creatingAnAliasThatAlreadyPointsAtTheRoomSucceeds() {
        RoomAlias alias = RoomAlias.of("_irc_#chan", SERVER);
        hs.enqueue(error(409, "M_UNKNOWN", "Room alias already exists"),
                ok("{\"room_id\":\"!room:example.org\",\"servers\":[]}"),
                error(409, "M_UNKNOWN", "Room alias already exists"),
                ok("{\"room_id\":\"!other:example.org\",\"servers\":[]}"));

        client.bot().createAlias(alias, ROOM);

        assertThatThrownBy(() -> client.bot().createAlias(alias, ROOM))
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void directoryVisibilityIsReadAndWritten() {
        hs.enqueue(ok("{\"visibility\":\"public\"}"), ok("{}"));

        Visibility visibility = client.bot().directoryVisibility(ROOM);
        client.bot().setDirectoryVisibility(ROOM, Visibility.PRIVATE);

        assertThat(visibility).isEqualTo(Visibility.PUBLIC);
        assertThat(hs.takeRequest().path()).isEqualTo("/_matrix/client/v3/directory/list/room/%21room%3Aexample.org");
        RecordedRequest put = hs.takeRequest();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.json().path("visibility").stringValue()).isEqualTo("private");
    }

    @Test
    void mediaIsUploadedWithItsTypeAndNameAndDownloadedWithAuthentication() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0};
        hs.enqueue(ok("{\"content_uri\":\"mxc://example.org/m3d1a\"}"),
                FakeResponse.raw(200, "image/png", png)
                        .withHeader("Content-Disposition", "inline; filename=\"cat pic.png\""));

        MxcUri uri = ghost.upload(png, "image/png", "cat pic.png");
        Media media = ghost.download(uri);

        RecordedRequest upload = hs.takeRequest();
        assertThat(upload.method()).isEqualTo("POST");
        assertThat(upload.path()).isEqualTo("/_matrix/media/v3/upload");
        assertThat(upload.queryParam("filename")).isEqualTo("cat pic.png");
        assertThat(upload.header("Content-Type")).isEqualTo("image/png");
        assertThat(upload.body()).isEqualTo(png);
        assertThat(uri).isEqualTo(new MxcUri("example.org", "m3d1a"));
        RecordedRequest download = hs.takeRequest();
        assertThat(download.path()).isEqualTo("/_matrix/client/v1/media/download/example.org/m3d1a");
        assertThat(download.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(media.content()).isEqualTo(png);
        assertThat(media.contentType()).isEqualTo("image/png");
        assertThat(media.filename()).contains("cat pic.png");
    }

    @Test
    void pingPassesTheTransactionIdAndReturnsTheDuration() {
        hs.enqueue(ok("{\"duration_ms\":123}"));

        Duration took = client.ping("irc-bridge", "ping-1");

        RecordedRequest r = hs.takeRequest();
        assertThat(took).isEqualTo(Duration.ofMillis(123));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/_matrix/client/v1/appservice/irc-bridge/ping");
        assertThat(r.json().path("transaction_id").stringValue()).isEqualTo("ping-1");
    }

    @Test
    void intentsAreOnlyMadeForUsersOfTheConfiguredServer() {
        assertThatThrownBy(() -> client.intent(UserId.of("mallory", "elsewhere.org")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elsewhere.org");
    }
}
