package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.irc.IrcLines.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IrcLinesTest {
    // ":alice!~alice@127.0.0.1 " as ngIRCd shows a loopback client
    private static final int PREFIX = IrcLines.sourcePrefixBytes("alice", "~alice", "127.0.0.1");

    @Test
    void thePrefixCountsColonNickUserHostAndSpace() {
        assertThat(PREFIX).isEqualTo(24);
        assertThat(IrcLines.worstCasePrefixBytes("alice")).isEqualTo(5 + 11 + 63 + 4);
    }

    @Test
    void shortTextIsOneMessage() {
        assertThat(IrcLines.split("#c", "hello", PREFIX)).containsExactly("hello");
    }

    @Test
    void theBudgetIsWhatRemainsOf512() {
        // 512 - CRLF - prefix - "PRIVMSG #c :"
        assertThat(IrcLines.payloadBytes(Kind.PRIVMSG, "#c", PREFIX)).isEqualTo(512 - 2 - 24 - 12);
        assertThat(IrcLines.payloadBytes(Kind.NOTICE, "#c", PREFIX)).isEqualTo(512 - 2 - 24 - 11);
        assertThat(IrcLines.payloadBytes(Kind.ACTION, "#c", PREFIX)).isEqualTo(512 - 2 - 24 - 12 - 9);
    }

    @Test
    void textThatFillsTheBudgetExactlyIsOneMessageAndOneByteMoreIsTwo() {
        int budget = IrcLines.payloadBytes(Kind.PRIVMSG, "#c", PREFIX);
        assertThat(IrcLines.split("#c", "x".repeat(budget), PREFIX)).hasSize(1);
        assertThat(IrcLines.split("#c", "x".repeat(budget + 1), PREFIX)).hasSize(2);
    }

    @Test
    void multiByteTextIsCountedInBytesAndNeverCutInsideACharacter() {
        String text = "é".repeat(400);
        List<String> parts = IrcLines.split("#c", text, PREFIX);
        assertThat(parts).hasSize(2);
        assertThat(String.join("", parts)).isEqualTo(text);
        assertFits(Kind.PRIVMSG, "#c", parts);
    }

    @Test
    void graphemeClustersStayTogether() {
        String thumb = "👍🏽"; // thumbs up with a skin tone: two code points, one character
        String accented = "e\u0301"; // e and a combining acute accent
        String text = (thumb + accented).repeat(100);
        List<String> parts = IrcLines.split("#c", text, PREFIX);
        assertThat(parts).hasSizeGreaterThan(1);
        for (String part : parts) {
            assertThat(part).startsWith(thumb).matches("(" + thumb + accented + ")*(" + thumb + ")?");
        }
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void wordsAreNotCutAndTheSpaceAtTheCutIsDropped() {
        String text = "lorem ipsum dolor sit amet ".repeat(40).strip();
        List<String> parts = IrcLines.split("#c", text, PREFIX);
        assertThat(parts).hasSizeGreaterThan(1);
        for (String part : parts) {
            assertThat(part).doesNotStartWith(" ").doesNotEndWith(" ").matches("(\\w+ )*\\w+");
        }
        assertThat(String.join(" ", parts)).isEqualTo(text);
        assertFits(Kind.PRIVMSG, "#c", parts);
    }

    @Test
    void aWordLongerThanALineIsCutWhereItMust() {
        String url = "https://example.org/" + "a".repeat(1000);
        List<String> parts = IrcLines.split("#c", "see " + url, PREFIX);
        assertThat(parts.getFirst()).isEqualTo("see");
        assertThat(String.join("", parts.subList(1, parts.size()))).isEqualTo(url);
        assertFits(Kind.PRIVMSG, "#c", parts);
    }

    @Test
    void formattingContinuesOnTheNextPart() {
        String text = "\u0002" + "\u000304,02" + "bold red on blue ".repeat(60);
        List<String> parts = IrcLines.split("#c", text, PREFIX);
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts.getFirst()).startsWith("\u0002\u000304,02");
        for (String part : parts.subList(1, parts.size())) {
            assertThat(part).startsWith("\u0002\u000304,02").doesNotStartWith("\u0002\u000304,02 ");
        }
        assertFits(Kind.PRIVMSG, "#c", parts);
    }

    @Test
    void formattingCodesAreNeverCut() {
        String text = ("x\u000312,04y ").repeat(200);
        for (String part : IrcLines.split("#c", text, PREFIX)) {
            assertThat(part).doesNotEndWith("\u0003").doesNotEndWith("\u00031").doesNotEndWith("\u000312,");
            assertThat(part.replaceAll("\u0003\\d\\d,\\d\\d", "")).doesNotContain("\u0003");
        }
    }

    @Test
    void lineBreaksStartNewMessagesAndEmptyLinesAreDropped() {
        assertThat(IrcLines.split("#c", "one\r\ntwo\n\nthree\r", PREFIX)).containsExactly("one", "two", "three");
    }

    @Test
    void nulAndCtcpDelimitersAreDropped() {
        assertThat(IrcLines.split("#c", "\u0001ACTION x\u0001 a\0b", PREFIX)).containsExactly("ACTION x ab");
    }

    @Test
    void linesWithOnlyFormattingCodesAreNotSent() {
        assertThat(IrcLines.split("#c", "\u0002\u0003\u000F", PREFIX)).isEmpty();
        assertThat(IrcLines.split("#c", "", PREFIX)).isEmpty();
    }

    @Test
    void aTargetMustBeOneParameterAndLeaveRoom() {
        assertThatThrownBy(() -> IrcLines.split("#c\r\nJOIN #evil", "x", PREFIX))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcLines.split("#" + "c".repeat(460), "x", PREFIX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves only");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void randomTextAlwaysFitsAndLosesNothingButTheCutSpaces(Kind kind) {
        Random random = new Random(42);
        String[] pieces = {"a", "b", " ", "é", "€", "😀", "👍🏽", "e\u0301", "\u0002", "\u000304", "\u000312,01",
                "\u0003", "\u000F", "\u0004FF8800", "1", ","};
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(1500);
            while (text.length() < length) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String target = random.nextBoolean() ? "#chan" : "somebody";
            List<String> parts = IrcLines.split(kind, target, text.toString(), PREFIX);
            assertFits(kind, target, parts);
            String visible = withoutCodes(text.toString()).replace(" ", "");
            String sent = String.join("", parts.stream().map(IrcLinesTest::withoutCodes).toList())
                    .replace(" ", "");
            assertThat(sent).isEqualTo(visible);
        }
    }

    private static String withoutCodes(String irc) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < irc.length(); ) {
            int code = IrcStyle.codeLength(irc, i);
            if (code > 0) {
                i += code;
            } else {
                out.append(irc.charAt(i++));
            }
        }
        return out.toString();
    }

    private static void assertFits(Kind kind, String target, List<String> parts) {
        for (String part : parts) {
            int line = PREFIX + (kind.line(target, part) + "\r\n").getBytes(StandardCharsets.UTF_8).length;
            assertThat(line).as("relayed line of %s", part).isLessThanOrEqualTo(512);
            assertThat(part).doesNotContain("\r", "\n", "\0");
        }
    }
}
