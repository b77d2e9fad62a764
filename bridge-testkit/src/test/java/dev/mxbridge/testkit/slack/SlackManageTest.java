package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.MethodsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topic, purpose and name changes through the Web API, with the scopes Slack asks of bots. */
class SlackManageTest {
    @RegisterExtension
    static FakeSlack slack = FakeSlack.create();
    static MethodsClient manager;
    static SlackUser uma;

    @BeforeAll
    static void setUp() {
        manager = Sdk.slack(slack).methods(slack.issueBotToken("channels:manage", "channels:read"));
        uma = slack.addUser("uma");
    }

    @Test
    void aMemberWithChannelsManageSetsTopicPurposeAndNameAndTheAppHearsIt() throws Exception {
        SlackChannel room = slack.addChannel("managed", uma, slack.botUser());

        assertThat(manager.conversationsSetTopic(r -> r.channel(room.id()).topic("new topic")).isOk()).isTrue();
        assertThat(manager.conversationsSetPurpose(r -> r.channel(room.id()).purpose("new purpose")).isOk()).isTrue();
        assertThat(manager.conversationsRename(r -> r.channel(room.id()).name("managed-too")).getChannel().getName())
                .isEqualTo("managed-too");

        SlackChannel now = slack.channel(room.id());
        assertThat(now.topic()).isEqualTo("new topic");
        assertThat(now.purpose()).isEqualTo("new purpose");
        assertThat(now.name()).isEqualTo("managed-too");
        assertThat(slack.events("message/channel_topic").getLast().path("event").path("user").asString()).isEqualTo(slack.botUser().id());
        assertThat(slack.events("channel_rename")).isNotEmpty();
    }

    @Test
    void withoutTheScopeOrWithABadNameSlackRefuses() throws Exception {
        SlackChannel room = slack.addChannel("refusing", uma, slack.botUser());
        MethodsClient plain = Sdk.slack(slack).methods(slack.botToken());

        assertThat(plain.conversationsSetTopic(r -> r.channel(room.id()).topic("x")).getError()).isEqualTo("missing_scope");
        assertThat(manager.conversationsRename(r -> r.channel(room.id()).name("Bad Name")).getError()).isEqualTo("invalid_name_specials");
        assertThat(manager.conversationsRename(r -> r.channel(room.id()).name("managed-taken")).isOk()).isTrue();
        SlackChannel other = slack.addChannel("other-one", uma, slack.botUser());
        assertThat(manager.conversationsRename(r -> r.channel(other.id()).name("managed-taken")).getError()).isEqualTo("name_taken");
    }
}
