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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** DMs and group DMs of logged-in users as per-login direct-message rooms, one copy per logged-in member. */
class DirectChatsIT {
    static final Path DIR = SlackItSupport.dir("slack-dms");

    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, port -> SlackItSupport.puppeting(slack, port));

    @BeforeAll
    static void start() {
        slack.postMessageInterval(Duration.ZERO);
    }

    /** Waits for the bridge's invite to a direct chat whose creator is {@code ghost}, joins it, returns it. */
    private static String joinDirectChatFrom(TestUser user, String ghost) {
        String[] found = new String[1];
        await("an invite to the DM from " + ghost, () -> {
            for (String room : user.invites()) {
                String joined = user.join(room);
                if (user.joinedMembers(joined).containsKey(ghost)) {
                    found[0] = joined;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void aSlackDmAppearsAsADirectChatOfTheLoggedInUserAndAnswersGoOutAsThem() {
        SlackUser sam = slack.addUser("sam", "Sam Stone");
        SlackUser tom = slack.addUser("tom", "Tom Tide");
        TestUser hana = hs.registerUser();
        SlackItSupport.login(hana, slack, sam);
        SlackChannel dm = slack.dm(sam, tom);

        slack.post(tom, dm, "psst, sam");

        String room = joinDirectChatFrom(hana, ghost(tom.id()));
        hana.awaitEvent(room, SlackItSupport.body(ghost(tom.id()), "psst, sam"), SlackItSupport.WAIT);
        assertThat(hana.joinedMembers(room)).as("only hana, the bot and tom's ghost")
                .containsOnlyKeys(hana.userId(), "@_slack_bot:localhost", ghost(tom.id()));

        hana.sendText(room, "hi tom, from matrix");

        await("the answer in the Slack DM", () -> slack.messages(dm).stream().anyMatch(m -> m.text().equals("hi tom, from matrix")));
        SlackMessage answer = slack.messages(dm).stream().filter(m -> m.text().equals("hi tom, from matrix")).findFirst().orElseThrow();
        assertThat(answer.user()).as("sent with sam's own token").isEqualTo(sam.id());
        slack.post(tom, dm, "got it");
        hana.awaitEvent(room, SlackItSupport.body(ghost(tom.id()), "got it"), SlackItSupport.WAIT);
        assertThat(hana.messages(room, 50)).filteredOn(e -> e.path("content").path("body").asString().equals("hi tom, from matrix"))
                .as("the puppet's own DM is not bridged back").hasSize(1);
    }

    @Test
    void aGroupDmIsOneDirectChatPerLoggedInMember() {
        SlackUser kim = slack.addUser("kim", "Kim Key");
        SlackUser lee = slack.addUser("lee", "Lee Lark");
        SlackUser max = slack.addUser("max", "Max Moss");
        TestUser ivy = hs.registerUser();
        TestUser jon = hs.registerUser();
        SlackItSupport.login(ivy, slack, kim);
        SlackItSupport.login(jon, slack, lee);
        SlackChannel group = slack.dm(kim, lee, max);

        slack.post(max, group, "hello both");

        String ivysCopy = joinDirectChatFrom(ivy, ghost(lee.id()));
        String jonsCopy = joinDirectChatFrom(jon, ghost(kim.id()));
        assertThat(ivysCopy).as("each logged-in member has a room of their own").isNotEqualTo(jonsCopy);
        ivy.awaitEvent(ivysCopy, SlackItSupport.body(ghost(max.id()), "hello both"), SlackItSupport.WAIT);
        jon.awaitEvent(jonsCopy, SlackItSupport.body(ghost(max.id()), "hello both"), SlackItSupport.WAIT);

        ivy.sendText(ivysCopy, "kim here");

        await("kim's post in the group DM", () -> slack.messages(group).stream().anyMatch(m -> m.text().equals("kim here")
                && m.user().equals(kim.id())));
        JsonNode inJons = jon.awaitEvent(jonsCopy, SlackItSupport.body("kim here"), SlackItSupport.WAIT);
        assertThat(inJons.path("sender").asString()).as("in jon's copy, kim is her ghost").isEqualTo(ghost(kim.id()));
        assertThat(ivy.messages(ivysCopy, 50)).filteredOn(e -> e.path("content").path("body").asString().equals("kim here"))
                .hasSize(1);
        assertThat(ivy.state(ivysCopy, "m.room.name", "").orElseThrow().path("name").asString())
                .as("named after the other members' display names").isEqualTo("lee, max");
    }

    @Test
    void aDmOpenedFromMatrixIsADirectChatWhoseMessagesGoOutAsTheUser() {
        SlackUser pat = slack.addUser("pat");
        SlackUser quinn = slack.addUser("quinn");
        TestUser ora = hs.registerUser();
        String botChat = SlackItSupport.login(ora, slack, pat);

        ora.sendText(botChat, "!slack dm @quinn");

        ora.awaitEvent(botChat, e -> e.path("content").path("body").asString().startsWith("Your Slack DM is the room"),
                SlackItSupport.WAIT);
        String room = joinDirectChatFrom(ora, ghost(quinn.id()));
        ora.sendText(room, "hello quinn, from matrix");
        await("the post in the Slack DM", () -> slack.channels().stream().filter(c -> c.members().size() == 2
                && c.members().containsAll(List.of(pat.id(), quinn.id()))).findFirst()
                .map(dm -> slack.messages(dm).stream().anyMatch(m -> m.text().equals("hello quinn, from matrix")
                        && m.user().equals(pat.id()))).orElse(false));
    }

    @Test
    void aSlackUsersDmWithTheBotIsAnsweredWithHelpAndNotBridged() {
        SlackUser una = slack.addUser("una");
        SlackUser vic = slack.addUser("vic");
        TestUser vicInMatrix = it.user("Vic M");
        String botRoom = SlackItSupport.login(vicInMatrix, slack, vic);
        SlackChannel unaWithBot = slack.dm(una, slack.botUser());
        SlackChannel vicWithBot = slack.dm(vic, slack.botUser());

        slack.post(una, unaWithBot, "hello? who are you");
        slack.post(vic, vicWithBot, "and am I connected?");

        await("the bot's answer to una", () -> botAnswers(unaWithBot).size() == 1);
        assertThat(botAnswers(unaWithBot).getFirst().text()).contains("Messages to me here are not bridged")
                .contains("No Matrix account is logged in as you").contains("!slack login");
        await("the bot's answer to vic", () -> botAnswers(vicWithBot).size() == 1);
        assertThat(botAnswers(vicWithBot).getFirst().text()).contains("You are logged in from Matrix as " + vicInMatrix.userId());
        assertThat(vicInMatrix.invites()).as("no DM portal for the bot's own DM").isEmpty();
        assertThat(vicInMatrix.messages(botRoom, 50)).as("nothing of it in vic's Matrix DM with the bot")
                .noneMatch(e -> e.path("content").path("body").asString("").contains("am I connected"));
        slack.post(una, unaWithBot, "thanks");
        await("one answer per message, none to its own", () -> botAnswers(unaWithBot).size() == 2);
    }

    private static List<SlackMessage> botAnswers(SlackChannel dm) {
        return slack.messages(dm).stream().filter(m -> m.user().equals(slack.botUser().id())).toList();
    }
}
