package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.format.Node.CodeBlock;
import dev.mxbridge.core.format.Node.LineBreak;
import dev.mxbridge.core.format.Node.Link;
import dev.mxbridge.core.format.Node.ListBlock;
import dev.mxbridge.core.format.Node.Mention;
import dev.mxbridge.core.format.Node.Paragraph;
import dev.mxbridge.core.format.Node.Quote;
import dev.mxbridge.core.format.Node.Styled;
import dev.mxbridge.core.format.Node.Text;
import dev.mxbridge.core.format.Style;
import dev.mxbridge.core.format.Style.Basic;
import dev.mxbridge.core.format.Style.Rgb;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IrcFormatTest {
    private static final String B = "\u0002";
    private static final String C = "\u0003";
    private static final String I = "\u001D";
    private static final String U = "\u001F";
    private static final String S = "\u001E";
    private static final String M = "\u0011";
    private static final String O = "\u000F";
    private static final Rgb RED = new Rgb(0xFF0000);
    private static final Rgb NAVY = new Rgb(0x00007F);

    @Test
    void plainTextIsOneTextNode() {
        assertThat(IrcFormat.parse("hello world").nodes()).containsExactly(new Text("hello world"));
    }

    @Test
    void togglesBecomeStyledSpans() {
        assertThat(IrcFormat.parse(B + "bold" + B + " " + I + "italic" + I + " " + U + "u" + U + " " + S + "s" + S
                + " " + M + "mono").nodes()).containsExactly(
                styled(Basic.BOLD, new Text("bold")), new Text(" "),
                styled(Basic.ITALIC, new Text("italic")), new Text(" "),
                styled(Basic.UNDERLINE, new Text("u")), new Text(" "),
                styled(Basic.STRIKETHROUGH, new Text("s")), new Text(" "),
                styled(Basic.MONOSPACE, new Text("mono")));
    }

    @Test
    void overlappingStylesShareTheOuterSpan() {
        assertThat(IrcFormat.parse(B + "bold " + I + "both" + B + " italic").nodes()).containsExactly(
                styled(Basic.BOLD, new Text("bold "), styled(Basic.ITALIC, new Text("both"))),
                styled(Basic.ITALIC, new Text(" italic")));
    }

    @Test
    void resetEndsEverything() {
        assertThat(IrcFormat.parse(B + I + C + "04x" + O + "y").nodes()).containsExactly(
                styled(Style.Colour.of(RED), styled(Basic.BOLD, styled(Basic.ITALIC, new Text("x")))),
                new Text("y"));
    }

    @Test
    void coloursUseTheMircPalette() {
        assertThat(IrcFormat.parse(C + "4red" + C + " " + C + "04,02on navy" + C + "plain").nodes()).containsExactly(
                styled(Style.Colour.of(RED), new Text("red")), new Text(" "),
                styled(new Style.Colour(Optional.of(RED), Optional.of(NAVY)), new Text("on navy")),
                new Text("plain"));
        assertThat(IrcFormat.parse(C + "52x").nodes()).containsExactly(styled(Style.Colour.of(RED), new Text("x")));
        assertThat(IrcFormat.parse(C + "88x").nodes())
                .containsExactly(styled(Style.Colour.of(new Rgb(0)), new Text("x")));
    }

    @Test
    void aColourTakesAtMostTwoDigitsAndACommaOnlyBeforeADigit() {
        assertThat(IrcFormat.parse(C + "045 apples").nodes())
                .containsExactly(styled(Style.Colour.of(RED), new Text("5 apples")));
        assertThat(IrcFormat.parse(C + "4, yes").nodes())
                .containsExactly(styled(Style.Colour.of(RED), new Text(", yes")));
    }

    @Test
    void backgroundStaysWhenOnlyTheForegroundChanges() {
        assertThat(IrcFormat.parse(C + "04,02a" + C + "00b").nodes()).containsExactly(
                styled(new Style.Colour(Optional.of(RED), Optional.of(NAVY)), new Text("a")),
                styled(new Style.Colour(Optional.of(new Rgb(0xFFFFFF)), Optional.of(NAVY)), new Text("b")));
    }

    @Test
    void ninetyNineMeansTheDefaultColour() {
        assertThat(IrcFormat.parse(C + "04,02a" + C + "99,99b").nodes()).containsExactly(
                styled(new Style.Colour(Optional.of(RED), Optional.of(NAVY)), new Text("a")), new Text("b"));
    }

    @Test
    void hexColoursAreRead() {
        assertThat(IrcFormat.parse("\u0004FF8800orange\u0004 \u0004112233,445566x").nodes()).containsExactly(
                styled(Style.Colour.of(new Rgb(0xFF8800)), new Text("orange")), new Text(" "),
                styled(new Style.Colour(Optional.of(new Rgb(0x112233)), Optional.of(new Rgb(0x445566))),
                        new Text("x")));
    }

    @Test
    void sameColourOnSameBackgroundIsASpoiler() {
        assertThat(IrcFormat.parse("the end: " + C + "01,01he dies").nodes())
                .containsExactly(new Text("the end: "), styled(Style.Spoiler.of(), new Text("he dies")));
    }

    @Test
    void reverseAndOtherControlCharactersAreDropped() {
        assertThat(IrcFormat.parse("\u0016rev\u0016 \u0001ACTION x\u0001 bell\u0007").nodes())
                .containsExactly(new Text("rev ACTION x bell"));
    }

    @Test
    void lineBreaksEndAllFormatting() {
        assertThat(IrcFormat.parse(B + "a\nb").nodes())
                .containsExactly(styled(Basic.BOLD, new Text("a")), new LineBreak(), new Text("b"));
    }

    @Test
    void ircTextNeverBecomesHtml() {
        FormattedText text = IrcFormat.parse(B + "<script>alert(1)</script>" + B + " <b>&amp;</b> <a href=x>y</a>");
        String html = MatrixHtml.render(text);
        assertThat(html).doesNotContain("<script", "<b>&", "<a href");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;&amp;amp;&lt;/b&gt;");
        assertThat(text.toPlainText()).isEqualTo("<script>alert(1)</script> <b>&amp;</b> <a href=x>y</a>");
    }

    @Test
    void stylesRenderAsCodes() {
        FormattedText text = FormattedText.of(styled(Basic.BOLD, new Text("bold ")),
                styled(Basic.ITALIC, new Text("italic")), new Text(" "), styled(Basic.MONOSPACE, new Text("code")),
                new Text(" "), styled(Basic.SUPERSCRIPT, new Text("sup")));
        assertThat(IrcFormat.render(text)).isEqualTo(B + "bold " + B + I + "italic" + I + " " + M + "code" + M + " sup");
    }

    @Test
    void nestedSameStyleDoesNotEndEarly() {
        FormattedText text = FormattedText.of(styled(Basic.BOLD, new Text("a"), styled(Basic.BOLD, new Text("b")),
                new Text("c")));
        assertThat(IrcFormat.render(text)).isEqualTo(B + "abc");
    }

    @Test
    void coloursRenderAsTwoDigitNumbersAndUnnumberedOnesAsTheNearestBasicColour() {
        assertThat(IrcFormat.render(FormattedText.of(styled(Style.Colour.of(RED), new Text("5 red")))))
                .isEqualTo(C + "045 red");
        assertThat(IrcFormat.render(FormattedText.of(styled(Style.Colour.of(new Rgb(0xF00010)), new Text("x")))))
                .isEqualTo(C + "04x");
        assertThat(IrcFormat.render(FormattedText.of(styled(
                new Style.Colour(Optional.empty(), Optional.of(NAVY)), new Text("x"))))).isEqualTo(C + "99,02x");
    }

    @Test
    void textAfterAColourThatLooksLikeItsArgumentIsSeparated() {
        FormattedText text = FormattedText.of(styled(Style.Colour.of(RED), new Text("a")), new Text("5"));
        assertThat(IrcFormat.render(text)).isEqualTo(C + "04a" + O + "5");
        assertThat(IrcFormat.parse(IrcFormat.render(text))).isEqualTo(text);
        FormattedText comma = FormattedText.of(styled(Style.Colour.of(RED), new Text(",5")));
        assertThat(IrcFormat.parse(IrcFormat.render(comma))).isEqualTo(comma);
    }

    @Test
    void spoilersAreBlackOnBlack() {
        assertThat(IrcFormat.render(FormattedText.of(styled(Style.Spoiler.of(), new Text("he dies")))))
                .isEqualTo(C + "01,01he dies");
    }

    @Test
    void eachLineCarriesItsOwnCodes() {
        FormattedText text = FormattedText.of(styled(Basic.BOLD, new Text("a"), new LineBreak(), new Text("b")));
        assertThat(IrcFormat.render(text)).isEqualTo(B + "a\n" + B + "b");
    }

    @Test
    void blocksBecomeLines() {
        FormattedText text = FormattedText.of(
                new Paragraph(List.of(new Text("intro"))),
                new Quote(List.of(new Text("quoted "), styled(Basic.BOLD, new Text("bold")))),
                new ListBlock(false, 1, List.of(List.of(new Text("one")), List.of(new Text("two")))),
                new CodeBlock(Optional.of("java"), "int x;\nx++;"),
                new Text("after"));
        assertThat(IrcFormat.render(text)).isEqualTo(String.join("\n", "intro", "> quoted " + B + "bold",
                "* one", "* two", M + "int x;", M + "x++;", "after"));
    }

    @Test
    void linksShowTheirTargetAndMentionsTheirName() {
        FormattedText text = FormattedText.of(new Link("https://a.example", List.of(new Text("docs"))), new Text(" "),
                new Link("https://b.example", List.of()), new Text(" "),
                new Mention(new MentionTarget.User(new UserId("@alice:localhost")), "Alice"));
        assertThat(IrcFormat.render(text)).isEqualTo("docs (https://a.example) https://b.example Alice");
    }

    @Test
    void matrixUsersCannotForgeFormattingOrCtcp() {
        FormattedText text = FormattedText.of(new Text("\u0001ACTION dances\u0001 " + B + "x" + C + "04y\0"));
        assertThat(IrcFormat.render(text)).isEqualTo("ACTION dances x04y");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "plain",
            "\u0002bold\u0002 plain",
            "\u0002bold \u001Dboth\u000F plain",
            "\u000304red\u0003 \u000304,02red on navy\u0003 plain",
            "\u0002\u000304bold red\u000F plain",
            "\u000301,01spoiler\u0003 x",
            "\u0011mono\u0011 and \u001Estruck",
            "\u001Funder\n\u0002next line",
            "\u000399,02navy background"})
    void canonicalIrcTextSurvivesARoundTrip(String irc) {
        assertThat(IrcFormat.render(IrcFormat.parse(irc))).isEqualTo(irc);
    }

    @Test
    void theModelSurvivesARoundTrip() {
        FormattedText text = FormattedText.of(
                new Text("a "),
                styled(Style.Colour.of(RED), styled(Basic.BOLD, new Text("b"), styled(Basic.UNDERLINE,
                        new Text("c")))),
                new Text(" "),
                styled(new Style.Colour(Optional.of(new Rgb(0x009300)), Optional.of(new Rgb(0xFFFF00))),
                        new Text("d")),
                new LineBreak(),
                styled(Basic.STRIKETHROUGH, new Text("e")),
                styled(Basic.MONOSPACE, new Text("f")),
                styled(Style.Spoiler.of(), new Text("g")));
        assertThat(IrcFormat.parse(IrcFormat.render(text))).isEqualTo(text);
    }

    private static Styled styled(Style style, Node... children) {
        return new Styled(style, List.of(children));
    }
}
