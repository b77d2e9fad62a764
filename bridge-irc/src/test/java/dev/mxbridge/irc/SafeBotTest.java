package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SafeBotTest {
    @Test
    void aLineEndsAtItsFirstLineBreakOrNul() {
        assertThat(SafeBot.guard("PRIVMSG #c :hi\r\nJOIN #evil")).isEqualTo("PRIVMSG #c :hi");
        assertThat(SafeBot.guard("PRIVMSG #c :hi\nQUIT :pwned")).isEqualTo("PRIVMSG #c :hi");
        assertThat(SafeBot.guard("PRIVMSG #c :hi\rQUIT")).isEqualTo("PRIVMSG #c :hi");
        assertThat(SafeBot.guard("PRIVMSG #c :hi\0QUIT")).isEqualTo("PRIVMSG #c :hi");
        assertThat(SafeBot.guard("JOIN #c")).isEqualTo("JOIN #c");
    }

    @Test
    void aLineIsCutTo510BytesWithoutSplittingACharacter() {
        String line = "PRIVMSG #c :" + "é".repeat(300);
        String cut = SafeBot.guard(line);
        byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(510).isGreaterThanOrEqualTo(509);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(cut).endsWith("é");
    }

    @Test
    void surrogatePairsStayWholeAtTheCut() {
        String line = "PRIVMSG #c :" + "😀".repeat(200);
        String cut = SafeBot.guard(line);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(510);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
        assertThat(cut).endsWith("😀");
    }

    @Test
    void tagsDoNotCountAgainstThe510BytesButAreDroppedBeyondTheirOwnLimit() {
        String text = "PRIVMSG #c :" + "a".repeat(600);
        String tagged = SafeBot.guard("@+draft/reply=abc " + text);
        assertThat(tagged).startsWith("@+draft/reply=abc PRIVMSG #c :");
        assertThat(tagged.substring("@+draft/reply=abc ".length()).getBytes(StandardCharsets.UTF_8)).hasSize(510);
        assertThat(SafeBot.guard("@" + "x".repeat(5000) + " PRIVMSG #c :hi")).isEqualTo("PRIVMSG #c :hi");
        assertThat(SafeBot.guard("@+draft/reply=a\r\nQUIT :pwned PRIVMSG #c :hi")).isEmpty();
    }

    @Test
    void tagValuesAreEscapedSoThatNoneEndsTheTagsOrTheLine() {
        String escaped = IrcLine.escape("a;b c\\d\r\ne\0");
        assertThat(escaped).isEqualTo("a\\:b\\sc\\\\d\\r\\ne").doesNotContain(" ", ";", "\r", "\n", "\0");
        assertThat(IrcLine.unescape(escaped)).isEqualTo("a;b c\\d\r\ne");
    }
}
