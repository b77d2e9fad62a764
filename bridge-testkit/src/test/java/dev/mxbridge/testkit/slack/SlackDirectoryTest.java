package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.methods.response.conversations.ConversationsOpenResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.model.User;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Users, conversations and the team as the app looks them up, and the events that keep it up to date. */
class SlackDirectoryTest {
    @RegisterExtension
    static FakeSlack slack = FakeSlack.create();
    static MethodsClient bot;
    static SlackUser erin;

    @BeforeAll
    static void setUp() {
        bot = Sdk.slack(slack).methods(slack.botToken());
        erin = slack.addUser("erin", "Erin Hale");
    }

    @Test
    void usersInfoAnswersNamesAndAnAvatarTheFakeServes() throws Exception {
        UsersInfoResponse answer = bot.usersInfo(r -> r.user(erin.id()));

        User user = answer.getUser();
        assertThat(user.getName()).isEqualTo("erin");
        assertThat(user.getRealName()).isEqualTo("Erin Hale");
        assertThat(user.getProfile().getDisplayName()).isEqualTo("erin");
        assertThat(Sdk.getBytes(user.getProfile().getImage72()).statusCode()).isEqualTo(200);
        assertThat(bot.usersInfo(r -> r.user("U404")).getError()).isEqualTo("user_not_found");
    }

    @Test
    void usersListPagesThroughEveryone() throws Exception {
        slack.addUser("frank");
        List<String> names = new ArrayList<>();
        String cursor = "";
        do {
            String from = cursor;
            var page = bot.usersList(r -> r.limit(1).cursor(from.isEmpty() ? null : from));
            page.getMembers().forEach(u -> names.add(u.getName()));
            cursor = page.getResponseMetadata().getNextCursor();
        } while (!cursor.isEmpty());

        assertThat(names).containsAll(List.of("mxbridge", "erin", "frank"));
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void aChangedProfileReachesTheAppAsUserChange() {
        SlackUser gina = slack.addUser("gina");

        slack.changeUser(gina, "Gina Ray", "gina.r", "https://example.org/gina.png");

        JsonNode event = slack.events("user_change").getLast().path("event");
        assertThat(event.path("user").path("id").asString()).isEqualTo(gina.id());
        assertThat(event.path("user").path("profile").path("display_name").asString()).isEqualTo("gina.r");
        assertThat(event.path("user").path("profile").path("image_72").asString()).isEqualTo("https://example.org/gina.png");
    }

    @Test
    void aChannelCreatedByAPersonReachesTheAppAsChannelCreated() {
        SlackChannel made = slack.createChannel(erin, "brand-new");

        JsonNode event = slack.events("channel_created").getLast().path("event");
        assertThat(event.path("channel").path("id").asString()).isEqualTo(made.id());
        assertThat(event.path("channel").path("name").asString()).isEqualTo("brand-new");
        assertThat(event.path("channel").path("creator").asString()).isEqualTo(erin.id());
        assertThat(slack.channel(made.id()).members()).containsExactly(erin.id());
    }

    @Test
    void aCustomEmojiIsListedAndReachesTheAppAsEmojiChanged() throws Exception {
        slack.addEmoji("shipit", "https://example.org/shipit.png");

        JsonNode event = slack.events("emoji_changed").getLast().path("event");
        assertThat(event.path("subtype").asString()).isEqualTo("add");
        assertThat(event.path("name").asString()).isEqualTo("shipit");
        assertThat(bot.emojiList(r -> r).getEmoji()).containsEntry("shipit", "https://example.org/shipit.png");
    }

    @Test
    void everyAuthenticatedAnswerListsTheTokensScopes() throws Exception {
        String narrow = slack.issueBotToken("users:read", "chat:write");

        var answer = Sdk.slack(slack).methods(narrow).authTest(r -> r);

        assertThat(answer.getHttpResponseHeaders().entrySet()).anySatisfy(h -> {
            assertThat(h.getKey()).isEqualToIgnoringCase("x-oauth-scopes");
            assertThat(h.getValue()).containsExactly("chat:write,users:read");
        });
    }

    @Test
    void conversationsListShowsPublicChannelsAndOnlyThePrivateOnesTheBotIsIn() throws Exception {
        SlackChannel visible = slack.addPrivateChannel("bots-private", erin, slack.botUser());
        SlackChannel hidden = slack.addPrivateChannel("humans-private", erin);
        SlackChannel open = slack.addChannel("lobby", erin);

        ConversationsListResponse answer = bot.conversationsList(r -> r
                .types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL)).limit(1000));

