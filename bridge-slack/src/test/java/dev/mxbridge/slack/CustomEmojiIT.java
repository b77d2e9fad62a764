package dev.mxbridge.slack;

import static dev.mxbridge.slack.SlackItSupport.await;
import static dev.mxbridge.slack.SlackItSupport.ghost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackMessage;
import dev.mxbridge.testkit.slack.SlackUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Custom workspace emoji as reactions both ways ({@code custom_emoji: image}), and reactions taken back both ways. */
class CustomEmojiIT {
    static final Path DIR = SlackItSupport.dir("slack-emoji");

    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, "custom_emoji: image");

    @BeforeAll
    static void start() {
        slack.postMessageInterval(Duration.ZERO);
    }

    private static Predicate<JsonNode> reaction(String sender, String eventId) {
        return e -> e.path("type").asString().equals("m.reaction") && e.path("sender").asString().equals(sender)
                && e.path("content").path("m.relates_to").path("event_id").asString().equals(eventId);
    }

    private static List<String> reactors(SlackChannel channel, SlackMessage message, String name) {
        return slack.message(channel.id(), message.ts()).orElseThrow().reactions().getOrDefault(name, List.of());
    }

    @Test
    void aCustomEmojiReactionIsItsImageInMatrixAndItsNameAgainInSlack() {
        SlackUser una = slack.addUser("una");
        SlackChannel channel = slack.addChannel("emoji", una, slack.botUser());
        slack.addEmoji("partyparrot", una.avatarUrl());
        slack.addEmoji("parrot-again", "alias:partyparrot");
        slack.addEmoji("yes", "alias:thumbsup");
        TestUser ann = hs.registerUser();
        String room = ann.join(SlackItSupport.alias("emoji"));
        SlackMessage message = slack.post(una, channel, "react here");
        String event = ann.awaitEvent(room, SlackItSupport.body("react here"), SlackItSupport.WAIT).path("event_id").asString();

        slack.react(una, message, "partyparrot");
        slack.react(una, message, "yes");

        String parrot = ann.awaitEvent(room, reaction(ghost(una.id()), event).and(e -> e.path("content")
                .path("m.relates_to").path("key").asString().startsWith("mxc://localhost/")), SlackItSupport.WAIT)
                .path("content").path("m.relates_to").path("key").asString();
        ann.awaitEvent(room, reaction(ghost(una.id()), event).and(e -> e.path("content").path("m.relates_to").path("key")
                .asString().equals("👍")), SlackItSupport.WAIT);

        SlackMessage again = slack.post(una, channel, "and an alias");
        String againEvent = ann.awaitEvent(room, SlackItSupport.body("and an alias"), SlackItSupport.WAIT).path("event_id").asString();
        slack.react(una, again, "parrot-again");
        ann.awaitEvent(room, reaction(ghost(una.id()), againEvent).and(e -> e.path("content").path("m.relates_to").path("key")
                .asString().equals(parrot)), SlackItSupport.WAIT);

        ann.sendEvent(room, "m.reaction", Map.of("m.relates_to", Map.of("rel_type", "m.annotation", "event_id", event, "key", parrot)));

        await("the bot's partyparrot in Slack", () -> reactors(channel, message, "partyparrot").contains(slack.botUser().id()));
    }

    @Test
    void customEmojiInTextAreInlineImagesAndAnAliasOfAStandardOneIsItsUnicode() {
        SlackUser wes = slack.addUser("wes");
        SlackChannel channel = slack.addChannel("emoji-text", wes, slack.botUser());
        slack.addEmoji("blobwave", wes.avatarUrl());
        slack.addEmoji("aye", "alias:thumbsup");
        TestUser cal = hs.registerUser();
        String room = cal.join(SlackItSupport.alias("emoji-text"));

        slack.post(wes, channel, "hi :blobwave: and :aye: but :nosuchemoji:");

        JsonNode event = cal.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("hi "), SlackItSupport.WAIT);
        assertThat(event.path("content").path("body").asString()).isEqualTo("hi :blobwave: and 👍 but :nosuchemoji:");
        assertThat(event.path("content").path("formatted_body").asString())
                .containsPattern("<img src=\"mxc://localhost/[^\"]+\" alt=\":blobwave:\" height=\"32\">")
                .contains("and 👍 but :nosuchemoji:");

        cal.sendText(room, "back at you :blobwave:");

        await("the text in Slack", () -> slack.messages(channel).stream().anyMatch(m -> m.text().endsWith("back at you :blobwave:")));
    }

    @Test
    void reactionsTakenBackAreTakenBackOnTheOtherSide() {
        SlackUser vic = slack.addUser("vic");
        SlackChannel channel = slack.addChannel("unreact", vic, slack.botUser());
        TestUser bea = hs.registerUser();
        String room = bea.join(SlackItSupport.alias("unreact"));
        SlackMessage message = slack.post(vic, channel, "changing minds");
        String event = bea.awaitEvent(room, SlackItSupport.body("changing minds"), SlackItSupport.WAIT).path("event_id").asString();
        slack.react(vic, message, "tada");
        String vicsReaction = bea.awaitEvent(room, reaction(ghost(vic.id()), event), SlackItSupport.WAIT).path("event_id").asString();

        slack.unreact(vic, message, "tada");

        bea.awaitEvent(room, e -> e.path("type").asString().equals("m.room.redaction")
                && (e.path("redacts").asString().equals(vicsReaction)
                    || e.path("content").path("redacts").asString().equals(vicsReaction)), SlackItSupport.WAIT);

        String beasReaction = bea.sendEvent(room, "m.reaction", Map.of("m.relates_to", Map.of("rel_type", "m.annotation",
                "event_id", event, "key", "🎉")));
        await("the bot's tada in Slack", () -> reactors(channel, message, "tada").contains(slack.botUser().id()));

        bea.redact(room, beasReaction, "changed my mind");

        await("the bot's tada taken back", () -> !reactors(channel, message, "tada").contains(slack.botUser().id()));
    }
}
