package dev.mxbridge.slack;

import static dev.mxbridge.slack.SlackItSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.ApiCall;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackUser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Team sync: portals for channels as they appear, without anyone joining first; a deny list keeps some out. */
class TeamSyncIT {
    static final Path DIR = SlackItSupport.dir("slack-team-sync");

    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();
    // before the bridge starts: team sync finds these channels at start
    static final SlackUser una = slack.addUser("una");
    static final SlackChannel existing = slack.addChannel("existing", una, slack.botUser());
    static final SlackChannel denied = slack.addChannel("off-topic", una, slack.botUser());

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, """
            team_sync: true
            deny_channels: ['#off-topic', 'secret-plans']""");

    private static double storedRemoteEvents() {
        return it.bridge().metrics().get("mxbridge_remote_events").tag("result", "stored").counter().count();
    }

    private static RemoteRoomId remote(SlackChannel channel) {
        return new RemoteRoomId(slack.teamId() + "/" + channel.id());
    }

    @Test
    void aChannelTheBotIsInAtStartGetsItsPortalWithItsMembersAndADeniedOneNone() {
        await("the portal of #existing", () -> it.bridge().links().portalOf(remote(existing)).isPresent());
        TestUser ann = hs.registerUser();
        String room = ann.join(SlackItSupport.alias("existing"));
        assertThat(it.bridge().links().portalOf(remote(existing))).contains(room);
        await("una's ghost in the portal before she says anything", () -> ann.joinedMembers(room).containsKey(SlackItSupport.ghost(una.id())));
        assertThat(ann.joinedMembers(room).get(SlackItSupport.ghost(una.id())).displayName()).contains("una");

        double stored = storedRemoteEvents();
        slack.post(una, denied, "nobody asked to see this");
        String eventId = slack.events("message").getLast().path("event_id").asString();
        await("the denied channel's message taken (acknowledged)", () -> slack.socketMode().acknowledged().contains(eventId));
        assertThat(storedRemoteEvents()).as("#off-topic's message is not stored for Matrix").isEqualTo(stored);
        assertThat(it.bridge().links().portalOf(remote(denied))).as("#off-topic is denied, even on its first message").isEmpty();
        // and on joining its alias, which the homeserver answers as unknown
        assertThatThrownBy(() -> ann.join(SlackItSupport.alias("off-topic"))).hasMessageContaining("404");
    }

    @Test
    void aNewChannelIsJoinedAndGetsItsPortal() {
        SlackChannel fresh = slack.createChannel(una, "fresh");

        await("the bot in #fresh", () -> slack.channel(fresh.id()).members().contains(slack.botUser().id()));
        await("the portal of #fresh", () -> it.bridge().links().portalOf(remote(fresh)).isPresent());
        TestUser ben = hs.registerUser();
        String room = ben.join(SlackItSupport.alias("fresh"));
        slack.post(una, fresh, "first words in fresh");
        ben.awaitEvent(room, SlackItSupport.body("first words in fresh"), SlackItSupport.WAIT);
    }

    @Test
    void aPrivateChannelTheBotIsInvitedToGetsItsPortal() {
        SlackChannel hidden = slack.addPrivateChannel("hidden", una);

        slack.join(slack.botUser(), hidden);

        await("the portal of #hidden", () -> it.bridge().links().portalOf(remote(hidden)).isPresent());
    }

    @Test
    void aDeniedNewChannelIsNotJoined() {
        SlackChannel secret = slack.createChannel(una, "secret-plans");
        SlackChannel marker = slack.createChannel(una, "after-secret");

        await("the bot in #after-secret", () -> slack.channel(marker.id()).members().contains(slack.botUser().id()));
        assertThat(slack.channel(secret.id()).members()).doesNotContain(slack.botUser().id());
        assertThat(slack.calls("conversations.join")).map(ApiCall::args)
                .noneMatch(args -> secret.id().equals(args.get("channel")));
    }
}
