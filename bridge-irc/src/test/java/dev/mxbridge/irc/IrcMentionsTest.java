package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.format.Style;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IrcMentionsTest {
    final IrcMentions mentions = new IrcMentions(new IrcMentions.Directory() {
        @Override
        public Optional<String> matrixUserOfPuppet(String nick) {
            return IrcNames.fold(nick).equals(IrcNames.fold("Alice[m]")) ? Optional.of("@alice:hs") : Optional.empty();
        }

        @Override
        public boolean isIrcUserIn(String channel, String nick) {
            return channel.equals("#c") && nick.equals("bob");
        }

        @Override
        public String ghostOf(String nick) {
            return "@_irc_" + nick + ":hs";
        }

        @Override
        public Optional<String> nickOf(String matrixUser) {
            return Optional.ofNullable(Map.of("@_irc_bob:hs", "bob", "@alice:hs", "Alice[m]").get(matrixUser));
        }
    });

    private static Node.Mention pill(String user, String text) {
        return new Node.Mention(new MentionTarget.User(new UserId(user)), text);
    }

    @Test
    void aLineAddressingAPuppetByNickMentionsItsMatrixUser() {
        FormattedText text = mentions.fromIrc("#c", FormattedText.plain("alice{m}: lunch?"));
        assertThat(text.nodes()).containsExactly(pill("@alice:hs", "alice{m}"), new Node.Text(": lunch?"));
        assertThat(text.mentionedUsers()).containsExactly(new UserId("@alice:hs"));
    }

    @Test
    void aLineAddressingAnIrcUserInTheChannelMentionsTheirGhost() {
        assertThat(mentions.fromIrc("#c", FormattedText.plain("bob, see above")).nodes())
                .containsExactly(pill("@_irc_bob:hs", "bob"), new Node.Text(", see above"));
        assertThat(mentions.fromIrc("#c", FormattedText.plain("bob:")).nodes())
                .containsExactly(pill("@_irc_bob:hs", "bob"), new Node.Text(":"));
    }

    @Test
    void strangersOtherChannelsAndWordsWithoutAddressingStayText() {
        for (String line : List.of("carol: hi", "bob said hi", "bob:hi", "http://example.org")) {
            assertThat(mentions.fromIrc("#c", FormattedText.plain(line))).isEqualTo(FormattedText.plain(line));
        }
        assertThat(mentions.fromIrc("#other", FormattedText.plain("bob: hi"))).isEqualTo(FormattedText.plain("bob: hi"));
    }

    @Test
    void pillsBecomeTheNicksTheyPointAtEvenInsideFormatting() {
        FormattedText text = FormattedText.of(pill("@_irc_bob:hs", "Bob the Builder"), new Node.Text(" and "),
                new Node.Styled(Style.Basic.BOLD, List.of(pill("@alice:hs", "Alice"))), new Node.Text(" and "),
                pill("@nobody:hs", "Nobody"));
        assertThat(mentions.toIrc(text)).isEqualTo(FormattedText.of(pill("@_irc_bob:hs", "bob"), new Node.Text(" and "),
                new Node.Styled(Style.Basic.BOLD, List.of(pill("@alice:hs", "Alice[m]"))), new Node.Text(" and "),
                pill("@nobody:hs", "Nobody")));
    }

    @Test
    void aReplyQuotesTheFirstLineOfWhatItAnswersShortenedUnderItsAuthorsNick() {
        assertThat(mentions.quote(new dev.mxbridge.core.network.OutboundMessage.Quote("@_irc_bob:hs", "Bob B", "lunch?\nor later")))
                .isEqualTo("<bob> \"lunch?\" <- ");
        String quoted = mentions.quote(new dev.mxbridge.core.network.OutboundMessage.Quote("@nobody:hs", "No Body",
                "a very long line that goes on and on well beyond what a short quote should show on IRC"));
        assertThat(quoted).startsWith("<No Body> \"a very long line").endsWith("…\" <- ");
        assertThat(quoted.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(90);
    }
}
