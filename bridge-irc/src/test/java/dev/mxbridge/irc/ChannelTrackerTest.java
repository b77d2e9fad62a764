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
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge bot's view of its channels, line by line, as remote events. */
class ChannelTrackerTest {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final List<RemoteEvent> pushed = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();
    /** The privacy rule: given which of our puppets are in the channel, may its messages be bridged? */
    private Predicate<Predicate<String>> bridged = present -> true;
    private final ChannelTracker tracker = new ChannelTracker(n -> n.equalsIgnoreCase("Alice[m]") || n.equals("Ally"),
            new QuitDebounce(Duration.ofSeconds(30), () -> now), pushed::add, sent::add,
            (channel, present) -> bridged.test(present), () -> now);

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
        assertThat(pushed).hasSize(2);
        assertThat(pushed.get(0)).isInstanceOfSatisfying(RemoteEvent.RoomInfo.class,
                info -> assertThat(info.topic()).contains("new topic"));
        assertThat(pushed.get(1)).isInstanceOfSatisfying(RemoteEvent.Access.class, access -> {
            assertThat(access.inviteOnly()).isTrue();
            assertThat(access.listed()).isTrue();
        });
        pushed.clear();
        lines(":op!~o@h MODE #c -k key", ":op!~o@h MODE #c +m");
        assertThat(pushed).as("after +nts from the server, -k and +m change nobody's access").isEmpty();
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

    @Test
    void whileAMatrixMemberIsNotInTheChannelItsMessagesAndTopicsAreDroppedButMembershipFollows() {
        pushed.clear();
        bridged = present -> false;
        lines(":bob!~b@h PRIVMSG #c :private", ":bob!~b@h NOTICE #c :note", ":op!~o@h TOPIC #c :secret topic",
                ":carol!~c@h JOIN #c");
        assertThat(pushed).singleElement().isInstanceOf(RemoteEvent.Membership.class);
        bridged = present -> true;
        lines(":bob!~b@h PRIVMSG #c :public");
        assertThat(pushed).hasSize(2).last().isInstanceOfSatisfying(RemoteEvent.Message.class,
                m -> assertThat(m.content().plainText()).isEqualTo("public"));
    }

    /** Which of our puppets are in the channel, as the bot sees it: from the names list, joins, parts, kicks, quits. */
    private List<String> bodiesWhileAliceIsIn(String... lines) {
        pushed.clear();
        bridged = present -> present.test("alice[M]");
        lines(lines);
        return pushed.stream().filter(RemoteEvent.Message.class::isInstance)
                .map(e -> ((RemoteEvent.Message) e).content().plainText()).toList();
    }

    @Test
    void theBotsViewTellsWhichOfOurPuppetsAreInTheChannel() {
        assertThat(bodiesWhileAliceIsIn(":bob!~b@h PRIVMSG #c :named", ":Alice[m]!~a@h PART #c", ":bob!~b@h PRIVMSG #c :parted",
                ":Alice[m]!~a@h JOIN #c", ":bob!~b@h PRIVMSG #c :joined", ":op!~o@h KICK #c Alice[m] :out",
                ":bob!~b@h PRIVMSG #c :kicked", ":Alice[m]!~a@h JOIN #c", ":Alice[m]!~a@h QUIT :bye",
                ":bob!~b@h PRIVMSG #c :quit", ":Ally!~a@h JOIN #c", ":Ally!~a@h NICK :Alice[m]",
                ":bob!~b@h PRIVMSG #c :renamed")).containsExactly("named", "joined", "renamed");
    }

