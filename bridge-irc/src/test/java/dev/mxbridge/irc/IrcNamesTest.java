package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IrcNamesTest {
    @Test
    void nicksComeFromDisplayNamesWithoutWhatIrcForbids() {
        assertThat(IrcNames.nick("{displayname}[m]", "Alice M", "alice", 30)).isEqualTo("AliceM[m]");
        assertThat(IrcNames.nick("{displayname}[m]", "Eve\r\nQUIT :pwned", "eve", 30)).isEqualTo("EveQUITpwned[m]");
        assertThat(IrcNames.nick("{displayname}[m]", "ÉÉÉ", "bob", 30)).as("nothing left: the localpart").isEqualTo("bob[m]");
        assertThat(IrcNames.nick("{displayname}[m]", "1337", "x", 30)).isEqualTo("_1337[m]");
        assertThat(IrcNames.nick("{displayname}[m]", "averyveryverylongname", "x", 12)).isEqualTo("averyvery[m]");
        assertThat(IrcNames.nick("{localpart}|m", "Alice", "alice", 30)).isEqualTo("alice|m");
    }

    @Test
    void userNamesKeepLettersAndDigits() {
        assertThat(IrcNames.userName("AliceM[m]")).isEqualTo("alicemm");
        assertThat(IrcNames.userName("[]|")).isEqualTo("matrix");
        assertThat(IrcNames.userName("averyverylongnick")).hasSize(10);
    }

    @Test
    void channelsAreValidatedAndLowerCased() {
        assertThat(IrcNames.channel("#Matrix")).contains("#matrix");
        assertThat(IrcNames.channel("matrix")).isEmpty();
        assertThat(IrcNames.channel("#a b")).isEmpty();
        assertThat(IrcNames.channel("#a,#b")).isEmpty();
        assertThat(IrcNames.channel("#a\r\nJOIN #b")).isEmpty();
        assertThat(IrcNames.channel("#")).isEmpty();
    }

    @Test
    void foldingFollowsRfc1459() {
        assertThat(IrcNames.fold("Alice[M]")).isEqualTo(IrcNames.fold("alice{m}"));
    }
}
