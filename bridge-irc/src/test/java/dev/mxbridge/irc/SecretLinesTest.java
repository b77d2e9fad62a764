package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which outgoing lines PircBotX must not log. */
class SecretLinesTest {
    @Test
    void passwordLinesAreSecretOthersAreNot() {
        assertThat(SecretLines.isSecret("PASS hunter2")).isTrue();
        assertThat(SecretLines.isSecret("AUTHENTICATE YWxpY2UAYWxpY2UAaHVudGVyMg==")).isTrue();
        assertThat(SecretLines.isSecret("PRIVMSG NickServ :IDENTIFY hunter2")).isTrue();
        assertThat(SecretLines.isSecret("privmsg nickserv :identify hunter2")).isTrue();
        assertThat(SecretLines.isSecret("AUTHENTICATE PLAIN")).isFalse();
        assertThat(SecretLines.isSecret("PRIVMSG #c :IDENTIFY is a word")).isFalse();
        assertThat(SecretLines.isSecret("NICK alice")).isFalse();
    }
}
