package dev.mxbridge.core.format;

import static dev.mxbridge.core.format.Style.Basic.BOLD;
import static dev.mxbridge.core.format.Style.Basic.ITALIC;
import static dev.mxbridge.core.format.Style.Basic.MONOSPACE;
import static dev.mxbridge.core.format.Style.Basic.STRIKETHROUGH;
import static dev.mxbridge.core.format.Style.Basic.SUBSCRIPT;
import static dev.mxbridge.core.format.Style.Basic.SUPERSCRIPT;
import static dev.mxbridge.core.format.Style.Basic.UNDERLINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.Node.CodeBlock;
import dev.mxbridge.core.format.Node.Heading;
import dev.mxbridge.core.format.Node.Image;
import dev.mxbridge.core.format.Node.LineBreak;
import dev.mxbridge.core.format.Node.Link;
import dev.mxbridge.core.format.Node.ListBlock;
import dev.mxbridge.core.format.Node.Mention;
import dev.mxbridge.core.format.Node.Paragraph;
import dev.mxbridge.core.format.Node.Quote;
import dev.mxbridge.core.format.Node.Rule;
import dev.mxbridge.core.format.Node.Styled;
import dev.mxbridge.core.format.Node.Text;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Matrix content to the model and back. */
class MatrixHtmlTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UserId ALICE = new UserId("@alice:example.org");

    private static List<Node> parse(String html) {
        return MatrixHtml.parse(html).nodes();
    }

    private static Node text(String text) {
        return new Text(text);
    }

    private static JsonNode json(String json) {
        return JSON.readTree(json);
    }

    @Test
    void inlineTagsBecomeStyles() {
        assertThat(parse("<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><del>d</del><s>s</s>"
                + "<code>c</code><sup>p</sup><sub>b</sub>")).containsExactly(
                new Styled(BOLD, List.of(text("b"))), new Styled(BOLD, List.of(text("s"))),
                new Styled(ITALIC, List.of(text("i"))), new Styled(ITALIC, List.of(text("e"))),
                new Styled(UNDERLINE, List.of(text("u"))), new Styled(STRIKETHROUGH, List.of(text("d"))),
                new Styled(STRIKETHROUGH, List.of(text("s"))), new Styled(MONOSPACE, List.of(text("c"))),
                new Styled(SUPERSCRIPT, List.of(text("p"))), new Styled(SUBSCRIPT, List.of(text("b"))));
    }

    @Test
    void stylesNestAndKeepTheSpacesBetweenThem() {
        assertThat(parse("Hello <b>bold <i>both</i></b> <em>it</em>!")).containsExactly(
                text("Hello "), new Styled(BOLD, List.of(text("bold "), new Styled(ITALIC, List.of(text("both"))))),
                text(" "), new Styled(ITALIC, List.of(text("it"))), text("!"));
    }

    @Test
    void whitespaceCollapsesAsBrowsersShowIt() {
        assertThat(parse("<p>\n  one\n  two  </p>\n<p>three<br>\n four</p>\n")).containsExactly(
                new Paragraph(List.of(text("one two"))),
                new Paragraph(List.of(text("three"), new LineBreak(), text("four"))));
    }

    @Test
    void spansCarryColoursAndSpoilers() {
        assertThat(parse("<span data-mx-color=\"#ff0000\" data-mx-bg-color=\"#00FF00\">c</span>"
                + "<font color=\"#0000ff\">f</font><span data-mx-spoiler>s</span>"
                + "<span data-mx-spoiler=\"the end\" data-mx-color=\"#ffffff\">r</span>"
                + "<span data-mx-color=\"red\">named</span>")).containsExactly(
                new Styled(new Style.Colour(Style.Rgb.parse("#ff0000"), Style.Rgb.parse("#00ff00")),
                        List.of(text("c"))),
                new Styled(Style.Colour.of(new Style.Rgb(0x0000ff)), List.of(text("f"))),
                new Styled(Style.Spoiler.of(), List.of(text("s"))),
                new Styled(new Style.Spoiler(Optional.of("the end")),
                        List.of(new Styled(Style.Colour.of(new Style.Rgb(0xffffff)), List.of(text("r"))))),
                text("named"));
    }

    @Test
    void linksKeepTheirTextAndTarget() {
        assertThat(parse("see <a href=\"https://example.org/a?b=c&amp;d\">the <b>docs</b></a>")).containsExactly(
                text("see "), new Link("https://example.org/a?b=c&d", List.of(text("the "),
                        new Styled(BOLD, List.of(text("docs"))))));
    }

    @ParameterizedTest
    @CsvSource({
            "https://matrix.to/#/@alice:example.org, @alice:example.org",
            "https://matrix.to/#/%40alice%3Aexample.org, @alice:example.org",
            "https://matrix.to/#/@alice:example.org?via=example.org, @alice:example.org",
            "matrix:u/alice:example.org, @alice:example.org",
            "matrix:u/alice:example.org?action=chat, @alice:example.org"})
    void userPillsBecomeMentions(String href, String user) {
        assertThat(parse("hi <a href=\"" + href + "\">Alice</a>")).containsExactly(text("hi "),
                new Mention(new MentionTarget.User(new UserId(user)), "Alice"));
    }

    @Test
    void roomPillsBecomeRoomMentionsButEventLinksStayLinks() {
        String event = "https://matrix.to/#/!abc:example.org/$event?via=example.org";
        assertThat(parse("<a href=\"https://matrix.to/#/#help:example.org\">#help:example.org</a>"
                + "<a href=\"https://matrix.to/#/%23help%3Aexample.org\">h</a>"
                + "<a href=\"https://matrix.to/#/!abc:example.org?via=example.org\">r</a>"
                + "<a href=\"matrix:r/help:example.org\">m</a>"
                + "<a href=\"" + event + "\">this message</a>")).containsExactly(
                new Mention(new MentionTarget.Alias(new RoomAlias("#help:example.org")), "#help:example.org"),
                new Mention(new MentionTarget.Alias(new RoomAlias("#help:example.org")), "h"),
                new Mention(new MentionTarget.Room(new RoomId("!abc:example.org")), "r"),
                new Mention(new MentionTarget.Alias(new RoomAlias("#help:example.org")), "m"),
                new Link(event, List.of(text("this message"))));
    }

    @Test
    void matrixUrisThatAreNoPillsLoseTheirLinkNotTheirText() {
        assertThat(parse("<a href=\"matrix:roomid/abc:example.org/e/event\">msg</a>")).containsExactly(text("msg"));
    }

    @Test
    void blocksBecomeBlockNodes() {
        String html = "<h3>Title</h3><blockquote><p>quoted</p></blockquote>"
                + "<pre><code class=\"language-java\">int x = 1 &lt; 2;\n  y();\n</code></pre>"
                + "<ol start=\"3\">\n<li>three</li>\n<li>four<ul><li>nested</li></ul></li>\n</ol><hr><pre>raw</pre>";

        assertThat(parse(html)).containsExactly(
                new Heading(3, List.of(text("Title"))),
                new Quote(List.of(new Paragraph(List.of(text("quoted"))))),
                new CodeBlock(Optional.of("java"), "int x = 1 < 2;\n  y();"),
                new ListBlock(true, 3, List.of(List.of(text("three")),
                        List.of(text("four"), new ListBlock(false, 1, List.of(List.of(text("nested")))))))
                , new Rule(),
                new CodeBlock(Optional.empty(), "raw"));
    }

    @Test
    void tablesBecomeTabSeparatedLinesAsTheSpecSuggests() {
        String html = "<table><caption>Scores</caption><thead><tr><th>name</th><th>score</th></tr></thead>"
                + "<tbody><tr><td>alice</td><td><b>3</b></td></tr></tbody></table>";

        assertThat(MatrixHtml.parse(html).toPlainText()).isEqualTo("Scores\nname\tscore\nalice\t3");
    }

    @Test
    void detailsAndDivsBecomeParagraphs() {
        assertThat(parse("<details><summary>More</summary>hidden <b>text</b></details><div>x</div>"))
                .containsExactly(new Paragraph(List.of(text("More"))),
                        new Paragraph(List.of(text("hidden "), new Styled(BOLD, List.of(text("text"))))),
                        new Paragraph(List.of(text("x"))));
    }

    @Test
    void mxcImagesStayAsImages() {
        assertThat(parse("<img src=\"mxc://example.org/abc\" alt=\":party:\" height=\"32\" width=\"huge\">"))
                .containsExactly(new Image(MxcUri.parse("mxc://example.org/abc"), ":party:", OptionalInt.empty(),
                        OptionalInt.of(32)));
    }

    @Test
    void plainBodyIsReadWithItsLineBreaksWhenThereIsNoHtml() {
        FormattedText text = MatrixHtml.fromContent(json("""
                {"msgtype": "m.text", "body": "one <b>\\ntwo"}"""));

        assertThat(text.nodes()).containsExactly(text("one <b>"), new LineBreak(), text("two"));
    }

    @Test
    void formattedBodyWinsOnlyWithTheMatrixFormat() {
        assertThat(MatrixHtml.fromContent(json("""
                {"body": "**b**", "format": "org.matrix.custom.html", "formatted_body": "<b>b</b>"}""")).nodes())
                .containsExactly(new Styled(BOLD, List.of(text("b"))));
        assertThat(MatrixHtml.fromContent(json("""
                {"body": "**b**", "format": "text/markdown", "formatted_body": "<b>b</b>"}""")).nodes())
                .containsExactly(text("**b**"));
    }

    @Test
    void replyFallbackIsRemovedFromPlainAndHtmlBodies() {
        FormattedText plain = MatrixHtml.fromContent(json("""
                {"body": "> <@bob:example.org> original\\n> more\\n\\nmy answer",
                 "m.relates_to": {"m.in_reply_to": {"event_id": "$x"}}}"""));
        FormattedText html = MatrixHtml.fromContent(json("""
                {"body": "> <@bob:example.org> original\\n\\nmy answer", "format": "org.matrix.custom.html",
                 "formatted_body": "<mx-reply><blockquote><a href=\\"https://matrix.to/#/!r:x/$x\\">In reply to</a> \
                <a href=\\"https://matrix.to/#/@bob:example.org\\">@bob:example.org</a><br>original</blockquote>\
                </mx-reply>my answer",
                 "m.relates_to": {"m.in_reply_to": {"event_id": "$x"}}}"""));

        assertThat(plain.toPlainText()).isEqualTo("my answer");
        assertThat(html.nodes()).containsExactly(text("my answer"));
        assertThat(html.mentionedUsers()).isEmpty();
    }

    @Test
    void quotedLinesOfANonReplyAreKept() {
        assertThat(MatrixHtml.fromContent(json("""
                {"body": "> a quote\\n\\nmy answer"}""")).toPlainText()).isEqualTo("> a quote\n\nmy answer");
    }

    @Test
    void mentionedUsersWithoutPillsBecomeSilentMentions() {
        FormattedText text = MatrixHtml.fromContent(json("""
                {"body": "Alice: hi", "format": "org.matrix.custom.html",
                 "formatted_body": "<a href=\\"https://matrix.to/#/@alice:example.org\\">Alice</a>: hi",
                 "m.mentions": {"user_ids": ["@alice:example.org", "@bob:example.org", "@bob:example.org", "junk", 7]}}"""));

        assertThat(text.nodes()).containsExactly(new Mention(new MentionTarget.User(ALICE), "Alice"), text(": hi"),
                new Mention(new MentionTarget.User(new UserId("@bob:example.org")), ""));
        assertThat(text.toPlainText()).isEqualTo("Alice: hi");
    }

    @Test
    void atRoomIsAMentionOnlyWhenMentionsSaySo() {
        FormattedText room = MatrixHtml.fromContent(json("""
                {"body": "@room look, @roomy and `@room`", "format": "org.matrix.custom.html",
                 "formatted_body": "@room look, @roomy and <code>@room</code>", "m.mentions": {"room": true}}"""));
        FormattedText notRoom = MatrixHtml.fromContent(json("""
                {"body": "@room look", "m.mentions": {}}"""));
        FormattedText silent = MatrixHtml.fromContent(json("""
                {"body": "everyone look", "m.mentions": {"room": true}}"""));

        assertThat(room.nodes()).containsExactly(new Mention(new MentionTarget.Everyone(), "@room"),
                text(" look, @roomy and "), new Styled(MONOSPACE, List.of(text("@room"))));
        assertThat(notRoom.mentionsRoom()).isFalse();
        assertThat(silent.mentionsRoom()).isTrue();
        assertThat(silent.toPlainText()).isEqualTo("everyone look");
    }

    @Test
    void plainModelsBecomePlainContentWithEmptyMentions() {
        ObjectNode content = MatrixHtml.toContent(FormattedText.plain("one\ntwo <b>"));

        assertThat(content).isEqualTo(json("""
                {"body": "one\\ntwo <b>", "m.mentions": {}}"""));
    }

    @Test
    void richModelsBecomeHtmlContentWithMentions() {
        FormattedText text = FormattedText.of(new Mention(new MentionTarget.User(ALICE), "Alice"), text(": "),
                new Styled(BOLD, List.of(text("look"))), text(" "), new Mention(new MentionTarget.Everyone(), "@room"),
                new Mention(new MentionTarget.User(new UserId("@bob:example.org")), ""));

        assertThat(MatrixHtml.toContent(text)).isEqualTo(json("""
                {"body": "Alice: look @room",
                 "format": "org.matrix.custom.html",
                 "formatted_body": "<a href=\\"https://matrix.to/#/@alice:example.org\\">Alice</a>: <strong>look</strong> @room",
                 "m.mentions": {"user_ids": ["@alice:example.org", "@bob:example.org"], "room": true}}"""));
    }

    @Test
    void everyNodeRendersToHtmlThatReadsBackTheSame() {
        FormattedText text = FormattedText.of(
                new Heading(1, List.of(text("Release "), new Styled(ITALIC, List.of(text("1.0"))))),
                new Paragraph(List.of(
                        text("Hi "), new Mention(new MentionTarget.User(ALICE), "Alice & co"), text(", see "),
                        new Link("https://example.org/?a=1&b=2", List.of(text("notes"))), text(" in "),
                        new Mention(new MentionTarget.Alias(new RoomAlias("#dev:example.org")), "#dev:example.org"),
                        text(" and "), new Mention(new MentionTarget.Room(new RoomId("!r:example.org")), "the room"),
                        new LineBreak(),
                        new Styled(new Style.Colour(Style.Rgb.parse("#123456"), Style.Rgb.parse("#abcdef")),
                                List.of(text("colour"))), text(" "),
                        new Styled(new Style.Spoiler(Optional.of("plot \"twist\"")), List.of(text("he lives"))),
                        text(" "), new Styled(Style.Spoiler.of(), List.of(text("s"))), text(" "),
                        new Styled(UNDERLINE, List.of(new Styled(STRIKETHROUGH, List.of(text("us"))))),
                        new Styled(SUPERSCRIPT, List.of(text("2"))), new Styled(SUBSCRIPT, List.of(text("i"))),
                        new Styled(MONOSPACE, List.of(text("a <b> c"))), text(" "),
                        new Image(MxcUri.parse("mxc://example.org/e"), ":e:", OptionalInt.of(16), OptionalInt.of(32)))),
                new Quote(List.of(new Paragraph(List.of(text("quoted"))),
                        new Quote(List.of(new Paragraph(List.of(text("deeper"))))))),
                new CodeBlock(Optional.of("c++"), "if (a < b && c) {\n    d();\n}"),
                new ListBlock(true, 0, List.of(List.of(text("zero")), List.of(text("one"),
                        new ListBlock(false, 1, List.of(List.of(new Styled(BOLD, List.of(text("sub"))))))))),
                new Rule(),
                new Paragraph(List.of(text("end"))));

        assertThat(MatrixHtml.fromContent(MatrixHtml.toContent(text))).isEqualTo(text);
    }

    @Test
    void mentionLinksEncodeWhatIsNotSafeInALink() {
        FormattedText text = FormattedText.of(new Mention(new MentionTarget.User(new UserId("@a/b\"c:example.org")),
                "odd"));

        assertThat(MatrixHtml.render(text))
                .isEqualTo("<a href=\"https://matrix.to/#/@a%2Fb%22c:example.org\">odd</a>");
        assertThat(MatrixHtml.parse(MatrixHtml.render(text))).isEqualTo(text);
    }
}
