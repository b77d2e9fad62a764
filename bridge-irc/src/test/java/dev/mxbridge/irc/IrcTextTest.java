package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IrcTextTest {
    @Test
    void lineBreaksBecomeOneSpaceAndNulDisappears() {
        assertThat(IrcText.clean("hi\r\nJOIN #evil")).isEqualTo("hi JOIN #evil");
        assertThat(IrcText.clean("a\n\n\rb\0c")).isEqualTo("a bc");
        assertThat(IrcText.clean("\nQUIT :pwned")).isEqualTo(" QUIT :pwned");
    }

    @Test
    void cleanTextIsReturnedAsItIs() {
        String text = "plain, \u0002bold\u0002 and é";
        assertThat(IrcText.clean(text)).isSameAs(text);
        assertThat(IrcText.isClean(text)).isTrue();
        assertThat(IrcText.isClean("a\rb")).isFalse();
        assertThat(IrcText.isClean("a\0b")).isFalse();
    }

    @Test
    void aWordIsOneParameter() {
        assertThat(IrcText.word("#chan")).isEqualTo("#chan");
        assertThat(IrcText.word("alice[m]")).isEqualTo("alice[m]");
    }

    @Test
    void valuesThatWouldAddParametersOrTargetsAreRefused() {
        assertThatThrownBy(() -> IrcText.word("#a,#evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcText.word("#a key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcText.word("#a\r\nJOIN #evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcText.word(":rest")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcText.word("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcText.word("\0")).isInstanceOf(IllegalArgumentException.class);
    }
}
