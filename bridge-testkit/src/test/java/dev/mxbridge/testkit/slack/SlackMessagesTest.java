package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class SlackMessagesTest {
    @RegisterExtension
    static FakeSlack slack = FakeSlack.create();
    static MethodsClient bot;
    static SlackUser alice;

    @BeforeAll
    static void setUp() {
        slack.postMessageInterval(Duration.ZERO);
        bot = Sdk.slack(slack).methods(slack.botToken());
        alice = slack.addUser("alice", "Alice Liddell");
    }

    @Test
    void aPostedMessageIsStoredAndReadBackByHistory() throws Exception {
        SlackChannel room = slack.addChannel("history", alice, slack.botUser());

        ChatPostMessageResponse posted = bot.chatPostMessage(r -> r.channel(room.id()).text("hello *world*"));
        ConversationsHistoryResponse history = bot.conversationsHistory(r -> r.channel(room.id()));

        assertThat(posted.isOk()).isTrue();
        assertThat(posted.getTs()).matches("\\d{10}\\.\\d{6}");
        assertThat(history.getMessages()).extracting(Message::getText).containsExactly("hello *world*");
        Message stored = history.getMessages().getFirst();
        assertThat(stored.getTs()).isEqualTo(posted.getTs());
        assertThat(stored.getBotId()).isEqualTo(slack.app().botId());
        assertThat(slack.messages(room)).extracting(SlackMessage::text).containsExactly("hello *world*");
    }

    @Test
    void theBotHearsItsOwnPostAsAMessageEventWithItsBotId() throws Exception {
        SlackChannel room = slack.addChannel("echo", alice, slack.botUser());

        String ts = bot.chatPostMessage(r -> r.channel(room.id()).text("echo me")).getTs();

        JsonNode event = slack.events("message").getLast().path("event");
        assertThat(event.path("ts").asString()).isEqualTo(ts);
        assertThat(event.path("bot_id").asString()).isEqualTo(slack.app().botId());
        assertThat(event.path("channel").asString()).isEqualTo(room.id());
        assertThat(event.path("channel_type").asString()).isEqualTo("channel");
    }

    @Test
    void historyIsNewestFirstAndPagesWithACursor() throws Exception {
        SlackChannel room = slack.addChannel("pages", alice, slack.botUser());
        for (int i = 1; i <= 5; i++) {
            slack.post(alice, room, "m" + i);
        }

        List<String> texts = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String from = cursor;
            ConversationsHistoryResponse page = bot.conversationsHistory(r -> r.channel(room.id()).limit(2).cursor(from));
            page.getMessages().forEach(m -> texts.add(m.getText()));
            cursor = page.isHasMore() ? page.getResponseMetadata().getNextCursor() : null;
            pages++;
        } while (cursor != null);

        assertThat(texts).containsExactly("m5", "m4", "m3", "m2", "m1");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void historyHonoursOldestAndLatest() throws Exception {
        SlackChannel room = slack.addChannel("window", alice, slack.botUser());
        SlackMessage first = slack.post(alice, room, "first");
        SlackMessage second = slack.post(alice, room, "second");
        slack.post(alice, room, "third");

        ConversationsHistoryResponse after = bot.conversationsHistory(r -> r.channel(room.id()).oldest(first.ts()));
        ConversationsHistoryResponse upTo = bot.conversationsHistory(r -> r.channel(room.id()).latest(second.ts()).inclusive(true));

        assertThat(after.getMessages()).extracting(Message::getText).containsExactly("third", "second");
        assertThat(upTo.getMessages()).extracting(Message::getText).containsExactly("second", "first");
    }

    @Test
    void threadRepliesStayOutOfHistoryUnlessBroadcast() throws Exception {
        SlackChannel room = slack.addChannel("threads", alice, slack.botUser());
        SlackMessage parent = slack.post(alice, room, "parent");

        bot.chatPostMessage(r -> r.channel(room.id()).threadTs(parent.ts()).text("quiet reply"));
        bot.chatPostMessage(r -> r.channel(room.id()).threadTs(parent.ts()).replyBroadcast(true).text("loud reply"));
        ConversationsHistoryResponse history = bot.conversationsHistory(r -> r.channel(room.id()));
        ConversationsRepliesResponse thread = bot.conversationsReplies(r -> r.channel(room.id()).ts(parent.ts()));

        assertThat(history.getMessages()).extracting(Message::getText).containsExactly("loud reply", "parent");
        assertThat(history.getMessages().getFirst().getSubtype()).isEqualTo("thread_broadcast");
        assertThat(history.getMessages().getLast().getReplyCount()).isEqualTo(2);
        assertThat(thread.getMessages()).extracting(Message::getText).containsExactly("parent", "quiet reply", "loud reply");
        JsonNode broadcast = slack.events("message/thread_broadcast").getLast().path("event");
        assertThat(broadcast.path("thread_ts").asString()).isEqualTo(parent.ts());
        assertThat(broadcast.path("root").path("text").asString()).isEqualTo("parent");
    }

    @Test
    void aPersonsThreadReplyReachesTheAppWithItsParent() {
        SlackChannel room = slack.addChannel("person-thread", alice, slack.botUser());
        SlackMessage parent = slack.post(alice, room, "question");

        SlackMessage reply = slack.reply(alice, parent, "more");

        JsonNode event = slack.events("message").getLast().path("event");
        assertThat(event.path("ts").asString()).isEqualTo(reply.ts());
        assertThat(event.path("thread_ts").asString()).isEqualTo(parent.ts());
        assertThat(event.path("parent_user_id").asString()).isEqualTo(alice.id());
        assertThat(event.path("user").asString()).isEqualTo(alice.id());
        assertThat(event.has("bot_id")).isFalse();
    }

    @Test
    void customisedPostsNeedChatWriteCustomizeAndKeepTheirUsername() throws Exception {
        SlackChannel room = slack.addChannel("customize", alice, slack.botUser());
        MethodsClient plain = Sdk.slack(slack).methods(slack.issueBotToken("chat:write"));

        ChatPostMessageResponse refused = plain.chatPostMessage(r -> r.channel(room.id()).text("x").username("Bob (Matrix)"));
        ChatPostMessageResponse posted = bot.chatPostMessage(r -> r.channel(room.id()).text("hi")
                .username("Bob (Matrix)").iconUrl("https://example.org/bob.png"));

        assertThat(refused.getError()).isEqualTo("missing_scope");
        assertThat(refused.getNeeded()).isEqualTo("chat:write.customize");
        assertThat(posted.getMessage().getUsername()).isEqualTo("Bob (Matrix)");
        assertThat(posted.getMessage().getSubtype()).isEqualTo("bot_message");
        assertThat(slack.message(room.id(), posted.getTs()).orElseThrow().iconUrl()).contains("https://example.org/bob.png");
    }

    @Test
    void updateAndDeleteChangeTheBotsOwnMessagesAndTellTheApp() throws Exception {
        SlackChannel room = slack.addChannel("edits", alice, slack.botUser());
        String ts = bot.chatPostMessage(r -> r.channel(room.id()).text("typo")).getTs();
        SlackMessage hers = slack.post(alice, room, "hers");

        assertThat(bot.chatUpdate(r -> r.channel(room.id()).ts(ts).text("fixed")).isOk()).isTrue();
        assertThat(bot.chatUpdate(r -> r.channel(room.id()).ts(hers.ts()).text("mine now")).getError()).isEqualTo("cant_update_message");
        JsonNode changed = slack.events("message/message_changed").getLast().path("event");
        assertThat(bot.chatDelete(r -> r.channel(room.id()).ts(ts)).isOk()).isTrue();
        JsonNode deleted = slack.events("message/message_deleted").getLast().path("event");

        assertThat(changed.path("message").path("text").asString()).isEqualTo("fixed");
        assertThat(changed.path("message").path("edited").path("user").asString()).isEqualTo(slack.app().botUserId());
        assertThat(changed.path("previous_message").path("text").asString()).isEqualTo("typo");
        assertThat(deleted.path("deleted_ts").asString()).isEqualTo(ts);
        assertThat(slack.messages(room)).extracting(SlackMessage::text).containsExactly("hers");
        assertThat(bot.chatDelete(r -> r.channel(room.id()).ts(ts)).getError()).isEqualTo("message_not_found");
    }

    @Test
    void aPersonsEditAndDeleteReachTheApp() {
        SlackChannel room = slack.addChannel("person-edits", alice, slack.botUser());
        SlackMessage message = slack.post(alice, room, "draft");

        slack.edit(alice, message, "final");
        slack.delete(message);

        List<JsonNode> events = slack.events().stream().map(p -> p.path("event"))
                .filter(e -> e.path("channel").asString().equals(room.id())).toList();
        assertThat(events).extracting(e -> e.path("subtype").asString("")).containsExactly("", "message_changed", "message_deleted");
    }

    @Test
    void reactionsAreAddedOnceAndRemovedOnce() throws Exception {
        SlackChannel room = slack.addChannel("reactions", alice, slack.botUser());
        SlackMessage message = slack.post(alice, room, "react to me");

        assertThat(bot.reactionsAdd(r -> r.channel(room.id()).timestamp(message.ts()).name("thumbsup")).isOk()).isTrue();
        assertThat(bot.reactionsAdd(r -> r.channel(room.id()).timestamp(message.ts()).name("thumbsup")).getError()).isEqualTo("already_reacted");
        slack.react(alice, message, "tada");
        assertThat(slack.message(room.id(), message.ts()).orElseThrow().reactions()).containsOnlyKeys("thumbsup", "tada");
        assertThat(bot.reactionsRemove(r -> r.channel(room.id()).timestamp(message.ts()).name("thumbsup")).isOk()).isTrue();
        assertThat(bot.reactionsRemove(r -> r.channel(room.id()).timestamp(message.ts()).name("thumbsup")).getError()).isEqualTo("no_reaction");

        JsonNode added = slack.events("reaction_added").getLast().path("event");
        assertThat(added.path("reaction").asString()).isEqualTo("tada");
        assertThat(added.path("item").path("ts").asString()).isEqualTo(message.ts());
        assertThat(added.path("item_user").asString()).isEqualTo(alice.id());
        assertThat(slack.events("reaction_removed").getLast().path("event").path("user").asString()).isEqualTo(slack.app().botUserId());
    }

    @Test
    void theBotCannotPostOrReadWhereItIsNotAMember() throws Exception {
        SlackChannel open = slack.addChannel("not-joined", alice);
        SlackChannel secret = slack.addPrivateChannel("secret", alice);

        assertThat(bot.chatPostMessage(r -> r.channel(open.id()).text("hi")).getError()).isEqualTo("not_in_channel");
        assertThat(bot.conversationsHistory(r -> r.channel(open.id())).getError()).isEqualTo("not_in_channel");
        assertThat(bot.conversationsInfo(r -> r.channel(secret.id())).getError()).isEqualTo("channel_not_found");
        assertThat(bot.conversationsJoin(r -> r.channel(open.id())).isOk()).isTrue();
        assertThat(bot.chatPostMessage(r -> r.channel(open.id()).text("hi")).isOk()).isTrue();
        assertThat(slack.events("member_joined_channel").getLast().path("event").path("user").asString())
                .isEqualTo(slack.app().botUserId());
    }

    @Test
    void postingToAnArchivedChannelIsRefused() throws Exception {
        SlackChannel room = slack.addChannel("archived", alice, slack.botUser());
        slack.archive(alice, room);

        assertThat(bot.chatPostMessage(r -> r.channel(room.id()).text("late")).getError()).isEqualTo("is_archived");
        assertThat(bot.conversationsInfo(r -> r.channel(room.id())).getChannel().isArchived()).isTrue();
    }

    @Test
    void aJsonBodyWithABearerTokenIsAcceptedAsSlackAcceptsIt() {
        SlackChannel room = slack.addChannel("json-body", alice, slack.botUser());

        HttpResponse<String> answer = Sdk.post(slack.methodsUrl() + "chat.postMessage", "application/json; charset=utf-8",
                "{\"channel\":\"" + room.id() + "\",\"text\":\"fallback\",\"blocks\":[{\"type\":\"section\","
                        + "\"text\":{\"type\":\"mrkdwn\",\"text\":\"*bold*\"}}]}",
                "Authorization", "Bearer " + slack.botToken());

        assertThat(Json.parse(answer.body()).path("ok").asBoolean()).isTrue();
        assertThat(slack.messages(room).getFirst().blocks().orElseThrow()).contains("*bold*");
    }

    @Test
    void postMessageWithoutTextOrBlocksIsNoText() throws Exception {
        SlackChannel room = slack.addChannel("no-text", alice, slack.botUser());

        assertThat(bot.chatPostMessage(r -> r.channel(room.id())).getError()).isEqualTo("no_text");
    }

    @Test
    void aPermalinkPointsAtTheMessageAndAnUnknownThreadIsThreadNotFound() throws Exception {
        SlackChannel room = slack.addChannel("links", alice, slack.botUser());
        SlackMessage message = slack.post(alice, room, "link me");

        String permalink = bot.chatGetPermalink(r -> r.channel(room.id()).messageTs(message.ts())).getPermalink();
        String missing = bot.conversationsReplies(r -> r.channel(room.id()).ts("1.000001")).getError();

        assertThat(permalink).isEqualTo(slack.baseUrl() + "archives/" + room.id() + "/p" + message.ts().replace(".", ""));
        assertThat(missing).isEqualTo("thread_not_found");
    }
}
