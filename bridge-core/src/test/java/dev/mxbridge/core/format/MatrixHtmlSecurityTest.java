package dev.mxbridge.core.format;

import static dev.mxbridge.core.format.Style.Basic.BOLD;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.Node.CodeBlock;
import dev.mxbridge.core.format.Node.Heading;
import dev.mxbridge.core.format.Node.Image;
import dev.mxbridge.core.format.Node.Link;
import dev.mxbridge.core.format.Node.Mention;
import dev.mxbridge.core.format.Node.Paragraph;
import dev.mxbridge.core.format.Node.Styled;
import dev.mxbridge.core.format.Node.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTML from Matrix is hostile until cleaned, and text from remote networks is never markup. Every test here names
 * an attack and shows that it does not get through.
 */
class MatrixHtmlSecurityTest {

    /** The spec's table of permitted tags and attributes (v1.18), written out independently of the code. */
    private static final Map<String, Set<String>> SPEC = Map.ofEntries(
            entry("del", Set.of()), entry("h1", Set.of()), entry("h2", Set.of()), entry("h3", Set.of()),
            entry("h4", Set.of()), entry("h5", Set.of()), entry("h6", Set.of()), entry("blockquote", Set.of()),
            entry("p", Set.of()), entry("a", Set.of("target", "href")), entry("ul", Set.of()),
            entry("ol", Set.of("start")), entry("sup", Set.of()), entry("sub", Set.of()), entry("li", Set.of()),
            entry("b", Set.of()), entry("i", Set.of()), entry("u", Set.of()), entry("strong", Set.of()),
            entry("em", Set.of()), entry("s", Set.of()), entry("code", Set.of("class")), entry("hr", Set.of()),
            entry("br", Set.of()), entry("div", Set.of("data-mx-maths")), entry("table", Set.of()),
            entry("thead", Set.of()), entry("tbody", Set.of()), entry("tr", Set.of()), entry("th", Set.of()),
            entry("td", Set.of()), entry("caption", Set.of()), entry("pre", Set.of()),
            entry("span", Set.of("data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths")),
            entry("img", Set.of("width", "height", "alt", "title", "src")), entry("details", Set.of()),
            entry("summary", Set.of()));

    private static final List<String> HOSTILE = List.of(
            "<script>alert('PWNED')</script>ok",
            "<SCRIPT type=module>alert('PWNED')</SCRIPT>ok",
            "<div><script src=\"PWNED\"></script></div>ok",
            "<style>body { background: url(PWNED) }</style>ok",
            "<svg><script>PWNED</script><style>PWNED</style></svg>ok",
            "<math><mi><style>PWNED</style></mi></math>ok",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">PWNED</p></noscript>ok",
            "<template><b>PWNED</b></template>ok",
            "<iframe srcdoc=\"<script>PWNED</script>\">PWNED</iframe>ok",
            "<title>PWNED</title>ok",
            "<mx-reply><blockquote>PWNED</blockquote></mx-reply>ok",
            "<b onclick=\"PWNED()\" onmouseover=PWNED style=\"PWNED\" class=PWNED id=PWNED>ok</b>",
            "<a href=\"javascript:PWNED()\">ok</a>",
            "<a href=\"JaVaScRiPt:PWNED()\">ok</a>",
            "<a href=\" javascript:PWNED()\">ok</a>",
            "<a href=\"java&#x09;script:PWNED()\">ok</a>",
            "<a href=\"data:text/html;base64,PWNED\">ok</a>",
            "<a href=\"vbscript:PWNED\">ok</a>",
            "<img src=\"https://evil.example/PWNED.png\">ok",
            "<img src=x onerror=\"PWNED()\">ok",
            "<img src=\"data:image/svg+xml;base64,PWNED\">ok",
            "<span style=\"background:url(PWNED)\" data-mx-color=\"PWNED\">ok</span>",
            "<font color=\"expression(PWNED)\" face=PWNED size=PWNED>ok</font>",
            "<code class=\"PWNED language-&quot;PWNED\">ok</code>",
            "<form action=PWNED><input value=PWNED><button formaction=PWNED>ok</button></form>",
            "<object data=PWNED><embed src=PWNED></object>ok",
            "<meta http-equiv=refresh content=\"0;url=PWNED\"><link rel=stylesheet href=PWNED>ok",
            "<!-- PWNED -->ok<![CDATA[PWNED]]>");