    @Test
    void serverTimeAndMsgidBecomeTheMessagesTimestampAndId() {
        pushed.clear();
        lines("@time=2024-05-06T07:08:09.123Z;msgid=abc\\:1 :bob!~b@h PRIVMSG #c :tagged", ":bob!~b@h PRIVMSG #c :plain");
        RemoteEvent.Message tagged = (RemoteEvent.Message) pushed.get(0);
        assertThat(tagged.timestamp()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z"));
        assertThat(tagged.id().value()).isEqualTo("abc;1");
        RemoteEvent.Message plain = (RemoteEvent.Message) pushed.get(1);
        assertThat(plain.timestamp()).isEqualTo(now);
        assertThat(plain.id().value()).isNotEqualTo("abc;1");
    }

    @Test
    void anAnswerWithTheReplyClientTagRepliesToThatMessage() {
        pushed.clear();
        lines("@msgid=q1 :bob!~b@h PRIVMSG #c :question", "@msgid=a1;+draft/reply=q1 :op!~o@h PRIVMSG #c :answer");
        assertThat(((RemoteEvent.Message) pushed.get(0)).replyTo()).isEmpty();
        assertThat(((RemoteEvent.Message) pushed.get(1)).replyTo()).hasValueSatisfying(id ->
                assertThat(id.value()).isEqualTo("q1"));
    }

    @Test
    void serverTimeAlsoDatesMembershipsAndTopics() {
        pushed.clear();
        lines("@time=2024-05-06T07:08:09.000Z :carol!~c@h JOIN #c", "@time=2024-05-06T07:09:00.000Z :bob!~b@h TOPIC #c :new");
        assertThat(pushed).extracting(RemoteEvent::timestamp).containsExactly(Instant.parse("2024-05-06T07:08:09Z"),
                Instant.parse("2024-05-06T07:09:00Z"));
    }

    @Test
    void whatOurRelaySentWithRelaymsgIsNotBridgedBackButOtherRelaysAre() {
        pushed.clear();
        lines("@draft/relaymsg=bot :Alice/m!relay@h PRIVMSG #c :from us", "@draft/relaymsg=Ally :Carol/m!relay@h PRIVMSG #c :ours too",
                "@draft/relaymsg=otherbridge :Dave/d!relay@h PRIVMSG #c :from elsewhere");
        assertThat(pushed).hasSize(1);
        assertThat(((RemoteEvent.Message) pushed.getFirst()).sender().value()).isEqualTo("Dave/d");
    }

    @Test
    void awayNotifyBecomesTheGhostsPresenceOnceEvenForManyChannels() {
        lines(":bot!~bot@h JOIN #d", ":s 353 bot = #d :bot bob", ":s 366 bot #d :End", ":s 324 bot #d +nt");
        pushed.clear();
        lines(":bob!~b@h AWAY :gone to lunch", ":bob!~b@h AWAY", ":Alice[m]!~a@h AWAY :mine", ":stranger!~s@h AWAY :x");
        assertThat(pushed).hasSize(2).allMatch(RemoteEvent.Presence.class::isInstance);
        RemoteEvent.Presence away = (RemoteEvent.Presence) pushed.get(0);
        assertThat(away.sender().value()).isEqualTo("bob");
        assertThat(away.away()).isTrue();
        assertThat(away.statusMessage()).contains("gone to lunch");
        RemoteEvent.Presence back = (RemoteEvent.Presence) pushed.get(1);
        assertThat(back.away()).isFalse();
        assertThat(back.statusMessage()).isEmpty();
    }

    @Test
    void awayAccountAndExtendedJoinLinesKeepMembershipAsItIs() {
        pushed.clear();
        lines(":bob!~b@h AWAY :lunch", ":bob!~b@h ACCOUNT bobby", ":bob!~b@h AWAY", ":carol!~c@h JOIN #c carolacct :Carol C");
        assertThat(memberships()).containsExactly("JOIN carol #c");
        assertThat(pushed).filteredOn(RemoteEvent.Presence.class::isInstance).hasSize(2);
    }

    @Test
    void multiPrefixNamesGiveTheHighestRankAndKeepTheLowerOneWhenItIsTaken() {
        pushed.clear();
        lines(":bot!~bot@h JOIN #m", ":s 353 bot = #m :bot @+dual", ":s 366 bot #m :End", ":s 324 bot #m +nt");
        RemoteEvent.PowerLevels levels = (RemoteEvent.PowerLevels) pushed.stream()
                .filter(RemoteEvent.PowerLevels.class::isInstance).findFirst().orElseThrow();
        assertThat(levels.levels().values()).containsExactly(ChannelRanks.OP_LEVEL);
        pushed.clear();
        lines(":op!~o@h MODE #m -o dual");
        assertThat(((RemoteEvent.PowerLevels) pushed.getFirst()).levels().values()).containsExactly(ChannelRanks.VOICE_LEVEL);
    }
}
