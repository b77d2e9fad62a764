package dev.mxbridge.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Remote and Matrix HTML as an attacker writes it: whatever goes in, what the core renders for Matrix holds only the
 * spec's allowed tags and attributes, no script and no script URL, and parsing never throws or hangs.
 */
class HostileHtmlTest {
    /** The spec's allowlist for {@code org.matrix.custom.html} (client-server API, m.room.message msgtypes). */
    private static final Set<String> TAGS = Set.of("font", "del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p",
            "a", "ul", "ol", "sup", "sub", "li", "b", "i", "u", "strong", "em", "s", "strike", "code", "hr", "br", "div",
            "table", "thead", "tbody", "tr", "th", "td", "caption", "pre", "span", "img", "details", "summary", "mx-reply");
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            "font", Set.of("data-mx-bg-color", "data-mx-color", "color"),
            "span", Set.of("data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths"),
            "a", Set.of("name", "target", "href"),
            "img", Set.of("width", "height", "alt", "title", "src"),
            "ol", Set.of("start"),
            "code", Set.of("class"),
            "div", Set.of("data-mx-maths"));
    private static final List<String> PIECES = List.of("<b>", "</b>", "<i>", "</i>", "<script>alert(1)</script>",
            "<style>*{}</style>", "<iframe src=\"https://evil\">", "<a href=\"javascript:alert(1)\">", "<a href=\"https://matrix.to/#/@u:x\">",
            "</a>", "<img src=\"http://evil/x.png\" onerror=\"alert(1)\">", "<img src=\"mxc://x/y\">", "<font color=\"red\" onmouseover=\"x\">",
            "</font>", "<span data-mx-spoiler=\"why\">", "</span>", "<div style=\"position:fixed\">", "</div>", "<svg><g onload=\"x\"/></svg>",
            "<math><mi xlink:href=\"javascript:x\"></mi></math>", "<table><tr><td>", "</td></tr></table>", "<pre><code class=\"language-js\">",
            "</code></pre>", "<ol start=\"-5\"><li>", "</li></ol>", "<blockquote>", "</blockquote>", "<mx-reply>quoted</mx-reply>",
            "<object data=\"x\">", "<embed src=\"x\">", "<form action=\"x\"><input value=\"x\"><button>", "<!-- comment -->",
            "<![CDATA[x]]>", "&lt;script&gt;", "&amp;", "&#0;", "&#x1F600;", "\u0000", "\r\n", "\"'`", "text", "ünïcödé ", "😀",
            "<a href=\"  JaVaScRiPt:alert(1)\">", "<a href=\"data:text/html,<script>x</script>\">", "<base href=\"x\">",
            "<meta http-equiv=\"refresh\">", "<details><summary>s</summary>d</details>", "<h1>", "</h1>", "<br>", "<hr>");

    @Provide
    Arbitrary<String> hostileHtml() {
        return Arbitraries.of(PIECES).list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Property(tries = 500)
    void whatIsRenderedForMatrixHoldsOnlyAllowedTagsAndAttributes(@ForAll("hostileHtml") String html) {
        String rendered = MatrixHtml.render(MatrixHtml.parse(html));
        for (Element e : Jsoup.parseBodyFragment(rendered).body().getAllElements()) {
            if (e.tagName().equals("body")) {
                continue;
            }
            assertThat(TAGS).as("tag in %s", rendered).contains(e.tagName());
            for (Attribute a : e.attributes()) {
                assertThat(ATTRIBUTES.getOrDefault(e.tagName(), Set.of())).as("attribute of %s in %s", e.tagName(), rendered)
                        .contains(a.getKey());
                assertThat(a.getValue().strip().toLowerCase(java.util.Locale.ROOT)).doesNotStartWith("javascript:")
                        .doesNotStartWith("data:");
            }
            if (e.tagName().equals("img")) {
                assertThat(e.attr("src")).as("images only from the media repository").startsWith("mxc://");
            }
        }
    }

    /**
     * HTML keeps neither runs of white space nor control characters (NUL above all): the words are compared, in
     * order. A form feed is white space to HTML (it separates words), so it counts as a space, not as a control.
     */
    @Property(tries = 500)
    void anyTextKeepsItsWordsThroughMatrixHtml(@ForAll String text) {
        net.jqwik.api.Assume.that(new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8).equals(text)); // no lone surrogates: not text
        FormattedText plain = FormattedText.plain(text);
        assertThat(words(MatrixHtml.parse(MatrixHtml.render(plain)).toPlainText())).isEqualTo(words(plain.toPlainText()));
    }

    private static String words(String text) {
        return text.replaceAll("[\\x00-\\x08\\x0B\\x0E-\\x1F\\x7F]", "")
                .replaceAll("(?U)\\s+", " ").strip(); // (?U): Unicode white space, the no-break space too
    }

    @Test
    void deeplyNestedHtmlIsParsedInBoundedTime() {
        String nested = "<b><i>".repeat(20_000) + "deep" + "</i></b>".repeat(20_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            String rendered = MatrixHtml.render(MatrixHtml.parse(nested));
            assertThat(rendered).contains("deep");
        });
    }

    @Test
    void tenMegabytesOfTextAreParsedInBoundedTime() {
        String big = "<p>" + "a&amp;<b>b</b> ".repeat(700_000) + "</p>";
        assertThat(big.length()).isGreaterThan(10_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> MatrixHtml.render(MatrixHtml.parse(big)));
    }
}