        assertThat(answer.getChannels()).extracting(Conversation::getId).contains(visible.id(), open.id())
                .doesNotContain(hidden.id());
        Conversation lobby = answer.getChannels().stream().filter(c -> c.getId().equals(open.id())).findFirst().orElseThrow();
        assertThat(lobby.isMember()).isFalse();
        assertThat(lobby.getName()).isEqualTo("lobby");
    }

    @Test
    void renamesTopicsAndPurposesAreSeenByInfoAndHeardAsEvents() throws Exception {
        SlackChannel room = slack.addChannel("old-name", erin, slack.botUser());

        slack.rename(erin, room, "new-name");
        slack.setTopic(erin, room, "Release day");
        slack.setPurpose(erin, room, "Shipping things");

        Conversation info = bot.conversationsInfo(r -> r.channel(room.id())).getChannel();
        assertThat(info.getName()).isEqualTo("new-name");
        assertThat(info.getTopic().getValue()).isEqualTo("Release day");
        assertThat(info.getPurpose().getValue()).isEqualTo("Shipping things");
        assertThat(info.getPreviousNames()).containsExactly("old-name");
        JsonNode rename = slack.events("channel_rename").getLast().path("event");
        assertThat(rename.path("channel").path("name").asString()).isEqualTo("new-name");
        assertThat(slack.events("message/channel_topic").getLast().path("event").path("topic").asString()).isEqualTo("Release day");
        assertThat(slack.events("message/channel_purpose").getLast().path("event").path("purpose").asString()).isEqualTo("Shipping things");
    }

    @Test
    void aPersonJoiningIsHeardAsMemberJoinedChannelAndListedByMembers() throws Exception {
        SlackChannel room = slack.addChannel("joining", slack.botUser());
        SlackUser hal = slack.addUser("hal");

        slack.join(hal, room);

        JsonNode joined = slack.events("member_joined_channel").getLast().path("event");
        assertThat(joined.path("user").asString()).isEqualTo(hal.id());
        assertThat(joined.path("channel").asString()).isEqualTo(room.id());
        assertThat(bot.conversationsMembers(r -> r.channel(room.id())).getMembers()).containsExactly(slack.app().botUserId(), hal.id());
    }

    @Test
    void conversationsOpenGivesTheSameDmEachTime() throws Exception {
        ConversationsOpenResponse first = bot.conversationsOpen(r -> r.users(List.of(erin.id())));
        ConversationsOpenResponse again = bot.conversationsOpen(r -> r.users(List.of(erin.id())).returnIm(true));

        assertThat(first.getChannel().getId()).startsWith("D");
        assertThat(again.getChannel().getId()).isEqualTo(first.getChannel().getId());
        assertThat(again.isAlreadyOpen()).isTrue();
        assertThat(again.getChannel().getUser()).isEqualTo(erin.id());
        assertThat(slack.channel(first.getChannel().getId()).kind()).isEqualTo(SlackChannel.Kind.DM);
    }

    @Test
    void aDirectMessageToTheBotReachesTheAppAsAnImMessage() {
        SlackChannel dm = slack.dm(erin, slack.botUser());

        slack.post(erin, dm, "psst");

        JsonNode event = slack.events("message").getLast().path("event");
        assertThat(event.path("channel").asString()).isEqualTo(dm.id());
        assertThat(event.path("channel_type").asString()).isEqualTo("im");
    }

    @Test
    void aConversationTheAppCannotSeeSendsItNothing() {
        SlackUser ivy = slack.addUser("ivy");
        SlackChannel dm = slack.dm(erin, ivy);
        int before = slack.events().size();

        slack.post(erin, dm, "between us");

        assertThat(slack.events()).hasSize(before);
        assertThat(slack.messages(dm)).extracting(SlackMessage::text).containsExactly("between us");
    }

    @Test
    void teamInfoAndEmojiListDescribeTheWorkspace() throws Exception {
        slack.addEmoji("partyparrot", "https://example.org/parrot.gif");
        slack.addEmoji("parrot", "alias:partyparrot");

        assertThat(bot.teamInfo(r -> r).getTeam().getId()).isEqualTo(slack.teamId());
        assertThat(bot.emojiList(r -> r).getEmoji()).containsEntry("partyparrot", "https://example.org/parrot.gif")
                .containsEntry("parrot", "alias:partyparrot");
    }

    @Test
    void conversationsOpenWithSeveralPeopleOpensAGroupDm() throws Exception {
        SlackUser kai = slack.addUser("kai");
        MethodsClient dmOnly = Sdk.slack(slack).methods(slack.issueBotToken("im:write"));

        ConversationsOpenResponse refused = dmOnly.conversationsOpen(r -> r.users(List.of(erin.id(), kai.id())));
        ConversationsOpenResponse group = bot.conversationsOpen(r -> r.users(List.of(erin.id(), kai.id())));

        assertThat(refused.getNeeded()).isEqualTo("mpim:write");
        SlackChannel opened = slack.channel(group.getChannel().getId());
        assertThat(opened.kind()).isEqualTo(SlackChannel.Kind.GROUP_DM);
        assertThat(opened.members()).containsExactlyInAnyOrder(slack.app().botUserId(), erin.id(), kai.id());
    }
}
