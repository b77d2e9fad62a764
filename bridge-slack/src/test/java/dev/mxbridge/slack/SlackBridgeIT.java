package dev.mxbridge.slack;

import static dev.mxbridge.slack.SlackItSupport.alias;
import static dev.mxbridge.slack.SlackItSupport.await;
import static dev.mxbridge.slack.SlackItSupport.body;
import static dev.mxbridge.slack.SlackItSupport.ghost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.ApiCall;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackMessage;
import dev.mxbridge.testkit.slack.SlackUser;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The Slack bridge end to end over Socket Mode: the real SDK against the fake Slack, and a real Synapse. */
class SlackBridgeIT {
    static final Path DIR = SlackItSupport.dir("slack-bridge");

    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, "max_file_size: 1024");

    static TestUser alice;
    static SlackUser kim;

    @BeforeAll
    static void start() {
        slack.postMessageInterval(java.time.Duration.ZERO);
        kim = slack.addUser("kim", "Kim Slacker");
        alice = hs.registerUser();
        alice.setDisplayName("Alice M");
    }

    /** A channel with kim and the bot, and alice in its portal. */
    private static String portal(String channel) {
        slack.addChannel(channel, kim, slack.botUser());
        return alice.join(alias(channel));
    }

    private static SlackChannel channel(String name) {
        return slack.channels().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static Optional<SlackMessage> slackMessage(String channel, String text) {
        return slack.messages(channel(channel)).stream().filter(m -> m.text().equals(text)).findFirst();
    }

    @Test
    void joiningTheAliasCreatesAPortalNamedAfterTheChannelWithItsTopic() {
        SlackChannel c = slack.addChannel("lobby", kim, slack.botUser());
        slack.setTopic(kim, c, "all about the lobby");
        String room = alice.join(alias("lobby"));

        assertThat(alice.state(room, "m.room.name", "")).hasValueSatisfying(n ->
                assertThat(n.path("name").asString()).isEqualTo("#lobby"));
        assertThat(alice.state(room, "m.room.topic", "")).hasValueSatisfying(t ->
                assertThat(t.path("topic").asString()).isEqualTo("all about the lobby"));
    }

    @Test
    void aChannelTheBotIsNotInHasNoPortal() {
        var club = slack.addChannel("private-club", kim);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alice.join(alias("private-club")))
                .hasMessageContaining("404");
        assertThat(it.bridge().links().portalOf(new dev.mxbridge.core.network.RemoteRoomId(slack.teamId() + "/" + club.id())))
                .as("nothing created").isEmpty();
    }

    @Test
    void aSlackMessageArrivesFromTheGhostWithNameAvatarAndFormatting() {
        String room = portal("talk");
        slack.post(kim, channel("talk"), "hello *world* from <@" + kim.id() + "> :wave:");

        JsonNode message = alice.awaitEvent(room, e -> e.path("sender").asString().equals(ghost(kim.id()))
                && e.path("type").asString().equals("m.room.message"), SlackItSupport.WAIT);
        assertThat(message.path("content").path("body").asString()).isEqualTo("hello world from " + kim.displayName() + " 👋");
        assertThat(message.path("content").path("formatted_body").asString()).contains("<strong>world</strong>");
        assertThat(alice.profile(ghost(kim.id())).displayName()).contains(kim.displayName());
        await("the ghost's avatar", () -> alice.profile(ghost(kim.id())).avatarUrl().filter(a -> a.startsWith("mxc://")).isPresent());
    }

    @Test
    void aMatrixMessageIsPostedUnderTheSendersOwnName() {
        String room = portal("virtual");
        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "hi **there**",
                "format", "org.matrix.custom.html", "formatted_body", "hi <strong>there</strong>"));

        // the fake records a call after it has stored the message: wait for the record itself
        await("the post", () -> postOf("hi *there*").isPresent());
        assertThat(slackMessage("virtual", "hi *there*")).isPresent();
        ApiCall post = postOf("hi *there*").orElseThrow();
        assertThat(post.arg("username")).contains("Alice M");
        assertThat(alice.messages(room, 50)).filteredOn(e -> e.path("content").path("body").asString().contains("there"))
                .as("the bot's own post is not bridged back").hasSize(1);
    }

    @Test
    void threadsGoBothWaysAndBroadcastRepliesShowInTheRoomToo() {
        String room = portal("threads");
        SlackMessage root = slack.post(kim, channel("threads"), "thread root");
        JsonNode rootEvent = alice.awaitEvent(room, body("thread root"), SlackItSupport.WAIT);
        slack.reply(kim, root, "in the thread");
        slack.replyAndBroadcast(kim, root, "also to the channel");

        JsonNode reply = alice.awaitEvent(room, body("in the thread"), SlackItSupport.WAIT);
        assertThat(reply.path("content").path("m.relates_to").path("rel_type").asString()).isEqualTo("m.thread");
        assertThat(reply.path("content").path("m.relates_to").path("event_id").asString()).isEqualTo(rootEvent.path("event_id").asString());
        alice.awaitEvent(room, e -> body("also to the channel").test(e) && e.path("content").path("m.relates_to").path("rel_type").asString().equals("m.thread"), SlackItSupport.WAIT);
        alice.awaitEvent(room, e -> body("also to the channel").test(e) && !e.path("content").path("m.relates_to").has("rel_type")
                && e.path("content").path("m.relates_to").path("m.in_reply_to").path("event_id").asString().equals(rootEvent.path("event_id").asString()), SlackItSupport.WAIT);

        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "matrix in thread",
                "m.relates_to", Map.of("rel_type", "m.thread", "event_id", rootEvent.path("event_id").asString(),
                        "is_falling_back", true, "m.in_reply_to", Map.of("event_id", rootEvent.path("event_id").asString()))));
        await("the threaded post", () -> slackMessage("threads", "matrix in thread").flatMap(SlackMessage::threadTs).filter(root.ts()::equals).isPresent());
    }

    @Test
    void editsDeletionsAndReactionsGoBothWays() {
        String room = portal("changes");
        SlackMessage fromSlack = slack.post(kim, channel("changes"), "first version");
        JsonNode event = alice.awaitEvent(room, body("first version"), SlackItSupport.WAIT);
        slack.edit(kim, fromSlack, "second version");
        alice.awaitEvent(room, e -> e.path("content").path("m.new_content").path("body").asString().equals("second version"), SlackItSupport.WAIT);
        slack.react(kim, fromSlack, "thumbsup");
        alice.awaitEvent(room, e -> e.path("type").asString().equals("m.reaction")
                && e.path("content").path("m.relates_to").path("key").asString().equals("👍"), SlackItSupport.WAIT);
        slack.delete(fromSlack);
        await("the redaction", () -> alice.messages(room, 50).stream().anyMatch(e ->
                e.path("event_id").asString().equals(event.path("event_id").asString()) && e.path("content").isEmpty()));

        String mine = alice.sendText(room, "typo here");
        await("the post", () -> slackMessage("changes", "typo here").isPresent());
        SlackMessage posted = slackMessage("changes", "typo here").orElseThrow();
        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "* fixed here",
                "m.new_content", Map.of("msgtype", "m.text", "body", "fixed here"),
                "m.relates_to", Map.of("rel_type", "m.replace", "event_id", mine)));
        await("the edit", () -> slack.message(posted.channel(), posted.ts()).map(SlackMessage::text).filter("fixed here"::equals).isPresent());
        SlackMessage other = slack.post(kim, channel("changes"), "react to me");
        JsonNode target = alice.awaitEvent(room, body("react to me"), SlackItSupport.WAIT);
        alice.sendEvent(room, "m.reaction", Map.of("m.relates_to", Map.of("rel_type", "m.annotation",
                "event_id", target.path("event_id").asString(), "key", "🎉")));
        await("the reaction", () -> slack.message(other.channel(), other.ts()).map(m -> m.reactions().containsKey("tada")).orElse(false));
        alice.redact(room, mine, "");
        await("the deletion", () -> slack.message(posted.channel(), posted.ts()).isEmpty());
    }

    @Test
    void filesGoBothWays() {
        String room = portal("files");
        byte[] picture = java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
        slack.shareFile(kim, channel("files"), "dot.png", picture, "a dot");
        JsonNode image = alice.awaitEvent(room, e -> e.path("content").path("msgtype").asString().equals("m.image"), SlackItSupport.WAIT);
        assertThat(image.path("content").path("url").asString()).startsWith("mxc://");
        assertThat(image.path("content").path("body").asString()).isEqualTo("dot.png");
        alice.awaitEvent(room, body(ghost(kim.id()), "a dot"), SlackItSupport.WAIT);

        String mxc = alice.upload("from matrix".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain", "notes.txt");
        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.file", "body", "notes.txt", "url", mxc,
                "info", Map.of("mimetype", "text/plain", "size", 11)));
        await("the shared file", () -> slack.messages(channel("files")).stream().anyMatch(m -> !m.fileIds().isEmpty()
                && new String(slack.fileContent(m.fileIds().getFirst()), java.nio.charset.StandardCharsets.UTF_8).equals("from matrix")));
    }

    @Test
    void aSlackFileOverTheLimitArrivesAsANoticeWithItsLink() {
        String room = portal("big-from-slack");
        SlackChannel channel = channel("big-from-slack");

        slack.shareFile(kim, channel, "big.bin", new byte[2048], "");

        JsonNode notice = alice.awaitEvent(room, e -> e.path("content").path("body").asString().contains("big.bin"), SlackItSupport.WAIT);
        assertThat(notice.path("content").path("msgtype").asString()).isEqualTo("m.notice");
        assertThat(notice.path("content").path("body").asString())
                .contains("shared big.bin (2 KB), too large to bridge (the limit is 1 KB): http");
        assertThat(notice.path("content").path("url").isMissingNode()).as("no media was uploaded").isTrue();
    }

    @Test
    void aMatrixFileOverTheLimitIsNotDeliveredAndTheSenderIsTold() {
        String room = portal("big-from-matrix");
        SlackChannel channel = channel("big-from-matrix");
        String declared = alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.file", "body", "declared.bin",
                "url", alice.upload(new byte[2048], "application/octet-stream", "declared.bin"),
                "info", Map.of("mimetype", "application/octet-stream", "size", 2048)));
        String undeclared = alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.file", "body", "undeclared.bin",
                "url", alice.upload(new byte[3000], "application/octet-stream", "undeclared.bin")));

        JsonNode first = notDelivered(room, declared);
        assertThat(first.path("content").path("body").asString())
                .isEqualTo("Not delivered to Slack: declared.bin is 2 KB, more than the bridge copies to Slack (1 KB)");
        JsonNode second = notDelivered(room, undeclared);
        assertThat(second.path("content").path("body").asString()).contains("undeclared.bin is 3 KB");
        assertThat(slack.calls("files.getUploadURLExternal")).extracting(c -> c.args().get("filename"))
                .as("nothing was uploaded").doesNotContain("declared.bin", "undeclared.bin");
        assertThat(slack.messages(channel)).isEmpty();
    }

    private static Optional<ApiCall> postOf(String text) {
        return slack.calls("chat.postMessage").stream().filter(c -> c.arg("text").orElse("").equals(text)).findFirst();
    }

    private static void awaitTopic(String room, String topic) {
        alice.awaitEvent(room, e -> e.path("type").asString().equals("m.room.topic")
                && e.path("content").path("topic").asString().equals(topic), SlackItSupport.WAIT);
    }

    private static JsonNode notDelivered(String room, String event) {
        return alice.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("Not delivered")
                && e.path("content").path("m.relates_to").path("m.in_reply_to").path("event_id").asString().equals(event), SlackItSupport.WAIT);
    }

    @Test
    void renamesTopicsAndArchivingReachThePortal() {
        String room = portal("renamed");
        SlackChannel c = channel("renamed");
        slack.rename(kim, c, "renamed-again");
        alice.awaitEvent(room, e -> e.path("type").asString().equals("m.room.name")
                && e.path("content").path("name").asString().equals("#renamed-again"), SlackItSupport.WAIT);
        slack.setTopic(kim, c, "a new topic");
        awaitTopic(room, "a new topic");
        slack.archive(kim, c);
        JsonNode notice = alice.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("archived this channel"), SlackItSupport.WAIT);
        assertThat(notice.path("content").path("msgtype").asString()).isEqualTo("m.notice");
    }

    @Test
    void aChannelsPurposeIsTheRoomTopicOnlyWhileTheChannelHasNoTopic() {
        String room = portal("purposed");
        SlackChannel c = channel("purposed");
        slack.setPurpose(kim, c, "what we do here");
        awaitTopic(room, "what we do here");
        slack.setTopic(kim, c, "today's topic");
        awaitTopic(room, "today's topic");

        slack.setPurpose(kim, c, "a new purpose");
        slack.post(kim, c, "after the purpose");
        alice.awaitEvent(room, body(ghost(kim.id()), "after the purpose"), SlackItSupport.WAIT);
        assertThat(alice.state(room, "m.room.topic", "").orElseThrow().path("topic").asString()).isEqualTo("today's topic");
    }

    @Test
    void aNewPortalGetsTheChannelsRecentHistoryInOrderOnce() {
        SlackChannel c = slack.addChannel("history", kim, slack.botUser());
        slack.post(kim, c, "history 1");
        slack.post(kim, c, "history 2");
        slack.post(kim, c, "history 3");
        String room = alice.join(alias("history"));

        alice.awaitEvent(room, body("history 3"), SlackItSupport.WAIT);
        slack.post(kim, c, "history marker");
        alice.awaitEvent(room, body("history marker"), SlackItSupport.WAIT);
        assertThat(alice.messages(room, 100)).extracting(e -> e.path("content").path("body").asString(""))
                .filteredOn(b -> b.startsWith("history")).containsExactly("history 1", "history 2", "history 3", "history marker");
        assertThat(slack.calls("conversations.history")).isNotEmpty();
    }

    @Test
    void aProfileChangeRenamesTheGhost() {
        SlackUser lee = slack.addUser("lee", "Lee Before");
        slack.addChannel("profiles", lee, slack.botUser());
        String room = alice.join(alias("profiles"));
        slack.post(lee, channel("profiles"), "before");
        alice.awaitEvent(room, body(ghost(lee.id()), "before"), SlackItSupport.WAIT);

        slack.changeUser(lee, "Lee After", "lee.after", lee.avatarUrl());

        await("the new name", () -> alice.profile(ghost(lee.id())).displayName().filter("lee.after"::equals).isPresent());
    }

    @Test
    void aRoomAdminLinksAndUnlinksAChannel() {
        slack.addChannel("plumbed", kim, slack.botUser());
        String room = alice.createRoom();
        alice.invite(room, "@_slack_bot:localhost");
        await("the bot in the room", () -> alice.joinedMembers(room).containsKey("@_slack_bot:localhost"));
        alice.sendText(room, "!slack link #plumbed");
        alice.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("Linked this room to #plumbed"), SlackItSupport.WAIT);
        slack.post(kim, channel("plumbed"), "into the plumbed room");
        alice.awaitEvent(room, body(ghost(kim.id()), "into the plumbed room"), SlackItSupport.WAIT);

        alice.sendText(room, "!slack unlink");
        alice.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("Unlinked"), SlackItSupport.WAIT);
    }
}
