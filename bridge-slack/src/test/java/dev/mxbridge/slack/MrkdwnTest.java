package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MrkdwnTest {
    private final Mrkdwn parser = new Mrkdwn(new Mrkdwn.Refs() {
        @Override
        public Node user(String userId, Optional<String> label) {
            return new Node.Mention(new MentionTarget.User(new UserId("@_slack_" + userId.toLowerCase() + ":hs")),
                    label.orElse("Name of " + userId));
        }

        @Override
        public Node channel(String channelId, Optional<String> label) {
            return new Node.Mention(new MentionTarget.Alias(new RoomAlias("#_slack_t_" + label.orElse("x") + ":hs")),
                    "#" + label.orElse("x"));
        }
    });
    private final MrkdwnWriter writer = new MrkdwnWriter(new MrkdwnWriter.Refs() {
        @Override
        public Optional<String> slackUser(String matrixUserId) {
            return matrixUserId.startsWith("@_slack_u") ? Optional.of(matrixUserId.substring(8, matrixUserId.indexOf(':')).toUpperCase())
                    : Optional.empty();
        }

        @Override
        public Optional<String> slackChannel(String roomAliasOrId) {
            return roomAliasOrId.equals("#_slack_t_general:hs") ? Optional.of("C1") : Optional.empty();
        }
    });

    private String html(String mrkdwn) {
        return MatrixHtml.render(parser.parse(mrkdwn));
    }

    @Test
    void plainTextStaysPlainWithoutParagraphs() {
        FormattedText text = parser.parse("just words\nand a second line");
        assertThat(text.nodes()).containsExactly(new Node.Text("just words"), new Node.LineBreak(), new Node.Text("and a second line"));
    }

    @Test
    void boldItalicStrikeAndCodeBecomeStyles() {
        assertThat(html("*bold* _italic_ ~gone~ `x < y`"))
                .isEqualTo("<strong>bold</strong> <em>italic</em> <del>gone</del> <code>x &lt; y</code>");
    }

    @Test
    void delimitersInsideWordsAreText() {
        assertThat(parser.parse("snake_case_name and 2*3*4").toPlainText()).isEqualTo("snake_case_name and 2*3*4");
    }

    @Test
    void nestedStylesNest() {
        assertThat(html("*bold _and italic_*")).isEqualTo("<strong>bold <em>and italic</em></strong>");
    }

    @Test
    void codeBlocksKeepTheirTextUnformatted() {
        FormattedText text = parser.parse("look:\n```\nif (*a* &lt; b) {}\n```\ndone");
        assertThat(text.nodes()).contains(new Node.CodeBlock(Optional.empty(), "if (*a* < b) {}"));
    }

    @Test
    void quotesAndListsBecomeBlocks() {
        FormattedText text = parser.parse("&gt; wise words\n• one\n• two\n1. first");
        assertThat(text.nodes().get(0)).isInstanceOf(Node.Quote.class);
        assertThat(text.nodes().get(1)).isEqualTo(new Node.ListBlock(false, 1,
                java.util.List.of(java.util.List.of(new Node.Text("one")), java.util.List.of(new Node.Text("two")))));
        assertThat(((Node.ListBlock) text.nodes().get(2)).ordered()).isTrue();
    }

    @Test
    void linksMentionsChannelsAndHereAreRecognised() {
        FormattedText text = parser.parse("see <https://x.org/?a=1&amp;b=2|the site>, <@U12> in <#C9|general>, <!here>");
        assertThat(text.nodes()).containsSubsequence(
                new Node.Link("https://x.org/?a=1&b=2", java.util.List.of(new Node.Text("the site"))),
                new Node.Mention(new MentionTarget.User(new UserId("@_slack_u12:hs")), "Name of U12"),
                new Node.Mention(new MentionTarget.Alias(new RoomAlias("#_slack_t_general:hs")), "#general"),
                new Node.Mention(new MentionTarget.Everyone(), "@room"));
        assertThat(text.mentionsRoom()).isTrue();
    }

    @Test
    void entitiesAndEmojiShortcodesAreDecoded() {
        assertThat(parser.parse("a &lt;b&gt; &amp; :thumbsup: :no_such_emoji_here:").toPlainText())
                .isEqualTo("a <b> & 👍 :no_such_emoji_here:");
    }

    @Test
    void matrixFormattingBecomesMrkdwn() {
        FormattedText text = MatrixHtml.parse("<strong>bold</strong> <em>it</em> <del>x</del> <code>c</code> "
                + "<a href=\"https://a.org\">site</a>");
        assertThat(writer.write(text)).isEqualTo("*bold* _it_ ~x~ `c` <https://a.org|site>");
    }

    @Test
    void matrixTextCannotInjectSlackMarkup() {
        assertThat(writer.write(FormattedText.plain("<!channel> & <@U1>"))).isEqualTo("&lt;!channel&gt; &amp; &lt;@U1&gt;");
    }

    @Test
    void pillsOfSlackUsersAndPortalsBecomeSlackReferencesAndRoomBecomesChannel() {
        FormattedText text = FormattedText.of(
                new Node.Mention(new MentionTarget.User(new UserId("@_slack_u7:hs")), "Seven"), new Node.Text(" "),
                new Node.Mention(new MentionTarget.User(new UserId("@matrixian:hs")), "Matt"), new Node.Text(" "),
                new Node.Mention(new MentionTarget.Alias(new RoomAlias("#_slack_t_general:hs")), "#general"), new Node.Text(" "),
                new Node.Mention(new MentionTarget.Everyone(), "@room"));
        assertThat(writer.write(text)).isEqualTo("<@U7> Matt <#C1> <!channel>");
    }

    @Test
    void blocksRoundTripThroughMatrixHtml() {
        String mrkdwn = "> quoted *bold*\n• one\n• two\n```\ncode\n```";
        assertThat(writer.write(parser.parse(mrkdwn))).isEqualTo(mrkdwn);
    }

    @Test
    void emojiNamesAndUnicodeConvertBothWays() {
        assertThat(Emojis.unicode("thumbsup")).contains("👍");
        assertThat(Emojis.name("👍")).hasValueSatisfying(n -> assertThat(Emojis.unicode(n)).contains("👍"));
        assertThat(Emojis.name("❤️")).isPresent();
        assertThat(Emojis.unicode("custom-party")).isEmpty();
    }
}
