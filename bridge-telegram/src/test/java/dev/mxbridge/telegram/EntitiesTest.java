package dev.mxbridge.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.User;

class EntitiesTest {
    private static final Entities.Mentions MENTIONS = new Entities.Mentions() {
        @Override
        public Node byId(long userId, String text) {
            return new Node.Mention(new MentionTarget.User(new UserId("@_telegram_" + userId + ":example.org")), text);
        }

        @Override
        public Optional<Node> byUsername(String username, String text) {
            return username.equals("known") ? Optional.of(byId(42, text)) : Optional.empty();
        }
    };

    private static MessageEntity entity(String type, int offset, int length) {
        return MessageEntity.builder().type(type).offset(offset).length(length).build();
    }

    private static String html(String text, MessageEntity... entities) {
        return MatrixHtml.render(Entities.toFormatted(text, List.of(entities), MENTIONS));
    }

    @Test
    void basicStylesBecomeMatrixHtml() {
        assertThat(html("bold italic under strike", entity("bold", 0, 4), entity("italic", 5, 6),
                entity("underline", 12, 5), entity("strikethrough", 18, 6)))
                .isEqualTo("<strong>bold</strong> <em>italic</em> <u>under</u> <del>strike</del>");
    }

    @Test
    void nestedEntitiesNest() {
        assertThat(html("very bold", entity("bold", 0, 9), entity("italic", 0, 4)))
                .isEqualTo("<strong><em>very</em> bold</strong>");
    }

    @Test
    void offsetsCountUtf16UnitsSoEmojiBeforeAnEntityDoNotShiftIt() {
        assertThat(html("😀 hi", entity("bold", 3, 2))).isEqualTo("😀 <strong>hi</strong>");
    }

    @Test
    void preWithLanguageIsACodeBlockAndCodeIsMonospace() {
        assertThat(html("run x()\nnow", entity("code", 4, 3), entity("pre", 8, 3)))
                .contains("<code>x()</code>").contains("<pre><code>now</code></pre>");
        MessageEntity java = MessageEntity.builder().type("pre").offset(0).length(5).language("java").build();
        assertThat(html("int x", java)).isEqualTo("<pre><code class=\"language-java\">int x</code></pre>");
    }

    @Test
    void linksSpoilersAndBlockquotes() {
        MessageEntity link = MessageEntity.builder().type("text_link").offset(0).length(4).url("https://example.org/")
                .build();
        assertThat(html("here", link)).isEqualTo("<a href=\"https://example.org/\">here</a>");
        assertThat(html("secret", entity("spoiler", 0, 6))).isEqualTo("<span data-mx-spoiler>secret</span>");
        assertThat(html("quoted", entity("blockquote", 0, 6))).isEqualTo("<blockquote>quoted</blockquote>");
    }

    @Test
    void textMentionsAndKnownUsernamesBecomePills() {
        MessageEntity textMention = MessageEntity.builder().type("text_mention").offset(0).length(3)
                .user(User.builder().id(7L).firstName("Ann").isBot(false).build()).build();
        assertThat(html("Ann and @known and @stranger", textMention, entity("mention", 8, 6), entity("mention", 19, 9)))
                .isEqualTo("<a href=\"https://matrix.to/#/@_telegram_7:example.org\">Ann</a> and "
                        + "<a href=\"https://matrix.to/#/@_telegram_42:example.org\">@known</a> and @stranger");
    }

    @Test
    void noEntitiesIsPlainTextWithLineBreaks() {
        FormattedText text = Entities.toFormatted("a\nb", null, MENTIONS);
        assertThat(text.toPlainText()).isEqualTo("a\nb");
    }
}
