package dev.mxbridge.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.Node.LineBreak;
import dev.mxbridge.core.format.Node.Link;
import dev.mxbridge.core.format.Node.Mention;
import dev.mxbridge.core.format.Node.Styled;
import dev.mxbridge.core.format.Node.Text;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A network converter written against the model the way a network module writes one: a small IRC-like syntax
 * (mIRC bold and colour codes, "nick: " to address someone) with mentions mapped by a {@link MentionResolver}.
 */
class NetworkConverterTest {

    private static final UserId ALICE = new UserId("@alice:example.org");

    /** Ghosts are {@code @irc_<nick>}; the Matrix user alice is {@code alice[m]} on IRC. */
    private static final MentionResolver<String> NICKS = new MentionResolver<>() {
        @Override
        public Optional<String> toRemote(UserId user) {
            if (user.localpart().startsWith("irc_")) {
                return Optional.of(user.localpart().substring(4));
            }
            return user.equals(ALICE) ? Optional.of("alice[m]") : Optional.empty();
        }

        @Override
        public Optional<UserId> toMatrix(String nick) {
            return nick.equals("alice[m]") ? Optional.of(ALICE) : Optional.of(UserId.of("irc_" + nick, "example.org"));
        }
    };

    private static String toIrc(List<Node> nodes) {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            switch (node) {
                case Text(String text) -> out.append(text);
                case LineBreak() -> out.append('\n');
                case Mention(MentionTarget.User(UserId user), String display) ->
                        out.append(NICKS.toRemote(user).orElse(display));
                case Link(String url, List<Node> children) -> out.append(toIrc(children)).append(" <").append(url)
                        .append('>');
                case Styled(Style style, List<Node> children) -> {
                    String code = switch (style) {
                        case Style.Basic.BOLD -> "\u0002";
                        case Style.Colour(var fg, var bg) -> "\u0003" + (fg.map(c -> c.red() > 128 ? "04" : "01")
                                .orElse("99"));
                        case Style.Basic other -> "";
                        case Style.Spoiler spoiler -> "";
                    };
                    out.append(code).append(toIrc(children)).append(code.isEmpty() ? "" : code.substring(0, 1));
                }
                default -> out.append(FormattedText.of(node).toPlainText());
            }
        }
        return out.toString();
    }

    private static FormattedText fromIrc(String line) {
        Matcher addressed = Pattern.compile("^([^\\s:]+): (.*)").matcher(line);
        if (addressed.matches()) {
            return FormattedText.of(NICKS.toMatrix(addressed.group(1))
                    .<Node>map(user -> new Mention(new MentionTarget.User(user), addressed.group(1)))
                    .orElse(new Text(addressed.group(1))), new Text(": " + addressed.group(2)));
        }
        return FormattedText.plain(line);
    }

    @Test
    void matrixPillsBecomeNicksInTheNetworksSyntax() {
        FormattedText text = MatrixHtml.fromContent(JsonMapper.builder().build().readTree("""
                {"body": "Bob: hi Alice", "format": "org.matrix.custom.html",
                 "formatted_body": "<a href=\\"https://matrix.to/#/@irc_bob:example.org\\">Bob (IRC)</a>: <b>hi</b> \
                <a href=\\"https://matrix.to/#/@alice:example.org\\">Alice</a> \
                <span data-mx-color=\\"#ff0000\\">red</span>"}"""));

        assertThat(toIrc(text.nodes())).isEqualTo("bob: \u0002hi\u0002 alice[m] \u000304red\u0003");
    }

    @Test
    void remoteMentionsBecomePillsAndTheirTextIsEscaped() {
        FormattedText text = fromIrc("bob: <b>hello</b> & goodbye");

        assertThat(MatrixHtml.toContent(text).toString()).isEqualTo("""
                {"body":"bob: <b>hello</b> & goodbye","format":"org.matrix.custom.html",\
                "formatted_body":"<a href=\\"https://matrix.to/#/@irc_bob:example.org\\">bob</a>: \
                &lt;b&gt;hello&lt;/b&gt; &amp; goodbye",\
                "m.mentions":{"user_ids":["@irc_bob:example.org"]}}""");
    }
}
