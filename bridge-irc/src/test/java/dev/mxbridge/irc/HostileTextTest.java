package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MatrixHtml;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Matrix text as an attacker writes it, on its way to IRC: whatever it holds, no line sent carries CR, LF or NUL (no
 * second IRC command can be smuggled in), each fits the line budget, and IRC's formatting codes from the remote side
 * never throw.
 */
class HostileTextTest {
    private static final List<String> PIECES = List.of("\r\nQUIT :bye", "\n", "\r", "\u0000", "\u0001ACTION x\u0001",
            "<b>", "</b>", "<i>x</i>", "<code>", "<pre>a\nb</pre>", "<a href=\"https://x\">l</a>", "&#13;&#10;PRIVMSG #x :hi",
            "&#0;", "😀", "ünï", " ", "text", "<ol><li>a</li><li>b</li></ol>", "<blockquote>q\nq</blockquote>", "\u0003" + "4,5",
            "\u000f", "\u0002", "\u001d", "\u0016", "\u2028", "\u0085", "<br>", "<br/>", "<mx-reply>old</mx-reply>",
            "<span data-mx-spoiler>s</span>", "x".repeat(600));

    @Provide
    Arbitrary<String> hostileHtml() {
        return Arbitraries.of(PIECES).list().ofMaxSize(30).map(l -> String.join("", l));
    }

    @Property(tries = 1_000)
    void noLineToIrcCarriesALineBreakOrNulAndEachFitsTheBudget(@ForAll("hostileHtml") String html) {
        FormattedText text = MatrixHtml.parse(html);
        String irc = IrcFormat.render(text);
        int prefix = IrcLines.worstCasePrefixBytes("mxbridge-user");
        int budget = IrcLines.payloadBytes(IrcLines.Kind.PRIVMSG, "#channel", prefix);
        for (String line : IrcLines.split("#channel", irc, prefix)) {
            assertThat(line).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000");
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget);
        }
    }

    @Property(tries = 1_000)
    void anyIrcTextParsesAndRendersWithoutThrowing(@ForAll String irc) {
        FormattedText text = IrcFormat.parse(irc);
        assertThat(MatrixHtml.render(text)).isNotNull();
        assertThat(IrcFormat.render(text)).doesNotContain("\u0000");
    }
}
