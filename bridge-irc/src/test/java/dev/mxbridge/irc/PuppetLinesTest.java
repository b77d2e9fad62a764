package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PuppetLinesTest {
    private static final String NICK = "alice[m]";

    @ParameterizedTest
    @ValueSource(strings = {
        "PING :irc.example",
        "ERROR :Closing connection",
        ":alice[m]!~alice@host JOIN #c",
        ":ALICE{m}!~alice@host PART #c :bye",
        ":alice[m]!~alice@host NICK :alice2",
        ":alice[m]!~alice@host QUIT :gone",
        ":op!~op@host KICK #c alice[m] :out",
        ":op!~op@host KICK #c Alice{M} :out",
        ":op!~op@host KICK #c :alice[m]",
        ":bob!~bob@host PRIVMSG alice[m] :\u0001VERSION\u0001",
        "@time=2026-01-01T00:00:00Z :alice[m]!~alice@host JOIN #c"})
    void linesAboutThePuppetItselfGoToPircBotX(String line) {
        assertThat(PuppetLines.concernsSelf(line, NICK)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ":irc.example 353 alice[m] = #c :alice[m] @op bob carol",
        ":irc.example 366 alice[m] #c :End of NAMES list",
        ":irc.example 352 alice[m] #c ~bob host irc.example bob H :0 Bob",
        ":irc.example 332 alice[m] #c :the topic",
        ":bob!~bob@host JOIN #c",
        ":bob!~bob@host PART #c",
        ":bob!~bob@host QUIT :gone",
        ":bob!~bob@host NICK :bobby",
        ":bob!~bob@host PRIVMSG #c :hello",
        ":bob!~bob@host PRIVMSG alice[m] :hi in private",
        ":bob!~bob@host NOTICE #c :notice",
        ":op!~op@host KICK #c bob :out",
        ":op!~op@host MODE #c +o alice[m]",
        ":op!~op@host TOPIC #c :new topic",
        ":alice[m]x!~a@host JOIN #c",
        ":bob!~bob@host PRIVMSG alice[m] :\u0001VERSION\u0001 and more",
        ":bob!~bob@host PRIVMSG #c :\u0001VERSION\u0001",
        ":irc.example NOTICE * :*** Looking up your hostname"})
    void linesAboutOthersDoNot(String line) {
        assertThat(PuppetLines.concernsSelf(line, NICK)).isFalse();
    }
}
