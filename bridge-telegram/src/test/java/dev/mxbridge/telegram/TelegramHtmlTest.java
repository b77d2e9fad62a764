package dev.mxbridge.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.format.MatrixHtml;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TelegramHtmlTest {
    private final TelegramHtml html = new TelegramHtml(user -> user.startsWith("@_telegram_")
            ? Optional.of(Long.parseLong(user.substring(11, user.indexOf(':')))) : Optional.empty());

    private String render(String matrixHtml) {
        return html.render(MatrixHtml.parse(matrixHtml));
    }

    @Test
    void stylesBecomeTelegramTags() {
        assertThat(render("<b>b</b> <i>i</i> <u>u</u> <del>s</del> <code>c</code>"))
                .isEqualTo("<b>b</b> <i>i</i> <u>u</u> <s>s</s> <code>c</code>");
    }

    @Test
    void textIsEscapedSoMatrixUsersCannotInjectTags() {
        assertThat(render("a &lt;b&gt; &amp; c")).isEqualTo("a &lt;b&gt; &amp; c");
    }

    @Test
    void codeBlocksKeepTheirLanguageAndQuotesAndSpoilersSurvive() {
        assertThat(render("<pre><code class=\"language-java\">int x;</code></pre>"))
                .isEqualTo("<pre><code class=\"language-java\">int x;</code></pre>");
        assertThat(render("<blockquote>wise</blockquote>")).isEqualTo("<blockquote>wise</blockquote>");
        assertThat(render("<span data-mx-spoiler>shh</span>")).isEqualTo("<tg-spoiler>shh</tg-spoiler>");
    }

    @Test
    void aGhostPillIsATelegramMentionAndOtherPillsAreNames() {
        assertThat(render("<a href=\"https://matrix.to/#/@_telegram_7:example.org\">Ann</a>, "
                + "<a href=\"https://matrix.to/#/@bob:example.org\">Bob</a>"))
                .isEqualTo("<a href=\"tg://user?id=7\">Ann</a>, Bob");
    }

    @Test
    void listsAndHeadingsBecomeText() {
        assertThat(render("<h1>Title</h1><ul><li>one</li><li>two</li></ul>")).isEqualTo("<b>Title</b>\n• one\n• two");
    }
}
