package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteEvent.Membership.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge bot's view of its channels, line by line, as remote events. */
class ChannelTrackerTest {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final List<RemoteEvent> pushed = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();
    private final ChannelTracker tracker = new ChannelTracker(n -> n.equals("Alice[m]"),
            new QuitDebounce(Duration.ofSeconds(30), () -> now), pushed::add, sent::add, () -> now);

    private void lines(String... lines) {
        for (String line : lines) {
            tracker.line(line, "bot");
        }
    }

    private List<String> memberships() {
        return pushed.stream().filter(RemoteEvent.Membership.class::isInstance).map(RemoteEvent.Membership.class::cast)
                .map(m -> m.change() + " " + m.target().value() + " " + m.room().value()).toList();
    }

    @BeforeEach
    void inChannel() {
        lines(":bot!~bot@h JOIN #c", ":s 332 bot #c :the topic", ":s 353 bot = #c :bot @op +voiced Alice[m] bob",
                ":s 366 bot #c :End", ":s 324 bot #c +nt");
    }

    @Test
    void theNamesListJoinsEveryoneButOurOwnConnections() {
        assertThat(sent).containsExactly("MODE #c");
        assertThat(memberships()).containsExactly("JOIN op #c", "JOIN voiced #c", "JOIN bob #c");
        assertThat(tracker.joining("#c")).isCompletedWithValue(new ChannelTracker.ChannelInfo("#c",
                java.util.Optional.of("the topic"), Set.of()));
    }

    @Test
    void membershipChangesFollow() {
        pushed.clear();
        lines(":carol!~c@h JOIN #c", ":carol!~c@h PART #c :gone", ":op!~o@h KICK #c bob :rude",
                ":voiced!~v@h NICK :loud", ":loud!~v@h QUIT :bye", ":Alice[m]!~a@h PART #c");
        assertThat(memberships()).containsExactly("JOIN carol #c", "LEAVE carol #c", "KICK bob #c",
                "LEAVE voiced #c", "JOIN loud #c", "LEAVE loud #c");
        RemoteEvent.Membership kick = (RemoteEvent.Membership) pushed.get(2);
        assertThat(kick.sender().value()).isEqualTo("op");
        assertThat(kick.reason()).contains("rude");
    }

    @Test
    void aSplitQuitIsHeldUntilTheRejoinOrTheDebounceEnds() {
        pushed.clear();
        lines(":bob!~b@h QUIT :*.net *.split", ":op!~o@h QUIT :*.net *.split", ":bob!~b@h JOIN #c");
        assertThat(memberships()).isEmpty();
        now = now.plusSeconds(31);
        tracker.expireHeld();
        assertThat(memberships()).containsExactly("LEAVE op #c");
    }

    @Test
    void messagesNoticesAndActionsBecomeMessagesOfTheirKind() {
        pushed.clear();
        lines(":bob!~b@h PRIVMSG #c :\u0002hi\u0002", ":bob!~b@h NOTICE #c :note", ":bob!~b@h PRIVMSG #c :\u0001ACTION waves\u0001",
                ":bob!~b@h PRIVMSG #c :\u0001VERSION\u0001", ":Alice[m]!~a@h PRIVMSG #c :mine", ":bob!~b@h PRIVMSG bot :private",
                ":bob!~b@h PRIVMSG #elsewhere :not ours");
        assertThat(pushed).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(RemoteEvent.Message.class));
        List<MessageContent.Text> texts = pushed.stream().map(e -> (MessageContent.Text) ((RemoteEvent.Message) e).content()).toList();
        assertThat(texts).extracting(MessageContent.Text::kind).containsExactly(MessageContent.Text.Kind.TEXT,
                MessageContent.Text.Kind.NOTICE, MessageContent.Text.Kind.EMOTE);
        assertThat(texts.get(2).text().toPlainText()).isEqualTo("waves");
        assertThat(((RemoteEvent.Message) pushed.get(0)).id()).isNotEqualTo(((RemoteEvent.Message) pushed.get(1)).id());
    }

    @Test
    void topicsAndModesAreTracked() {
        pushed.clear();
        lines(":op!~o@h TOPIC #c :new topic", ":op!~o@h MODE #c +ik key", ":s 324 bot #c +nts");
        assertThat(pushed).singleElement().isInstanceOfSatisfying(RemoteEvent.RoomInfo.class,
                info -> assertThat(info.topic()).contains("new topic"));
    }

    @Test
    void aChannelThatCannotBeJoinedFailsTheJoin() {
        var joining = tracker.joining("#closed");
        lines(":s 473 bot #closed :Cannot join channel (+i)");
        assertThat(joining).isCompletedExceptionally();
    }

    @Test
    void aNamesListAfterAReconnectBridgesOnlyTheDifference() {
        pushed.clear();
        lines(":s 353 bot = #c :bot op bob dave", ":s 366 bot #c :End");
        assertThat(memberships()).containsExactly("LEAVE voiced #c", "JOIN dave #c");
    }

    @Test
    void syncJoinsEveryKnownMemberAgain() {
        pushed.clear();
        tracker.sync("#c");
        assertThat(memberships()).containsExactly("JOIN op #c", "JOIN voiced #c", "JOIN bob #c");
    }

}