    static List<String> hostile() {
        return HOSTILE;
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileHtmlLeavesOnlyItsVisibleText(String html) {
        FormattedText text = MatrixHtml.parse(html);

        assertThat(text.toPlainText()).isEqualTo("ok");
        assertThat(MatrixHtml.render(text)).doesNotContainIgnoringCase("pwned");
        assertThat(MatrixHtml.toContent(text).toString()).doesNotContainIgnoringCase("pwned");
    }

    @Test
    void eventHandlersAndStylesVanishFromAllowedTags() {
        FormattedText text = MatrixHtml.parse("<b onclick=\"alert(1)\" style=\"color:red\">bold</b>");

        assertThat(text.nodes()).containsExactly(new Styled(BOLD, List.of(new Text("bold"))));
        assertThat(MatrixHtml.render(text)).isEqualTo("<strong>bold</strong>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html,<script>x</script>", "vbscript:x",
            "file:///etc/passwd", "/relative", "//evil.example/x", "matrix:roomid/r:x/e/$e"})
    void linksWithForbiddenTargetsKeepTheirTextButNotTheLink(String href) {
        FormattedText text = MatrixHtml.parse("<a href=\"" + href.replace("\"", "&quot;") + "\">click</a>");

        assertThat(text.nodes()).containsExactly(new Text("click"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.org/x", "http://example.org", "ftp://example.org/f",
            "mailto:a@example.org", "magnet:?xt=urn:btih:abc"})
    void linksWithPermittedSchemesStay(String href) {
        assertThat(MatrixHtml.parse("<a href=\"" + href + "\">t</a>").nodes())
                .containsExactly(new Link(href, List.of(new Text("t"))));
    }

    @Test
    void imagesComeOnlyFromTheMediaRepository() {
        assertThat(MatrixHtml.parse("<img src=\"https://tracker.example/pixel.png\" alt=\"a cat\">").nodes())
                .containsExactly(new Text("a cat"));
        assertThat(MatrixHtml.parse("<img src=\"mxc://example.org/cat\" alt=\"a cat\" onload=\"x()\">").nodes())
                .containsExactly(new Image(MxcUri.parse("mxc://example.org/cat"), "a cat", OptionalInt.empty(),
                        OptionalInt.empty()));
    }

    @Test
    void codeKeepsOnlyALanguageClass() {
        assertThat(MatrixHtml.parse("<pre><code class=\"x language-rust y\">fn</code></pre>").nodes())
                .containsExactly(new CodeBlock(Optional.of("rust"), "fn"));
        assertThat(MatrixHtml.parse("<pre><code class=\"language-a&quot;b\">fn</code></pre>").nodes())
                .containsExactly(new CodeBlock(Optional.empty(), "fn"));
    }

    @Test
    void remoteTextIsEscapedNeverInjected() {
        FormattedText text = FormattedText.of(
                new Text("<script>alert(1)</script> & 'x' \"y\""),
                new Mention(new MentionTarget.User(new UserId("@eve:example.org")), "<img src=x onerror=alert(1)>"),
                new Link("https://example.org/\"onmouseover=\"alert(1)", List.of(new Text("</a><script>"))),
                new Image(MxcUri.parse("mxc://example.org/e"), "\"><script>alert(1)</script>", OptionalInt.empty(),
                        OptionalInt.empty()),
                new Styled(new Style.Spoiler(Optional.of("\" onclick=\"alert(1)")), List.of(new Text("s"))),
                new Heading(1, List.of(new Text("<h1>"))),
                new CodeBlock(Optional.of("js\"><script>"), "</code></pre><script>alert(1)</script>"));

        String html = MatrixHtml.render(text);

        assertThat(html).startsWith("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39; &quot;y&quot;"
                + "<a href=\"https://matrix.to/#/@eve:example.org\">&lt;img src=x onerror=alert(1)&gt;</a>"
                + "<a href=\"https://example.org/&quot;onmouseover=&quot;alert(1)\">&lt;/a&gt;&lt;script&gt;</a>");
        assertThat(html).endsWith("<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
                + "</code></pre>");
        assertWithinSpec(html);
        assertThat(Jsoup.parseBodyFragment(html).select("script, [onerror], [onclick], [onmouseover]")).isEmpty();
        assertThat(MatrixHtml.parse(html).toPlainText()).isEqualTo(text.toPlainText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JAVASCRIPT:alert(1)", " https://example.org",
            "data:text/html,x", "//evil.example", "matrix:u/a:b"})
    void remoteLinksWithForbiddenTargetsAreShownNotLinked(String url) {
        String withText = MatrixHtml.render(FormattedText.of(new Link(url, List.of(new Text("click")))));
        String bare = MatrixHtml.render(FormattedText.of(new Link(url, List.of())));

        assertThat(withText).isEqualTo("click");
        assertThat(bare).doesNotContain("<a");
        assertThat(Jsoup.parseBodyFragment(bare).text()).isEqualTo(url.strip());
    }

    @Test
    void renderedHtmlStaysWithinTheSpecAllowlist() {
        for (String hostile : HOSTILE) {
            assertWithinSpec(MatrixHtml.render(MatrixHtml.parse(hostile)));
        }
        assertWithinSpec(MatrixHtml.render(MatrixHtml.parse("<font data-mx-color=\"#ff0000\">legacy</font>"
                + "<table><tr><td>x</td></tr></table><details><summary>s</summary>d</details>")));
    }

    @Test
    void absurdNestingIsFlattenedRatherThanOverflowingTheStack() {
        String deep = "<b><i>".repeat(20_000) + "deep" + "</i></b>".repeat(20_000);
        String quotes = "<blockquote>".repeat(20_000) + "q";

        assertThat(MatrixHtml.parse(deep).toPlainText()).isEqualTo("deep");
        assertThat(MatrixHtml.parse(quotes).toPlainText()).endsWith("q");
        assertThat(depth(MatrixHtml.parse(deep).nodes())).isLessThanOrEqualTo(101);
    }

    private static int depth(List<Node> nodes) {
        int max = 0;
        for (Node node : nodes) {
            List<Node> children = switch (node) {
                case Styled s -> s.children();
                case Paragraph p -> p.children();
                case Node.Quote q -> q.children();
                default -> List.of();
            };
            max = Math.max(max, 1 + depth(children));
        }
        return max;
    }

    private static void assertWithinSpec(String html) {
        List<String> violations = new ArrayList<>();
        for (Element e : Jsoup.parseBodyFragment(html).body().select("*")) {
            if (e.tagName().equals("body")) {
                continue;
            }
            Set<String> allowed = SPEC.get(e.tagName());
            if (allowed == null) {
                violations.add("tag " + e.tagName());
                continue;
            }
            for (Attribute attribute : e.attributes()) {
                if (!allowed.contains(attribute.getKey())) {
                    violations.add(e.tagName() + " " + attribute.getKey());
                }
            }
            if (e.tagName().equals("a") && !e.attr("href").matches("(?i)(https?|ftp|mailto|magnet):.*")) {
                violations.add("href " + e.attr("href"));
            }
            if (e.tagName().equals("img") && !e.attr("src").startsWith("mxc://")) {
                violations.add("src " + e.attr("src"));
            }
            if (e.tagName().equals("code") && e.hasAttr("class") && !e.attr("class").matches("language-\\S+")) {
                violations.add("class " + e.attr("class"));
            }
        }
        assertThat(violations).as(html).isEmpty();
    }
}
