package dev.mxbridge.core.format;

import static dev.mxbridge.core.format.Style.Basic.BOLD;
import static dev.mxbridge.core.format.Style.Basic.MONOSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.client.RoomAlias;
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

/** The model itself: its invariants and its plain-text rendering for a Matrix {@code body}. */
class FormattedTextTest {

    static final UserId ALICE = new UserId("@alice:example.org");
    static final UserId BOB = new UserId("@bob:example.org");

    @Test
    void plainTextKeepsItsLineBreaksAsNodes() {
        FormattedText text = FormattedText.plain("one\r\ntwo\n\nthree");

        assertThat(text.nodes()).containsExactly(new Text("one"), new LineBreak(), new Text("two"), new LineBreak(),
                new LineBreak(), new Text("three"));
        assertThat(text.toPlainText()).isEqualTo("one\ntwo\n\nthree");
    }

    @Test
    void textRefusesLineBreakCharacters() {
        assertThatThrownBy(() -> new Text("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Text("a\rb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plainTextShowsMentionsByDisplayNameAndLinksWithTheirUrl() {
        FormattedText text = FormattedText.of(
                new Mention(new MentionTarget.User(ALICE), "Alice"), new Text(": see "),
                new Link("https://example.org/x", List.of(new Text("the docs"))), new Text(", "),
                new Link("https://example.org/y", List.of()), new Text(", "),
                new Link("https://example.org/z", List.of(new Text("https://example.org/z"))), new Text(", "),
                new Link("mailto:bob@example.org", List.of(new Text("bob@example.org"))), new Text(" in "),
                new Mention(new MentionTarget.Alias(new RoomAlias("#help:example.org")), ""));

        assertThat(text.toPlainText()).isEqualTo("Alice: see the docs (https://example.org/x), "
                + "https://example.org/y, https://example.org/z, bob@example.org in #help:example.org");
    }

    @Test
    void plainTextKeepsBlocksOnTheirOwnLines() {
        FormattedText text = FormattedText.of(
                new Heading(2, List.of(new Text("Notes"))),
                new Paragraph(List.of(new Text("intro"))),
                new Quote(List.of(new Text("quoted"), new LineBreak(), new Text("twice"))),
                new CodeBlock(Optional.of("java"), "int x;\nint y;"),
                new ListBlock(true, 9, List.of(List.of(new Text("nine")), List.of(new Text("ten"), new LineBreak(),
                        new Text("more")))),
                new ListBlock(false, 1, List.of(List.of(new Text("dot")))),
                new Rule(),
                new Text("end"));

        assertThat(text.toPlainText()).isEqualTo("""
                ## Notes
                intro
                > quoted
                > twice
                ```java
                int x;
                int y;
                ```
                9. nine
                10. ten
                    more
                * dot
                ---
                end""");
    }

    @Test
    void plainTextHidesSpoilersAsTheSpecAsks() {
        FormattedText text = FormattedText.of(new Text("Alice "),
                new Styled(Style.Spoiler.of(), List.of(new Text("dies"))), new Text(" and "),
                new Styled(new Style.Spoiler(Optional.of("the ending")), List.of(new Text("lives"))));

        assertThat(text.toPlainText()).isEqualTo("Alice [Spoiler] and [Spoiler for the ending]");
    }

    @Test
    void plainTextDropsStylesAndShowsImagesByAltText() {
        FormattedText text = FormattedText.of(new Styled(BOLD, List.of(new Text("loud "),
                new Styled(MONOSPACE, List.of(new Text("code"))))), new Text(" "),
                new Image(MxcUri.parse("mxc://example.org/party"), ":party:", OptionalInt.empty(), OptionalInt.of(32)));

        assertThat(text.toPlainText()).isEqualTo("loud code :party:");
    }

    @Test
    void mentionedUsersAreDistinctInOrderIncludingSilentOnes() {
        FormattedText text = FormattedText.of(
                new Styled(BOLD, List.of(new Mention(new MentionTarget.User(BOB), "Bob"))),
                new Quote(List.of(new Mention(new MentionTarget.User(ALICE), "Alice"))),
                new Mention(new MentionTarget.User(BOB), "Bob"),
                new Mention(new MentionTarget.User(new UserId("@carol:example.org")), ""));

        assertThat(text.mentionedUsers()).containsExactly(BOB, ALICE, new UserId("@carol:example.org"));
        assertThat(text.mentionsRoom()).isFalse();
        assertThat(FormattedText.of(new Mention(new MentionTarget.Everyone(), "@room")).mentionsRoom()).isTrue();
    }

    @Test
    void silentMentionsShowNothing() {
        FormattedText text = FormattedText.of(new Text("hi"), new Mention(new MentionTarget.User(ALICE), ""));

        assertThat(text.toPlainText()).isEqualTo("hi");
    }

    @Test
    void coloursAreTwentyFourBitRgbWrittenAsMatrixHex() {
        Style.Rgb orange = Style.Rgb.of(0xFF, 0x88, 0x00);

        assertThat(orange.hex()).isEqualTo("#ff8800");
        assertThat(Style.Rgb.parse("#FF8800")).contains(orange);
        assertThat(List.of(orange.red(), orange.green(), orange.blue())).containsExactly(255, 136, 0);
        assertThat(Style.Rgb.parse("red")).isEmpty();
        assertThat(Style.Rgb.parse("#ff880")).isEmpty();
        assertThat(Style.Rgb.parse("#ff8800;x")).isEmpty();
        assertThatThrownBy(() -> new Style.Rgb(0x1000000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Style.Colour(Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodesRejectNonsense() {
        assertThatThrownBy(() -> new Heading(7, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ListBlock(false, 3, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CodeBlock(Optional.of(" "), "x").language()).isEmpty();
        assertThat(new CodeBlock(Optional.of("js\"><script>"), "x").language()).isEmpty();
        assertThat(new CodeBlock(Optional.of("c++"), "x").language()).contains("c++");
        assertThat(new Style.Spoiler(Optional.of("")).reason()).isEmpty();
    }
}
